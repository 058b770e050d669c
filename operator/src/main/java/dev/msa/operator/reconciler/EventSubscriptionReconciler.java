package dev.msa.operator.reconciler;

import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.EventSubscriptionStatus;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.aws.EventBridgeRules;
import dev.msa.operator.aws.SnsSubscriptions;
import dev.msa.operator.aws.SqsQueues;
import dev.msa.operator.aws.StsIdentity;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.SubscriptionPlan;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
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
  static final Duration RETRY_SOON = Duration.ofSeconds(10);

  /** The parts in the order Ready looks at them: what is missing first, then AWS. */
  private static final List<String> PARTS =
      List.of(
          SubscriptionPlan.SUBSCRIBER_READY,
          SubscriptionPlan.SOURCE_READY,
          SubscriptionAws.QUEUE_POLICY_READY,
          SubscriptionAws.SUBSCRIPTION_READY);

  private final SubscriptionAws aws;
  private final EventRecorder events;
  private final Clock clock;
  private SubscriptionReferences refs;

  public EventSubscriptionReconciler(
      OperatorConfig config, AwsClients clients, EventRecorder events, Clock clock) {
    this.aws =
        new SubscriptionAws(
            config,
            new StsIdentity(clients.sts()),
            new SnsSubscriptions(clients.sns()),
            new EventBridgeRules(clients.eventBridge()),
            new QueuePolicies(
                new SqsQueues(clients.sqs(), clients.queueObservations()),
                QueuePolicies.observationMaxAge(config)));
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, EventSubscription>> prepareEventSources(
      EventSourceContext<EventSubscription> context) {
    refs = SubscriptionReferences.create(context);
    return List.of(refs.microservices(), refs.wakeUps());
  }

  @Override
  public UpdateControl<EventSubscription> reconcile(
      EventSubscription subscription, Context<EventSubscription> context) {
    SubscriptionOutcome outcome = aws.reconcile(subscription, refs);
    announce(subscription, outcome);
    EventSubscriptionStatus status = status(subscription, outcome);
    UpdateControl<EventSubscription> control =
        sameStatus(subscription.getStatus(), status)
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(withStatus(subscription, status));
    return outcome.retrySoon ? control.rescheduleAfter(RETRY_SOON) : control;
  }

  /**
   * Unsubscribes or deletes the rule, then drops the statement from the queue policy, before the
   * finalizer goes. A failure keeps the finalizer and says why.
   */
  @Override
  public DeleteControl cleanup(EventSubscription subscription, Context<EventSubscription> context) {
    try {
      List<String> deleted = aws.delete(subscription, refs);
      if (!deleted.isEmpty()) {
        events.normal(subscription, "Deleted", "deleted " + String.join(", ", deleted));
      }
      return DeleteControl.defaultDelete();
    } catch (RuntimeException e) {
      String message = "deleting the AWS resources failed, retrying: " + e.getMessage();
      events.warning(subscription, "Failed", message);
      EventSubscriptionStatus status = withReady(subscription, "DeletionFailed", message);
      if (!sameStatus(subscription.getStatus(), status)) {
        context.getClient().resource(withStatus(subscription, status)).patchStatus();
      }
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY_SOON);
    }
  }

  @Override
  public ErrorStatusUpdateControl<EventSubscription> updateErrorStatus(
      EventSubscription subscription, Context<EventSubscription> context, Exception e) {
    EventSubscriptionStatus status =
        withReady(subscription, "ReconcileError", "reconcile failed, retrying: " + e.getMessage());
    if (sameStatus(subscription.getStatus(), status)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    return ErrorStatusUpdateControl.patchStatus(withStatus(subscription, status));
  }

  /** Events for what changed on AWS: a spec change is an update, anything else was drift. */
  private void announce(EventSubscription subscription, SubscriptionOutcome outcome) {
    if (!outcome.created.isEmpty()) {
      events.normal(subscription, "Created", "created " + String.join(", ", outcome.created));
    }
    if (!outcome.deleted.isEmpty()) {
      events.normal(subscription, "Deleted", "deleted " + String.join(", ", outcome.deleted));
    }
    if (!outcome.changes.isEmpty()) {
      boolean specChanged =
          subscription.getStatus() == null
              || !subscription
                  .getMetadata()
                  .getGeneration()
                  .equals(subscription.getStatus().getObservedGeneration());
      events.normal(
          subscription,
          specChanged ? "Updated" : "DriftCorrected",
          (specChanged ? "updated " : "restored ") + String.join(", ", outcome.changes));
    }
  }

  private EventSubscriptionStatus status(
      EventSubscription subscription, SubscriptionOutcome outcome) {
    List<Condition> parts = new ArrayList<>(outcome.conditions);
    parts.sort(Comparator.comparingInt(c -> PARTS.indexOf(c.getType())));
    List<Condition> conditions = new ArrayList<>();
    conditions.add(Conditions.ready(parts));
    conditions.addAll(parts);
    EventSubscriptionStatus status = new EventSubscriptionStatus();
    Long generation = subscription.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    status.setConditions(
        Conditions.carryForward(
            subscription.getStatus() == null ? null : subscription.getStatus().getConditions(),
            conditions,
            generation,
            clock.instant()));
    status.setSubscriptionArn(outcome.subscriptionArn.orElse(null));
    status.setRuleArn(outcome.ruleArn.orElse(null));
    return status;
  }

  /** The current status with Ready replaced: the other parts keep what was last observed. */
  private EventSubscriptionStatus withReady(
      EventSubscription subscription, String reason, String message) {
    EventSubscriptionStatus status = copyOf(subscription.getStatus());
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    conditions.removeIf(c -> Conditions.READY.equals(c.getType()));
    conditions.add(0, Conditions.of(Conditions.READY, false, reason, message));
    status.setConditions(
        Conditions.carryForward(
            subscription.getStatus() == null ? null : subscription.getStatus().getConditions(),
            conditions,
            subscription.getMetadata().getGeneration(),
            clock.instant()));
    return status;
  }

  private static boolean sameStatus(EventSubscriptionStatus current, EventSubscriptionStatus next) {
    var json = Serialization.jsonMapper();
    return current != null && json.valueToTree(current).equals(json.valueToTree(next));
  }

  private static EventSubscriptionStatus copyOf(EventSubscriptionStatus status) {
    return status == null
        ? new EventSubscriptionStatus()
        : Serialization.jsonMapper().convertValue(status, EventSubscriptionStatus.class);
  }

  /** A fresh object with only identity and status, as a status patch should send. */
  private static EventSubscription withStatus(
      EventSubscription subscription, EventSubscriptionStatus status) {
    EventSubscription fresh = new EventSubscription();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(subscription.getMetadata().getName())
            .withNamespace(subscription.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    return fresh;
  }
}
