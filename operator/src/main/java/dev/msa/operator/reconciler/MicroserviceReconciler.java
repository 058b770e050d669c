package dev.msa.operator.reconciler;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.MicroserviceStatus;
import dev.msa.operator.api.PlanAction;
import dev.msa.operator.api.PlanOnly;
import dev.msa.operator.api.PlannedChange;
import dev.msa.operator.aws.AwsAccounts;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.DesiredServiceAccount;
import dev.msa.operator.model.TableGrant;
import dev.msa.operator.model.WorkloadInputs;
import dev.msa.operator.operations.ReconcileMetrics;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Reconciles a Microservice: observe what it refers to, apply its children, then rebuild its status
 * from what was observed and write it only when it changed.
 */
@ControllerConfiguration(
    name = MicroserviceReconciler.NAME,
    fieldManager = "msa-operator",
    finalizerName = MicroserviceReconciler.FINALIZER)
public class MicroserviceReconciler implements Reconciler<Microservice>, Cleaner<Microservice> {
  public static final String FINALIZER = "msa.dev/cleanup";
  static final Duration RETRY_SOON = StatusUpdates.RETRY_SOON;
  public static final String NAME = "microservice";
  static final String CALLS_RESOLVED = "CallsResolved";
  static final Duration KEDA_RECHECK = Duration.ofMinutes(1);

  private final OperatorConfig config;
  private final AwsAccounts accounts;
  private final NamespaceSettings namespaces;
  private final Map<AwsAccounts.Account, MicroserviceAws> awsByAccount = new ConcurrentHashMap<>();

  /** The account each Microservice (by uid) was last reconciled in. */
  private final Map<String, AwsAccounts.Account> lastAccount = new ConcurrentHashMap<>();

  private final RecentAwsOutcomes recentAws;
  private final EventRecorder events;
  private final Clock clock;
  private final Workflow<Microservice> workflow;
  private final ReconcileMetrics metrics;
  private final StatusUpdates<Microservice, MicroserviceStatus> statusUpdates;
  private final KedaApi keda;

  /** The Kubernetes children in the workflow's order, which a plan asks one by one. */
  private final List<ChildDependent<?>> children;

  private final AdaptiveResync resync;
  private final MicroserviceIndex index;
  private Peers peers;
  private NamespaceAccounts<Microservice> namespaceAccounts;
  private DataStoreBindings dataStores;
  private final WorkPriority workPriority;

  /** Triggers the reconcile of an object a turn was kept for ({@link WorkPriority}). */
  private final TurnWakeUps<Microservice> turns = new TurnWakeUps<>("microservice-turns");

  public MicroserviceReconciler(
      OperatorConfig config,
      AwsAccounts accounts,
      NamespaceSettings namespaces,
      EventRecorder events,
      Clock clock,
      ReconcileMetrics metrics,
      AdaptiveResync resync,
      MicroserviceIndex index,
      WorkPriority workPriority) {
    this.config = config;
    this.resync = resync;
    this.index = index;
    this.metrics = metrics;
    this.accounts = accounts;
    this.namespaces = namespaces;
    this.recentAws = new RecentAwsOutcomes(resync::period, clock);
    this.events = events;
    this.workPriority = workPriority;
    this.clock = clock;
    this.statusUpdates =
        new StatusUpdates<>(Microservice::new, MicroserviceStatus.class, events, metrics, clock);
    this.keda = new KedaApi(clock);
    var serviceAccount = new Dependents.ServiceAccountDependent(events);
    var deployment = new Dependents.DeploymentDependent(events);
    var service = new Dependents.ServiceDependent(events);
    var autoscaler = new Dependents.HorizontalPodAutoscalerDependent(events);
    var disruptionBudget = new Dependents.PodDisruptionBudgetDependent(events);
    List<ChildDependent<?>> all =
        new ArrayList<>(List.of(serviceAccount, deployment, service, autoscaler, disruptionBudget));
    var builder =
        new WorkflowBuilder<Microservice>()
            .addDependentResource(serviceAccount)
            .addDependentResourceAndConfigure(deployment)
            .dependsOn(serviceAccount)
            .addDependentResourceAndConfigure(service)
            .withReconcilePrecondition(when(service::appliesTo))
            .addDependentResourceAndConfigure(autoscaler)
            .withReconcilePrecondition(when(autoscaler::appliesTo))
            .addDependentResourceAndConfigure(disruptionBudget)
            .withReconcilePrecondition(when(disruptionBudget::appliesTo));
    // KEDA's objects: their informers start only once the cluster serves KEDA's API (an
    // activation condition), so the operator runs, and watches nothing of KEDA's, without it.
    // A plan leaves them out: without KEDA there is nothing to ask.
    var triggerAuthentication = new Dependents.TriggerAuthenticationDependent(events);
    builder
        .addDependentResourceAndConfigure(triggerAuthentication)
        .withActivationCondition(kedaServed())
        .withReconcilePrecondition(when(m -> QueueDepthScaling.applies(m, config)))
        .addDependentResourceAndConfigure(new Dependents.ScaledObjectDependent(events))
        .dependsOn(triggerAuthentication)
        .withActivationCondition(kedaServed())
        .withReconcilePrecondition(when(m -> QueueDepthScaling.applies(m, config)))
        // the reconciler sorts a child's failure into reported or retried: InvalidWorkload
        .withThrowExceptionFurther(false);
    if (config.networkPolicies()) {
      var networkPolicy = new Dependents.NetworkPolicyDependent(events, config);
      builder.addDependentResource(networkPolicy);
      all.add(networkPolicy);
    }
    this.workflow = builder.build();
    this.children = List.copyOf(all);
  }

  /** A child that exists only while the predicate holds; it is deleted when it stops holding. */
  private static <R>
      io.javaoperatorsdk.operator.processing.dependent.workflow.Condition<R, Microservice> when(
          Predicate<Microservice> applies) {
    return (dependent, primary, context) -> applies.test(primary);
  }

  /** What this reconcile saw of KEDA's API: the same answer for every node and the status. */
  private static <R>
      io.javaoperatorsdk.operator.processing.dependent.workflow.Condition<R, Microservice>
          kedaServed() {
    return (dependent, primary, context) -> ChildDependent.inputs(context).kedaServed();
  }

  @Override
  public List<EventSource<?, Microservice>> prepareEventSources(
      EventSourceContext<Microservice> context) {
    peers = Peers.create(context, index);
    List<EventSource<?, Microservice>> sources =
        new ArrayList<>(EventSourceUtils.eventSourcesFromWorkflow(context, workflow));
    sources.add(peers.eventSource());
    dataStores = DataStoreBindings.create(context);
    sources.add(dataStores.eventSource());
    namespaceAccounts = NamespaceAccounts.create(context, Microservice.class, config, accounts);
    sources.add(namespaceAccounts.eventSource());
    sources.add(turns);
    return sources;
  }

  @Override
  public UpdateControl<Microservice> reconcile(
      Microservice microservice, Context<Microservice> context) {
    DataStoreBindings.Binding binding = dataStores.resolve(microservice);
    // A recent all-ready AWS outcome to reuse means no AWS call, and so no provisioning turn: the
    // reconciles after the Deployment was created, until the service is Ready, are such.
    Optional<AwsOutcome> recent =
        PlanOnly.isSet(microservice)
            ? Optional.empty()
            : recentAws.reusable(microservice, binding.grants());
    try (WorkPriority.Turn turn =
        recent.isPresent()
            ? workPriority.enterWithoutAws(microservice, microservice.getStatus())
            : workPriority.enter(microservice, microservice.getStatus(), turns.of(microservice))) {
      if (!turn.granted()) {
        return UpdateControl.<Microservice>noUpdate().rescheduleAfter(turn.retryAfter());
      }
      return reconcileInTurn(microservice, context, binding, recent);
    }
  }

  /**
   * The reconcile, its AWS calls served in the order of {@link WorkPriority}; {@code recent} is the
   * AWS outcome to reuse, if any ({@link RecentAwsOutcomes}).
   */
  private UpdateControl<Microservice> reconcileInTurn(
      Microservice microservice,
      Context<Microservice> context,
      DataStoreBindings.Binding binding,
      Optional<AwsOutcome> recent) {
    NamespaceAccounts.Resolution account = namespaceAccounts.resolve(microservice);
    if (account.refused().isPresent()) {
      return refused(microservice, account.refused().get());
    }
    MicroserviceAws aws = aws(account.account().get());
    if (!account
        .account()
        .get()
        .equals(lastAccount.put(microservice.getMetadata().getUid(), account.account().get()))) {
      // the namespace names another account or region now: what was read of the old one is stale
      recentAws.forget(microservice);
      recent = Optional.empty();
    }
    if (PlanOnly.isSet(microservice)) {
      return plan(microservice, context, aws);
    }
    statusUpdates.announceApplying(microservice);
    metrics.reconcileStarted(microservice);
    // 1. The AWS side: queues, topics, the role; each part reports its own condition. The role's
    // policy, the variables and DataStoresBound also follow the DataStores the spec lists.
    AwsOutcome awsOutcome =
        recent.isPresent() ? recent.get() : freshAwsOutcome(aws, microservice, binding.grants());
    awsOutcome.env.putAll(binding.env());
    awsOutcome.conditions.add(binding.condition());
    statusUpdates.announce(
        microservice, awsOutcome.changes, StatusUpdates.specChanged(microservice));
    statusUpdates.announceDrift(microservice, awsOutcome.drift);
    if (!awsOutcome.bindingChanges.isEmpty()) {
      events.normal(
          microservice,
          "Updated",
          "updated " + StatusUpdates.describe(awsOutcome.bindingChanges) + " for its DataStores");
    }

    // 2. Observe what the spec refers to in the cluster.
    Peers.Resolution calls = peers.resolve(microservice);
    WorkloadInputsHolder holder =
        putInputs(microservice, context, calls, awsOutcome, awsOutcome.roleExists, aws.region());
    metrics.putInto(context);

    // 3. Apply the children. One that the spec makes invalid is reported; any other error is
    // thrown on and retried.
    Optional<Condition> invalid =
        InvalidWorkload.of(microservice, workflow.reconcile(microservice, context));

    // 4. Rebuild the status from what is observed now.
    MicroserviceStatus status = status(microservice, context, calls, awsOutcome, holder, invalid);
    metrics.statusComputed(microservice, status);
    UpdateControl<Microservice> control =
        statusUpdates.update(microservice, status, awsOutcome.retrySoon);
    // No event tells that KEDA was installed: look again soon rather than at the next resync
    // (a delay replaces the resync, so never a longer one).
    if (QueueDepthScaling.waitingForKeda(microservice, holder)
        && control.getScheduleDelay().isEmpty()) {
      control.rescheduleAfter(
          KEDA_RECHECK.compareTo(config.resyncInterval()) < 0
              ? KEDA_RECHECK
              : config.resyncInterval());
    }
    return resync.schedule(control);
  }

  /**
   * Plan-only (docs/plan.md): the same steps with their writes held back. The AWS side goes through
   * the lifecycle that applies it, planning; each child is asked what applying it would do, with
   * the desired state built from that plan (a new queue's URL is not known before it exists).
   * Nothing is written but the status and the Planned Event.
   */
  private UpdateControl<Microservice> plan(
      Microservice microservice, Context<Microservice> context, MicroserviceAws aws) {
    metrics.forget(microservice);
    recentAws.forget(microservice);
    DataStoreBindings.Binding binding = dataStores.resolve(microservice);
    AwsOutcome awsOutcome = aws.plan(microservice, binding.grants());
    awsOutcome.env.putAll(binding.env());
    Peers.Resolution calls = peers.resolve(microservice);
    putInputs(
        microservice,
        context,
        calls,
        awsOutcome,
        awsOutcome.roleExists || awsOutcome.rolePlanned,
        aws.region());

    List<PlannedChange> changes = new ArrayList<>();
    awsOutcome.changes.forEach(c -> changes.add(Plans.of(c)));
    children.forEach(child -> child.plan(microservice, context).ifPresent(changes::add));
    List<Condition> blockers = new ArrayList<>(awsOutcome.planBlockers());
    Condition bound = binding.condition();
    if (!Conditions.isTrue(bound)) {
      blockers.add(bound);
    }
    return statusUpdates.plan(
        microservice, changes, blockers, awsOutcome.failures, awsOutcome.planRetrySoon());
  }

  /**
   * What the children's desired state is built from, for the dependents.
   *
   * @param identityExists the role exists, or (a plan) will: the Deployment may be applied
   */
  private WorkloadInputsHolder putInputs(
      Microservice microservice,
      Context<Microservice> context,
      Peers.Resolution calls,
      AwsOutcome awsOutcome,
      boolean identityExists,
      String region) {
    WorkloadInputs inputs = new WorkloadInputs(region, calls.resolved(), awsOutcome.env);
    WorkloadInputsHolder holder =
        new WorkloadInputsHolder(
            inputs,
            peers.callers(microservice),
            awsOutcome.serviceAccountAnnotations,
            identityExists,
            awsOutcome.roleArn,
            keda.served(microservice, context.getClient()));
    context.managedWorkflowAndDependentResourceContext().put(WorkloadInputsHolder.KEY, holder);
    return holder;
  }

  /** The AWS side as reconciling it now leaves it, kept for the reconciles that follow. */
  private AwsOutcome freshAwsOutcome(
      MicroserviceAws aws, Microservice microservice, List<TableGrant> tables) {
    Instant startedAt = clock.instant();
    AwsOutcome outcome = aws.reconcile(microservice, tables);
    recentAws.record(microservice, tables, outcome, startedAt);
    return outcome;
  }

  /**
   * Deletes the AWS side before the finalizer goes; the Kubernetes children follow through their
   * ownerReferences. A failure keeps the finalizer and says why.
   */
  @Override
  public DeleteControl cleanup(Microservice microservice, Context<Microservice> context) {
    try (WorkPriority.Turn turn =
        workPriority.enter(microservice, microservice.getStatus(), turns.of(microservice))) {
      if (!turn.granted()) {
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(turn.retryAfter());
      }
      return cleanupInTurn(microservice, context);
    }
  }

  private DeleteControl cleanupInTurn(Microservice microservice, Context<Microservice> context) {
    metrics.forget(microservice);
    recentAws.forget(microservice);
    lastAccount.remove(microservice.getMetadata().getUid());
    NamespaceAccounts.Resolution account = namespaceAccounts.resolve(microservice);
    if (account.refused().isPresent()) {
      return NamespaceAccounts.deleteWithoutAws(microservice, account.refused().get(), events);
    }
    MicroserviceAws aws = aws(account.account().get());
    if (PlanOnly.isSet(microservice)) {
      return planDeletion(microservice, context, aws);
    }
    statusUpdates.announceApplying(microservice);
    try {
      List<Change> deleted = aws.delete(microservice);
      statusUpdates.announce(microservice, deleted, true);
      return DeleteControl.defaultDelete();
    } catch (RuntimeException e) {
      return statusUpdates.deletionFailed(microservice, context, "the AWS resources", e);
    }
  }

  /**
   * Plan-only: what deleting would remove — the AWS side, and the children, which garbage
   * collection removes once the finalizer goes — held until the annotation goes.
   */
  private DeleteControl planDeletion(
      Microservice microservice, Context<Microservice> context, MicroserviceAws aws) {
    List<PlannedChange> changes = new ArrayList<>();
    try {
      aws.planDeletion(microservice).forEach(c -> changes.add(Plans.of(c)));
    } catch (RuntimeException e) {
      return statusUpdates.deletionFailed(
          microservice, context, "the AWS resources (plan-only: reading what to delete)", e);
    }
    for (ChildDependent<?> child : children) {
      child
          .getSecondaryResource(microservice, context)
          .ifPresent(
              object ->
                  changes.add(
                      Plans.ofObject(
                          PlanAction.Delete,
                          object.getKind() + " " + object.getMetadata().getName(),
                          "garbage-collected: owned by the Microservice")));
    }
    return statusUpdates.holdDeletion(microservice, context, changes);
  }

  /** The AWS steps for an account: one set per account, each with its own memory of compares. */
  private MicroserviceAws aws(AwsAccounts.Account account) {
    return awsByAccount.computeIfAbsent(
        account,
        a ->
            new MicroserviceAws(
                config,
                a.adapters(),
                a.region(),
                namespaceAccounts::roleOf,
                namespaces::defaultTags));
  }

  /** The namespace names an account or region it may not use: Ready=False, nothing is made. */
  private UpdateControl<Microservice> refused(
      Microservice microservice, NamespaceAccounts.Refused refused) {
    metrics.forget(microservice);
    recentAws.forget(microservice);
    return statusUpdates.refused(microservice, refused.reason(), refused.message());
  }

  @Override
  public ErrorStatusUpdateControl<Microservice> updateErrorStatus(
      Microservice microservice, Context<Microservice> context, Exception e) {
    return statusUpdates.error(microservice, e);
  }

  private MicroserviceStatus status(
      Microservice microservice,
      Context<Microservice> context,
      Peers.Resolution calls,
      AwsOutcome awsOutcome,
      WorkloadInputsHolder inputs,
      Optional<Condition> invalidWorkload) {
    String name = microservice.getMetadata().getName();
    Optional<Deployment> deployment = context.getSecondaryResource(Deployment.class);

    // The AWS parts first: when one fails it is the cause the workload waits on.
    List<Condition> parts = new ArrayList<>(awsOutcome.conditions);
    parts.add(
        invalidWorkload.isPresent()
            ? invalidWorkload.get()
            : deployment.isEmpty() && !awsOutcome.roleExists
                ? Conditions.of(
                    WorkloadAvailability.TYPE,
                    false,
                    Reasons.WAITING_FOR_IDENTITY,
                    "Deployment " + name + " is created once its IAM role exists")
                : WorkloadAvailability.of(name, deployment));
    QueueDepthScaling.condition(microservice, config, inputs).ifPresent(parts::add);
    Condition ready = Conditions.ready(parts);

    List<Condition> conditions = new ArrayList<>();
    conditions.add(ready);
    conditions.addAll(parts);
    // Informational: an unresolved callee does not stop this service from running.
    conditions.add(
        calls.unresolved().isEmpty()
            ? Conditions.of(CALLS_RESOLVED, true, "Resolved", "every calls entry resolved")
            : Conditions.of(
                CALLS_RESOLVED,
                false,
                "CalleeNotFound",
                "no MSA_SERVICE_*_URL for: " + String.join("; ", calls.unresolved())));
    statusUpdates.drifted(microservice, awsOutcome.drift).ifPresent(conditions::add);

    MicroserviceStatus status = new MicroserviceStatus();
    status.setObservedGeneration(microservice.getMetadata().getGeneration());
    status.setConditions(statusUpdates.conditions(microservice, conditions));
    status.setServiceAccountName(DesiredServiceAccount.name(microservice));
    status.setRoleArn(awsOutcome.roleArn.orElse(null));
    status.setQueue(awsOutcome.queue.orElse(null));
    status.setTopics(awsOutcome.topics);
    deployment
        .map(Deployment::getStatus)
        .ifPresent(
            s -> {
              status.setReplicas(s.getReplicas() == null ? 0 : s.getReplicas());
              status.setAvailableReplicas(
                  s.getAvailableReplicas() == null ? 0 : s.getAvailableReplicas());
            });
    return status;
  }
}
