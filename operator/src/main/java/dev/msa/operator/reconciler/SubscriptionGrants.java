package dev.msa.operator.reconciler;

import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.EventSubscriptionStatus;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.PlanOnly;
import dev.msa.operator.model.AwsArns;
import dev.msa.operator.model.AwsNames;
import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.QueuePolicy.Grant;
import dev.msa.operator.model.QueuePolicy.Sender;
import dev.msa.operator.model.SubscriptionOwners;
import dev.msa.operator.model.SubscriptionPlan;
import dev.msa.operator.model.SubscriptionPlan.SubscriberQueue;
import dev.msa.operator.model.SubscriptionPlan.TopicSource;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may deliver to a subscriber queue, and who owns a subscription several EventSubscriptions ask
 * for: the queue's policy is the union of the grants of its live, ready subscriptions.
 */
final class SubscriptionGrants {
  static final String QUEUE_POLICY_READY = "QueuePolicyReady";

  private final AwsNames names;
  private final QueuePolicies policies;

  SubscriptionGrants(AwsNames names, QueuePolicies policies) {
    this.names = names;
    this.policies = policies;
  }

  /**
   * Writes the queue's policy as the union of its subscriptions, this one's grant included when
   * {@code withOwn}. A change counts as this subscription's only when its own statement was put
   * back or taken out: a sibling's statement is that sibling's news.
   */
  void ensurePolicy(SubscriptionStep step, SubscriberQueue queue, boolean withOwn) {
    SubscriptionOutcome outcome = step.outcome();
    String what = "queue policy of " + queue.name();
    try {
      QueuePolicies.Write write = write(step, queue, withOwn);
      if (write.queueGone()) {
        outcome.retrySoon = true;
        outcome.condition(
            QUEUE_POLICY_READY,
            false,
            Reasons.QUEUE_NOT_FOUND,
            "queue "
                + queue.name()
                + " does not exist: waiting for Microservice "
                + queue.microservice()
                + " to create it again");
        return;
      }
      Optional<String> ownSid = step.plan().source().map(s -> s.grant().sid());
      if (!step.sync().planning()
          && ownSid
              .filter(sid -> write.added().contains(sid) || write.removed().contains(sid))
              .isPresent()) {
        String field = write.added().contains(ownSid.get()) ? "statement" : "statement removed";
        outcome.changes.add(
            new Change(AwsPart.QUEUE_POLICY, queue.name(), Change.Kind.UPDATED, List.of(field)));
      }
      if (withOwn) {
        outcome.condition(
            QUEUE_POLICY_READY,
            true,
            "Ready",
            what + " allows sqs:SendMessage from this source only for its exact ARN");
      } else {
        outcome.condition(
            QUEUE_POLICY_READY, true, "NotGranted", what + " grants this subscription nothing");
      }
    } catch (RuntimeException e) {
      outcome.failed(QUEUE_POLICY_READY, what, e);
    }
  }

  /** The queue's policy without this subscription's statement (deletion). */
  void revoke(SubscriptionStep step, SubscriberQueue queue) {
    write(step, queue, false);
  }

  /**
   * Brings the queue's policy to the union; while planning, sends nothing and records what the
   * write would add and remove (a sibling's statement too: the write would make it).
   */
  private QueuePolicies.Write write(SubscriptionStep step, SubscriberQueue queue, boolean withOwn) {
    boolean planning = step.sync().planning();
    QueuePolicies.Write write =
        policies.apply(queue, () -> grants(step, queue, withOwn), !planning);
    if (planning && write.changed()) {
      step.sync()
          .planned(
              new Change(
                  AwsPart.QUEUE_POLICY,
                  queue.name(),
                  Change.Kind.UPDATED,
                  List.of(),
                  List.of(),
                  write.statements()));
    }
    return write;
  }

  /** The queue this subscription delivered to before its subscriber changed loses its grant. */
  void refreshFormerQueue(SubscriptionStep step, String formerQueueArn) {
    if (formerQueueArn == null
        || step.plan()
            .queue()
            .map(SubscriberQueue::arn)
            .filter(formerQueueArn::equals)
            .isPresent()) {
      return;
    }
    step.refs()
        .withQueue(step.namespace(), formerQueueArn)
        .flatMap(SubscriptionGrants::queueOf)
        .ifPresent(former -> revoke(step, former));
  }

  /**
   * The union for a queue, from the informer cache as it is now: every live subscription of the
   * queue's Microservice that is ready, except one known to have a rule that is not its own; and
   * this subscription's grant when asked. A sibling under plan-only counts as it was last applied
   * ({@link #appliedGrant}): a plan changes nothing, also through another subscription's write.
   */
  private Set<Grant> grants(SubscriptionStep step, SubscriberQueue queue, boolean withOwn) {
    Set<Grant> grants = new HashSet<>();
    for (EventSubscription other :
        step.refs().ofSubscriber(step.namespace(), queue.microservice())) {
      if (other.getMetadata().getUid().equals(step.uid())
          || other.getMetadata().getDeletionTimestamp() != null
          || hasNameConflict(other)) {
        continue;
      }
      if (PlanOnly.isSet(other)) {
        appliedGrant(other).ifPresent(grants::add);
        continue;
      }
      SubscriptionPlan plan = step.refs().plan(other, names, step.arns());
      if (plan.queue().map(SubscriberQueue::arn).filter(queue.arn()::equals).isPresent()) {
        plan.grant().ifPresent(grants::add);
      }
    }
    if (withOwn && step.subscription().getMetadata().getDeletionTimestamp() == null) {
      step.plan().grant().ifPresent(grants::add);
    }
    return grants;
  }

  /**
   * The statement a subscription's status shows it applied: for the topic of its SNS subscription
   * or for its rule; none before it applied anything.
   */
  private static Optional<Grant> appliedGrant(EventSubscription subscription) {
    EventSubscriptionStatus status = subscription.getStatus();
    if (status == null) {
      return Optional.empty();
    }
    if (status.getSubscriptionArn() != null) {
      String arn = status.getSubscriptionArn();
      return Optional.of(new Grant(Sender.SNS, arn.substring(0, arn.lastIndexOf(':'))));
    }
    return Optional.ofNullable(status.getRuleArn())
        .map(rule -> new Grant(Sender.EVENTBRIDGE, rule));
  }

  /** The older EventSubscription that owns the SNS subscription this one asks for, if any. */
  Optional<EventSubscription> duplicateOwner(
      EventSubscription subscription,
      SubscriptionPlan plan,
      SubscriptionReferences refs,
      AwsArns arns) {
    if (!plan.ready() || !(plan.source().get() instanceof TopicSource topic)) {
      return Optional.empty();
    }
    List<EventSubscription> others =
        wanting(
            refs,
            arns,
            subscription.getMetadata().getNamespace(),
            subscription.getSpec().getSubscriber(),
            topic.arn(),
            Set.of(subscription.getMetadata().getUid()));
    return SubscriptionOwners.otherOwner(subscription, others);
  }

  /** Another live, ready subscription of this topic into this queue, if any. */
  Optional<EventSubscription> wantedBy(SubscriptionStep step, String topicArn, String queueArn) {
    return step.refs()
        .withQueue(step.namespace(), queueArn)
        .flatMap(
            ms ->
                wanting(
                        step.refs(),
                        step.arns(),
                        step.namespace(),
                        ms.getMetadata().getName(),
                        topicArn,
                        Set.of(step.uid()))
                    .stream()
                    .findFirst());
  }

  private List<EventSubscription> wanting(
      SubscriptionReferences refs,
      AwsArns arns,
      String namespace,
      String subscriber,
      String topicArn,
      Set<String> except) {
    return refs.ofSubscriber(namespace, subscriber).stream()
        .filter(s -> !except.contains(s.getMetadata().getUid()))
        .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
        // a plan-only one wants what it applied: a subscription its status records
        .filter(s -> !PlanOnly.isSet(s) || appliedGrant(s).isPresent())
        .filter(
            s -> {
              SubscriptionPlan plan = refs.plan(s, names, arns);
              return plan.ready()
                  && plan.source().get() instanceof TopicSource t
                  && t.arn().equals(topicArn);
            })
        .toList();
  }

  private static boolean hasNameConflict(EventSubscription subscription) {
    return subscription.getStatus() != null
        && subscription.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    SubscriptionAws.SUBSCRIPTION_READY.equals(c.getType())
                        && AwsPartFailure.NAME_CONFLICT.equals(c.getReason()));
  }

  private static Optional<SubscriberQueue> queueOf(Microservice ms) {
    return Optional.ofNullable(ms.getStatus())
        .map(s -> s.getQueue())
        .filter(q -> q.getUrl() != null && q.getArn() != null)
        .map(q -> new SubscriberQueue(ms.getMetadata().getName(), q.getUrl(), q.getArn()));
  }
}
