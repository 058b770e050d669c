package dev.msa.operator.reconciler;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.DataStoreStatus;
import dev.msa.operator.api.PlanOnly;
import dev.msa.operator.aws.AwsAccounts;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.operations.ReconcileMetrics;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reconciles a DataStore: its DynamoDB table, then a status rebuilt from what was observed (the
 * table, its parts' conditions, the Microservices bound to it), written only when it changed.
 * Deletion waits while a Microservice lists the DataStore, then follows {@code deletionPolicy}.
 */
@ControllerConfiguration(
    name = DataStoreReconciler.NAME,
    fieldManager = "msa-operator",
    finalizerName = MicroserviceReconciler.FINALIZER)
public class DataStoreReconciler implements Reconciler<DataStore>, Cleaner<DataStore> {
  public static final String NAME = "datastore";
  static final String IN_USE = "InUse";
  static final String DELETION_PROTECTED = "DeletionProtected";
  static final Duration RETRY_SOON = MicroserviceReconciler.RETRY_SOON;

  private final OperatorConfig config;
  private final AwsAccounts accounts;
  private final NamespaceSettings namespaces;
  private final Map<AwsAccounts.Account, DataStoreAws> awsByAccount = new ConcurrentHashMap<>();
  private final EventRecorder events;
  private final StatusUpdates<DataStore, DataStoreStatus> statusUpdates;
  private final AdaptiveResync resync;
  private final MicroserviceIndex microservices;
  private DataStoreUsers users;
  private NamespaceAccounts<DataStore> namespaceAccounts;
  private final WorkPriority workPriority;

  /** Triggers the reconcile of an object a turn was kept for ({@link WorkPriority}). */
  private final TurnWakeUps<DataStore> turns = new TurnWakeUps<>("datastore-turns");

  public DataStoreReconciler(
      OperatorConfig config,
      AwsAccounts accounts,
      NamespaceSettings namespaces,
      EventRecorder events,
      Clock clock,
      ReconcileMetrics metrics,
      AdaptiveResync resync,
      MicroserviceIndex microservices,
      WorkPriority workPriority) {
    this.config = config;
    this.accounts = accounts;
    this.namespaces = namespaces;
    this.resync = resync;
    this.microservices = microservices;
    this.events = events;
    this.workPriority = workPriority;
    this.statusUpdates =
        new StatusUpdates<>(DataStore::new, DataStoreStatus.class, events, metrics, clock);
  }

  @Override
  public List<EventSource<?, DataStore>> prepareEventSources(
      EventSourceContext<DataStore> context) {
    users = DataStoreUsers.create(context, microservices);
    namespaceAccounts = NamespaceAccounts.create(context, DataStore.class, config, accounts);
    return List.of(users.eventSource(), namespaceAccounts.eventSource(), turns);
  }

  @Override
  public UpdateControl<DataStore> reconcile(DataStore dataStore, Context<DataStore> context) {
    try (WorkPriority.Turn turn =
        workPriority.enter(dataStore, dataStore.getStatus(), turns.of(dataStore))) {
      if (!turn.granted()) {
        return UpdateControl.<DataStore>noUpdate().rescheduleAfter(turn.retryAfter());
      }
      return reconcileInTurn(dataStore, context);
    }
  }

  /** The reconcile, its AWS calls served in the order of {@link WorkPriority}. */
  private UpdateControl<DataStore> reconcileInTurn(
      DataStore dataStore, Context<DataStore> context) {
    if (!users.synced()) {
      return UpdateControl.<DataStore>noUpdate().rescheduleAfter(MicroserviceIndex.UNTIL_SYNCED);
    }
    NamespaceAccounts.Resolution account = namespaceAccounts.resolve(dataStore);
    if (account.refused().isPresent()) {
      NamespaceAccounts.Refused refused = account.refused().get();
      return statusUpdates.refused(dataStore, refused.reason(), refused.message());
    }
    DataStoreAws aws = aws(account.account().get());
    if (PlanOnly.isSet(dataStore)) {
      // The same steps with their writes held back (docs/plan.md).
      TableOutcome plan = aws.plan(dataStore);
      return statusUpdates.plan(
          dataStore,
          plan.changes.stream().map(Plans::of).toList(),
          plan.planBlockers(),
          plan.failures,
          plan.planRetrySoon());
    }
    statusUpdates.announceApplying(dataStore);
    // 1. The table: created, updated one step at a time, drift put back; a condition per part.
    TableOutcome outcome = aws.reconcile(dataStore);
    statusUpdates.announce(dataStore, outcome.changes, isUpdate(dataStore));
    statusUpdates.announceDrift(dataStore, outcome.drift);

    // 2. Status from what was observed, including who is bound to the table now.
    return resync.schedule(
        statusUpdates.update(dataStore, status(dataStore, outcome), outcome.retrySoon));
  }

  /**
   * Waits while a Microservice lists the DataStore; then keeps the table (Retain) or deletes it
   * (Delete), which itself waits while the spec keeps deletion protection on.
   */
  @Override
  public DeleteControl cleanup(DataStore dataStore, Context<DataStore> context) {
    try (WorkPriority.Turn turn =
        workPriority.enter(dataStore, dataStore.getStatus(), turns.of(dataStore))) {
      if (!turn.granted()) {
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(turn.retryAfter());
      }
      return cleanupInTurn(dataStore, context);
    }
  }

  private DeleteControl cleanupInTurn(DataStore dataStore, Context<DataStore> context) {
    if (!users.synced()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(MicroserviceIndex.UNTIL_SYNCED);
    }
    List<String> holders = users.of(dataStore);
    if (!holders.isEmpty()) {
      waitWith(
          dataStore,
          context,
          IN_USE,
          "deletion waits: Microservice(s) "
              + String.join(", ", holders)
              + " still list this DataStore in spec.dataStores; remove those references (or"
              + " those Microservices) first");
      return DeleteControl.noFinalizerRemoval();
    }
    NamespaceAccounts.Resolution account = namespaceAccounts.resolve(dataStore);
    if (account.refused().isPresent()) {
      return NamespaceAccounts.deleteWithoutAws(dataStore, account.refused().get(), events);
    }
    DataStoreAws aws = aws(account.account().get());
    if (PlanOnly.isSet(dataStore)) {
      return planDeletion(dataStore, context, aws);
    }
    statusUpdates.announceApplying(dataStore);
    try {
      DataStoreAws.Deletion deletion = aws.delete(dataStore);
      switch (deletion.kind()) {
        case PROTECTED -> {
          waitWith(
              dataStore,
              context,
              DELETION_PROTECTED,
              "deletion waits: deletionPolicy is Delete but "
                  + deletion.table()
                  + " has deletion protection on; set spec.dynamoDB.deletionProtection to false"
                  + " so the operator turns it off and deletes the table, or set deletionPolicy"
                  + " to Retain to keep it");
          return DeleteControl.noFinalizerRemoval();
        }
        case DELETED -> events.normal(dataStore, "Deleted", "deleted " + deletion.table());
        case RETAINED ->
            events.normal(
                dataStore,
                "Retained",
                deletion.table()
                    + " and its data are kept (deletionPolicy Retain); a DataStore of the same"
                    + " name in this namespace adopts it again");
        case NOT_OURS ->
            events.normal(
                dataStore, "Retained", deletion.table() + " is not this DataStore's: left alone");
        case GONE -> {
          // nothing to delete
        }
      }
      return DeleteControl.defaultDelete();
    } catch (RuntimeException e) {
      return statusUpdates.deletionFailed(dataStore, context, "the table", e);
    }
  }

  /** The table steps for an account: one set per account. */
  private DataStoreAws aws(AwsAccounts.Account account) {
    return awsByAccount.computeIfAbsent(
        account, a -> new DataStoreAws(config, a.adapters().tables(), namespaces::defaultTags));
  }

  /** Plan-only: what deleting would do to the table (nothing with Retain), held until applied. */
  private DeleteControl planDeletion(
      DataStore dataStore, Context<DataStore> context, DataStoreAws aws) {
    List<Change> planned = new ArrayList<>();
    try {
      aws.planDeletion(dataStore, planned);
    } catch (RuntimeException e) {
      return statusUpdates.deletionFailed(
          dataStore, context, "the table (plan-only: reading what to delete)", e);
    }
    return statusUpdates.holdDeletion(dataStore, context, planned.stream().map(Plans::of).toList());
  }

  @Override
  public ErrorStatusUpdateControl<DataStore> updateErrorStatus(
      DataStore dataStore, Context<DataStore> context, Exception e) {
    return statusUpdates.error(dataStore, e);
  }

  /**
   * What is done now is an update, not drift, after a spec change and in the later steps of an
   * update the last status showed in progress.
   */
  private static boolean isUpdate(DataStore dataStore) {
    return StatusUpdates.specChanged(dataStore)
        || dataStore.getStatus().getConditions().stream()
            .anyMatch(c -> DataStoreAws.IN_PROGRESS.contains(c.getReason()));
  }

  private DataStoreStatus status(DataStore dataStore, TableOutcome outcome) {
    List<Condition> conditions = new ArrayList<>();
    conditions.add(Conditions.ready(outcome.conditions));
    conditions.addAll(outcome.conditions);
    statusUpdates.drifted(dataStore, outcome.drift).ifPresent(conditions::add);
    DataStoreStatus status = new DataStoreStatus();
    status.setObservedGeneration(dataStore.getMetadata().getGeneration());
    status.setConditions(statusUpdates.conditions(dataStore, conditions));
    status.setTableName(outcome.tableName.orElse(null));
    status.setTableArn(outcome.tableArn.orElse(null));
    status.setStreamArn(outcome.streamArn.orElse(null));
    status.setBoundBy(users.of(dataStore));
    return status;
  }

  /** Deletion is waiting: Ready says why, boundBy says who holds it; the rest is kept. */
  private void waitWith(
      DataStore dataStore, Context<DataStore> context, String reason, String message) {
    DataStoreStatus status =
        statusUpdates.withReady(dataStore, Conditions.of(Conditions.READY, false, reason, message));
    status.setBoundBy(users.of(dataStore));
    statusUpdates.patchNow(dataStore, status, context);
  }
}
