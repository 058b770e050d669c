package dev.msa.operator.reconciler;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.DataStoreStatus;
import dev.msa.operator.api.DeletionPolicy;
import dev.msa.operator.aws.AwsException;
import dev.msa.operator.aws.DynamoDbTables;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.AwsNames;
import dev.msa.operator.model.AwsTags;
import dev.msa.operator.model.DesiredTable;
import dev.msa.operator.model.ObservedTable;
import dev.msa.operator.model.TableDefinition;
import dev.msa.operator.model.TablePlanner;
import dev.msa.operator.model.TablePlanner.TimeToLivePlan;
import dev.msa.operator.model.TableUpdate;
import dev.msa.operator.model.TableUpdate.CreateIndex;
import dev.msa.operator.model.TableUpdate.DeleteIndex;
import dev.msa.operator.model.TableUpdate.SetDeletionProtection;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The AWS side of a DataStore: its DynamoDB table. It reads what exists, creates what is missing
 * (tags passed at creation), brings the table to its spec one UpdateTable at a time (DynamoDB takes
 * one index change per call and none while the table or an index is busy), and sets time to live
 * and point-in-time recovery with their own calls. A table that is not this object's is never
 * touched, except that a table retained by an earlier DataStore of the same cluster, namespace and
 * name is adopted by re-tagging its {@code msa.dev/uid}.
 *
 * <p>Reads per steady-state reconcile: DescribeTable, DescribeTimeToLive and
 * DescribeContinuousBackups. A table recorded in status is known to be ours, so its tags are read
 * only when it is first found.
 */
final class DataStoreAws {
  static final String TABLE_READY = "TableReady";
  static final String INDEXES_READY = "IndexesReady";
  static final String TIME_TO_LIVE_READY = "TimeToLiveReady";
  static final String POINT_IN_TIME_RECOVERY_READY = "PointInTimeRecoveryReady";
  static final String UPDATING = "Updating";
  static final String CREATING = "Creating";

  /** Reasons of a part whose change is still being applied. */
  static final Set<String> IN_PROGRESS = Set.of(UPDATING, CREATING);

  static final String KEY_SCHEMA_MISMATCH = "KeySchemaMismatch";

  /**
   * Enough for every step on an endpoint where tables are ACTIVE at once; AWS stops at the first.
   */
  private static final int MAX_UPDATES_PER_RECONCILE = 25;

  private final OperatorConfig config;
  private final AwsNames names;
  private final DynamoDbTables dynamoDb;

  DataStoreAws(OperatorConfig config, DynamoDbTables dynamoDb) {
    this.config = config;
    this.names = new AwsNames(config.namePrefix());
    this.dynamoDb = dynamoDb;
  }

  String tableName(DataStore dataStore) {
    return names.table(dataStore.getMetadata().getNamespace(), dataStore.getMetadata().getName());
  }

  TableOutcome reconcile(DataStore dataStore) {
    TableOutcome outcome = new TableOutcome();
    String tableName = tableName(dataStore);
    String what = "DynamoDB table " + tableName;
    TableDefinition desired = DesiredTable.build(dataStore, tableName);
    try {
      ObservedTable table = ensureTable(dataStore, desired, outcome);
      outcome.tableName = Optional.of(tableName);
      outcome.tableArn = Optional.of(table.arn());
      outcome.streamArn = table.streamArn();
      Optional<String> mismatch = TablePlanner.keyMismatch(desired, table);
      if (mismatch.isPresent()) {
        outcome.conditions.add(
            Conditions.of(TABLE_READY, false, KEY_SCHEMA_MISMATCH, mismatch.get()));
        waitingForTable(outcome, "the table's keys do not match the spec");
        return outcome;
      }
      table = applyTableUpdates(desired, table, outcome);
      outcome.streamArn = table.streamArn();
      reportTable(desired, table, outcome);
      if (ObservedTable.ACTIVE.equals(table.status())) {
        reconcileTimeToLive(desired, outcome);
        reconcilePointInTimeRecovery(desired, outcome);
      } else {
        waitingForTable(outcome, "table " + tableName + " is " + table.status());
      }
    } catch (RuntimeException e) {
      outcome.retrySoon |= AwsPartFailure.retrySoon(e);
      outcome.conditions.removeIf(c -> TABLE_READY.equals(c.getType()));
      outcome.conditions.add(AwsPartFailure.of(TABLE_READY, what, e));
      waitingForTable(outcome, "the table is not ready");
      // Keep the last known names, so bound services keep theirs through a transient failure.
      recorded(dataStore)
          .ifPresent(
              s -> {
                outcome.tableName =
                    outcome.tableName.or(() -> Optional.ofNullable(s.getTableName()));
                outcome.tableArn = outcome.tableArn.or(() -> Optional.ofNullable(s.getTableArn()));
                outcome.streamArn =
                    outcome.streamArn.or(() -> Optional.ofNullable(s.getStreamArn()));
              });
    }
    return outcome;
  }

  /** The table, created if missing; one found by name must be ours or retained by our name. */
  private ObservedTable ensureTable(
      DataStore dataStore, TableDefinition desired, TableOutcome outcome) {
    String what = "DynamoDB table " + desired.name();
    boolean known =
        recorded(dataStore)
            .map(DataStoreStatus::getTableArn)
            .filter(arn -> arn.endsWith(":table/" + desired.name()))
            .isPresent();
    Optional<ObservedTable> found = dynamoDb.describe(desired.name());
    if (found.isEmpty()) {
      ObservedTable created = dynamoDb.create(desired, AwsTags.of(config.clusterName(), dataStore));
      outcome.created.add(what);
      if (known) {
        outcome.changes.add(what + " (deleted outside the operator)");
      }
      return created;
    }
    if (!known) {
      Map<String, String> tags = dynamoDb.tags(found.get().arn());
      if (!AwsTags.ownedBy(tags, dataStore)) {
        if (!retainedUnderTheSameName(tags, dataStore)) {
          throw new NameConflictException(what, AwsTags.describeOwner(tags));
        }
        // All the ownership tags, though only the uid differs: a TagResource the operator's IAM
        // policy allows carries the cluster tag (aws:RequestTag, docs/iam.md).
        dynamoDb.tag(found.get().arn(), AwsTags.of(config.clusterName(), dataStore));
        outcome.changes.add(
            what
                + " adopted: it was retained by an earlier DataStore of this name (uid "
                + tags.get(AwsTags.UID)
                + ")");
      }
    }
    return found.get();
  }

  /**
   * deletionPolicy Retain leaves the table tagged as it was, so the next DataStore of the same
   * cluster, namespace and name may take it over.
   */
  private boolean retainedUnderTheSameName(Map<String, String> tags, DataStore dataStore) {
    return config.clusterName().equals(tags.get(AwsTags.CLUSTER))
        && dataStore.getMetadata().getNamespace().equals(tags.get(AwsTags.NAMESPACE))
        && dataStore.getKind().equals(tags.get(AwsTags.KIND))
        && dataStore.getMetadata().getName().equals(tags.get(AwsTags.NAME));
  }

  /**
   * Makes the due UpdateTable calls while the table and its indexes are ACTIVE: on AWS that is
   * usually one call per reconcile, the rest follow as the table settles.
   */
  private ObservedTable applyTableUpdates(
      TableDefinition desired, ObservedTable table, TableOutcome outcome) {
    ObservedTable current = table;
    TableUpdate last = null;
    for (int i = 0; i < MAX_UPDATES_PER_RECONCILE && TablePlanner.busy(current).isEmpty(); i++) {
      List<TableUpdate> steps = TablePlanner.tableUpdates(desired, current);
      if (steps.isEmpty()) {
        break;
      }
      if (steps.get(0).equals(last)) {
        // The answer does not show the change yet: look again shortly rather than repeat it.
        outcome.retrySoon = true;
        break;
      }
      last = steps.get(0);
      current = dynamoDb.update(desired.name(), last);
      outcome.changes.add("DynamoDB table " + desired.name() + " " + last.describe());
    }
    return current;
  }

  /** TableReady and IndexesReady from what is left to do; progress is watched every few seconds. */
  private void reportTable(TableDefinition desired, ObservedTable table, TableOutcome outcome) {
    List<TableUpdate> remaining = TablePlanner.tableUpdates(desired, table);
    List<TableUpdate> tableSteps = remaining.stream().filter(s -> !isIndexStep(s)).toList();
    List<TableUpdate> indexSteps = remaining.stream().filter(DataStoreAws::isIndexStep).toList();
    Optional<String> busy = TablePlanner.busy(table);
    String name = table.name();
    if (!ObservedTable.ACTIVE.equals(table.status())) {
      outcome.retrySoon = true;
      String reason = "CREATING".equals(table.status()) ? CREATING : UPDATING;
      outcome.conditions.add(
          Conditions.of(TABLE_READY, false, reason, busy.get() + toGo(tableSteps)));
    } else if (!tableSteps.isEmpty()) {
      outcome.retrySoon = true;
      outcome.conditions.add(
          Conditions.of(
              TABLE_READY,
              false,
              UPDATING,
              "waiting for " + busy.orElse("table " + name) + toGo(tableSteps)));
    } else {
      outcome.conditions.add(Conditions.of(TABLE_READY, true, "Ready", "table " + name + " ready"));
    }

    boolean indexBusy =
        table.indexes().stream().anyMatch(i -> !ObservedTable.ACTIVE.equals(i.status()));
    if (!indexSteps.isEmpty() || indexBusy) {
      outcome.retrySoon = true;
      String progress =
          indexBusy
              ? busy.orElse("an index is busy") + (indexSteps.isEmpty() ? "" : "; then ")
              : "";
      outcome.conditions.add(
          Conditions.of(
              INDEXES_READY,
              false,
              UPDATING,
              progress
                  + (indexSteps.isEmpty()
                      ? ""
                      : indexSteps.size()
                          + " index change(s) to go, one at a time as DynamoDB requires: "
                          + describe(indexSteps))));
    } else if (desired.indexes().isEmpty()) {
      outcome.conditions.add(
          Conditions.of(
              INDEXES_READY,
              true,
              "NotRequested",
              "spec.dynamoDB.globalSecondaryIndexes is empty"));
    } else {
      outcome.conditions.add(
          Conditions.of(
              INDEXES_READY, true, "Ready", table.indexes().size() + " index(es) ACTIVE"));
    }
  }

  private void reconcileTimeToLive(TableDefinition desired, TableOutcome outcome) {
    String what = "DynamoDB table " + desired.name() + " time to live";
    try {
      TimeToLivePlan plan =
          TablePlanner.timeToLive(
              desired.timeToLiveAttribute(), dynamoDb.timeToLive(desired.name()));
      // Another attribute is a disable, then an enable: where DynamoDB allows both at once
      // (moto), both happen in this reconcile; on AWS the second waits for the first to settle.
      TimeToLivePlan last = null;
      for (int i = 0; i < 2 && plan.attribute().isPresent() && !plan.equals(last); i++) {
        dynamoDb.updateTimeToLive(desired.name(), plan.attribute().get(), plan.enable());
        outcome.changes.add("DynamoDB table " + desired.name() + " " + plan.describe());
        last = plan;
        plan =
            TablePlanner.timeToLive(
                desired.timeToLiveAttribute(), dynamoDb.timeToLive(desired.name()));
      }
      if (plan.isConverged()) {
        outcome.conditions.add(
            Conditions.of(
                TIME_TO_LIVE_READY,
                true,
                desired.timeToLiveAttribute().isPresent() ? "Ready" : "NotRequested",
                desired
                    .timeToLiveAttribute()
                    .map(a -> "time to live on attribute " + a)
                    .orElse("spec.dynamoDB.timeToLiveAttribute is not set")));
      } else {
        outcome.conditions.add(
            Conditions.of(
                TIME_TO_LIVE_READY,
                false,
                UPDATING,
                plan.waitingFor().orElse(plan.describe() + " is due")
                    + "; checked again at the next resync"));
      }
    } catch (AwsException e) {
      if (e.code().endsWith("ValidationException")) {
        outcome.conditions.add(
            Conditions.of(
                TIME_TO_LIVE_READY,
                false,
                e.code(),
                what
                    + ": "
                    + e.getMessage()
                    + "; AWS allows one time-to-live change per table per hour: retried at the"
                    + " next resync"));
      } else {
        outcome.retrySoon |= AwsPartFailure.retrySoon(e);
        outcome.conditions.add(AwsPartFailure.of(TIME_TO_LIVE_READY, what, e));
      }
    }
  }

  private void reconcilePointInTimeRecovery(TableDefinition desired, TableOutcome outcome) {
    String what = "DynamoDB table " + desired.name() + " point-in-time recovery";
    try {
      Optional<Boolean> change =
          TablePlanner.pointInTimeRecovery(
              desired.pointInTimeRecovery(), dynamoDb.pointInTimeRecovery(desired.name()));
      if (change.isPresent()) {
        dynamoDb.updatePointInTimeRecovery(desired.name(), change.get());
        outcome.changes.add(what + (change.get() ? " on" : " off"));
      }
      outcome.conditions.add(
          Conditions.of(
              POINT_IN_TIME_RECOVERY_READY,
              true,
              desired.pointInTimeRecovery() ? "Ready" : "NotRequested",
              "point-in-time recovery " + (desired.pointInTimeRecovery() ? "on" : "off")));
    } catch (RuntimeException e) {
      outcome.retrySoon |= AwsPartFailure.retrySoon(e);
      outcome.conditions.add(AwsPartFailure.of(POINT_IN_TIME_RECOVERY_READY, what, e));
    }
  }

  // --- deletion ----------------------------------------------------------------------------------

  /**
   * What deleting the DataStore does to its table: nothing with Retain, or with a table that is not
   * ours; DeleteTable with Delete, once deletion protection is off. Protection that the spec turns
   * off is turned off here first; protection the spec keeps on makes deletion wait.
   */
  Deletion delete(DataStore dataStore) {
    String tableName = tableName(dataStore);
    String what = "DynamoDB table " + tableName;
    if (dataStore.getSpec().getDeletionPolicy() != DeletionPolicy.Delete) {
      return new Deletion(Deletion.Kind.RETAINED, what);
    }
    Optional<ObservedTable> found = dynamoDb.describe(tableName);
    if (found.isEmpty()) {
      return new Deletion(Deletion.Kind.GONE, what);
    }
    if (!AwsTags.ownedBy(dynamoDb.tags(found.get().arn()), dataStore)) {
      return new Deletion(Deletion.Kind.NOT_OURS, what);
    }
    if (found.get().deletionProtection()) {
      if (DesiredTable.build(dataStore, tableName).deletionProtection()) {
        return new Deletion(Deletion.Kind.PROTECTED, what);
      }
      dynamoDb.update(tableName, new SetDeletionProtection(false));
    }
    dynamoDb.delete(tableName);
    return new Deletion(Deletion.Kind.DELETED, what);
  }

  record Deletion(Kind kind, String table) {
    enum Kind {
      RETAINED,
      GONE,
      NOT_OURS,
      PROTECTED,
      DELETED
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** The parts that need the table say that they wait for it. */
  private static void waitingForTable(TableOutcome outcome, String why) {
    for (String type : List.of(INDEXES_READY, TIME_TO_LIVE_READY, POINT_IN_TIME_RECOVERY_READY)) {
      if (outcome.conditions.stream().noneMatch(c -> type.equals(c.getType()))) {
        outcome.conditions.add(
            new ConditionBuilder()
                .withType(type)
                .withStatus("Unknown")
                .withReason("WaitingForTable")
                .withMessage("not checked: " + why)
                .build());
      }
    }
  }

  private static boolean isIndexStep(TableUpdate step) {
    return step instanceof CreateIndex || step instanceof DeleteIndex;
  }

  private static String toGo(List<TableUpdate> steps) {
    return steps.isEmpty() ? "" : "; to go: " + describe(steps);
  }

  private static String describe(List<TableUpdate> steps) {
    return steps.stream().map(TableUpdate::describe).collect(Collectors.joining(", "));
  }

  private static Optional<DataStoreStatus> recorded(DataStore dataStore) {
    return Optional.ofNullable(dataStore.getStatus());
  }
}
