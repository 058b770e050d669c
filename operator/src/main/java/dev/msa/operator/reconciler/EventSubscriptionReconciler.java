package dev.msa.operator.reconciler;

import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.EventSubscriptionStatus;
import dev.msa.operator.api.PlanOnly;
import dev.msa.operator.aws.AwsAccounts;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.SubscriptionPlan;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reconciles an EventSubscription: resolve the subscriber and the source, bring the AWS side (queue
 * policy, SNS subscription or EventBridge rule) to what they allow, then rebuild the status from
 * what was observed and write it only when it changed.
 */
@ControllerConfiguration(
    name = EventSubscriptionReconciler.NAME,
    fieldManager = "msa-operator",
    finalizerName = MicroserviceReconciler.FINALIZER)
public class EventSubscriptionReconciler
    implements Reconciler<EventSubscription>, Cleaner<EventSubscription> {
  public static final String NAME = "eventsubscription";
  static final Duration RETRY_SOON = StatusUpdates.RETRY_SOON;

  /** The parts in the order Ready looks at them: what is missing first, then AWS. */
  private static final List<String> PARTS =
      List.of(
          SubscriptionPlan.SUBSCRIBER_READY,
          SubscriptionPlan.SOURCE_READY,
          SubscriptionAws.QUEUE_POLICY_READY,
          SubscriptionAws.SUBSCRIPTION_READY);

  /** What the subscription refers to: a plan says when one is missing. */
  private static final List<String> REFERENCES =
      List.of(SubscriptionPlan.SUBSCRIBER_READY, SubscriptionPlan.SOURCE_READY);

  private final OperatorConfig config;
  private final AwsAccounts accounts;
  private final NamespaceSettings namespaces;
  private final Map<AwsAccounts.Account, SubscriptionAws> awsByAccount = new ConcurrentHashMap<>();
  private final EventRecorder events;
  private final StatusUpdates<EventSubscription, EventSubscriptionStatus> statusUpdates;
  private final AdaptiveResync resync;
  private final MicroserviceIndex microservices;
  private SubscriptionReferences refs;
  private NamespaceAccounts<EventSubscription> namespaceAccounts;
  private final WorkPriority workPriority;

  public EventSubscriptionReconciler(
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
        new StatusUpdates<>(
            EventSubscription::new, EventSubscriptionStatus.class, events, metrics, clock);
  }

  @Override
  public List<EventSource<?, EventSubscription>> prepareEventSources(
      EventSourceContext<EventSubscription> context) {
    refs = SubscriptionReferences.create(context, microservices);
    namespaceAccounts =
        NamespaceAccounts.create(context, EventSubscription.class, config, accounts);
    return List.of(refs.microserviceChanges(), refs.wakeUps(), namespaceAccounts.eventSource());
  }

  @Override
  public UpdateControl<EventSubscription> reconcile(
      EventSubscription subscription, Context<EventSubscription> context) {
    // Waiting for the subscriber's queue makes no AWS call: say so now rather than after a turn.
    boolean onlyWaits =
        refs.synced() && !PlanOnly.isSet(subscription) && refs.waitsForItsQueue(subscription);
    try (WorkPriority.Turn turn =
        onlyWaits
            ? workPriority.enterWithoutAws(subscription, subscription.getStatus())
            : workPriority.enter(
                subscription, subscription.getStatus(), () -> refs.wakeUp(subscription))) {
      if (!turn.granted()) {
        return UpdateControl.<EventSubscription>noUpdate().rescheduleAfter(turn.retryAfter());
      }
      return reconcileInTurn(subscription, context);
    }
  }

  /** The reconcile, its AWS calls served in the order of {@link WorkPriority}. */
  private UpdateControl<EventSubscription> reconcileInTurn(
      EventSubscription subscription, Context<EventSubscription> context) {
    if (!refs.synced()) {
      return UpdateControl.<EventSubscription>noUpdate()
          .rescheduleAfter(MicroserviceIndex.UNTIL_SYNCED);
    }
    NamespaceAccounts.Resolution account = namespaceAccounts.resolve(subscription);
    if (account.refused().isPresent()) {
      return refused(subscription, account.refused().get());
    }
    SubscriptionAws aws = aws(account.account().get());
    if (PlanOnly.isSet(subscription)) {
      return plan(subscription, aws);
    }
    statusUpdates.announceApplying(subscription);
    SubscriptionOutcome outcome = aws.reconcile(subscription, refs);
    statusUpdates.announce(
        subscription,
        outcome.changes,
        !StatusUpdates.readyForSpec(
            subscription.getStatus(), subscription.getMetadata().getGeneration()));
    statusUpdates.announceDrift(subscription, outcome.drift);
    return resync.schedule(
        statusUpdates.update(subscription, status(subscription, outcome), outcome.retrySoon));
  }

  /**
   * Plan-only (docs/plan.md): the same steps with their writes held back. Beside the plan, what it
   * waits for: a subscriber or source not there yet (then nothing would be subscribed).
   */
  private UpdateControl<EventSubscription> plan(
      EventSubscription subscription, SubscriptionAws aws) {
    SubscriptionOutcome outcome = aws.plan(subscription, refs);
    List<Condition> blockers = new ArrayList<>(outcome.planBlockers());
    outcome.conditions.stream()
        .filter(c -> REFERENCES.contains(c.getType()) && !Conditions.isTrue(c))
        .filter(c -> !blockers.contains(c))
        .forEach(blockers::add);
    return statusUpdates.plan(
        subscription,
        outcome.changes.stream().map(Plans::of).toList(),
        blockers,
        outcome.failures,
        outcome.planRetrySoon());
  }

  /**
   * Unsubscribes or deletes the rule, then drops the statement from the queue policy, before the
   * finalizer goes. A failure keeps the finalizer and says why. Plan-only, what that would do is
   * shown and the deletion held until the annotation goes.
   */
  @Override
  public DeleteControl cleanup(EventSubscription subscription, Context<EventSubscription> context) {
    try (WorkPriority.Turn turn =
        workPriority.enter(
            subscription, subscription.getStatus(), () -> refs.wakeUp(subscription))) {
      if (!turn.granted()) {
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(turn.retryAfter());
      }
      return cleanupInTurn(subscription, context);
    }
  }

  private DeleteControl cleanupInTurn(
      EventSubscription subscription, Context<EventSubscription> context) {
    if (!refs.synced()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(MicroserviceIndex.UNTIL_SYNCED);
    }
    NamespaceAccounts.Resolution account = namespaceAccounts.resolve(subscription);
    if (account.refused().isPresent()) {
      return NamespaceAccounts.deleteWithoutAws(subscription, account.refused().get(), events);
    }
    SubscriptionAws aws = aws(account.account().get());
    if (PlanOnly.isSet(subscription)) {
      try {
        return statusUpdates.holdDeletion(
            subscription,
            context,
            aws.planDeletion(subscription, refs).stream().map(Plans::of).toList());
      } catch (RuntimeException e) {
        return statusUpdates.deletionFailed(
            subscription, context, "the AWS resources (plan-only: reading what to delete)", e);
      }
    }
    statusUpdates.announceApplying(subscription);
    try {
      statusUpdates.announce(subscription, aws.delete(subscription, refs), true);
      return DeleteControl.defaultDelete();
    } catch (RuntimeException e) {
      return statusUpdates.deletionFailed(subscription, context, "the AWS resources", e);
    }
  }

  /** The AWS steps for the subscriber's account: one set per account. */
  private SubscriptionAws aws(AwsAccounts.Account account) {
    return awsByAccount.computeIfAbsent(
        account,
        a ->
            new SubscriptionAws(
                config,
                a.adapters(),
                new QueuePolicies(a.adapters().sqs(), QueuePolicies.observationMaxAge(resync)),
                a.region(),
                namespaces::defaultTags));
  }

  /** The namespace names an account or region it may not use: Ready=False, nothing is made. */
  private UpdateControl<EventSubscription> refused(
      EventSubscription subscription, NamespaceAccounts.Refused refused) {
    return statusUpdates.refused(subscription, refused.reason(), refused.message());
  }

  @Override
  public ErrorStatusUpdateControl<EventSubscription> updateErrorStatus(
      EventSubscription subscription, Context<EventSubscription> context, Exception e) {
    return statusUpdates.error(subscription, e);
  }

  private EventSubscriptionStatus status(
      EventSubscription subscription, SubscriptionOutcome outcome) {
    List<Condition> parts = new ArrayList<>(outcome.conditions);
    parts.sort(Comparator.comparingInt(c -> PARTS.indexOf(c.getType())));
    List<Condition> conditions = new ArrayList<>();
    conditions.add(Conditions.ready(parts));
    conditions.addAll(parts);
    statusUpdates.drifted(subscription, outcome.drift).ifPresent(conditions::add);
    EventSubscriptionStatus status = new EventSubscriptionStatus();
    Long generation = subscription.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    status.setConditions(statusUpdates.conditions(subscription, conditions));
    status.setSubscriptionArn(outcome.subscriptionArn.orElse(null));
    status.setRuleArn(outcome.ruleArn.orElse(null));
    return status;
  }
}
