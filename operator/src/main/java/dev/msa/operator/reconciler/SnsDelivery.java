package dev.msa.operator.reconciler;

import static dev.msa.operator.reconciler.SubscriptionAws.SUBSCRIPTION_READY;

import dev.msa.operator.api.EventSubscriptionSpec;
import dev.msa.operator.api.FilterPolicyScope;
import dev.msa.operator.aws.AwsAdapters;
import dev.msa.operator.aws.SubscriptionResource;
import dev.msa.operator.model.AttributeChanges;
import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.EventFilters;
import dev.msa.operator.model.ObservedSubscription;
import dev.msa.operator.model.PlannedCreation;
import dev.msa.operator.model.StatementChanges;
import dev.msa.operator.model.SubscriptionAttributes;
import dev.msa.operator.model.SubscriptionPlan.SubscriberQueue;
import dev.msa.operator.model.SubscriptionPlan.TopicSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Delivery from an SNS topic: the queue's policy first, then the subscription with its filter
 * policy and delivery attributes; a subscription that a former spec made elsewhere goes after.
 */
final class SnsDelivery {
  private final AwsAdapters.SubscriptionAdapter subscriptions;
  private final SubscriptionGrants grants;

  SnsDelivery(AwsAdapters.SubscriptionAdapter subscriptions, SubscriptionGrants grants) {
    this.subscriptions = subscriptions;
    this.grants = grants;
  }

  void subscribe(SubscriptionStep step, TopicSource topic, SubscriberQueue queue) {
    SubscriptionOutcome outcome = step.outcome();
    Optional<String> recorded = outcome.subscriptionArn;
    SubscriptionResource.Key key = new SubscriptionResource.Key(topic.arn(), queue.arn(), recorded);
    Optional<ObservedSubscription> observed = Optional.empty();
    Optional<ObservedSubscription> moved = Optional.empty();
    try {
      // Without a recorded ARN the subscription is looked for first: another process (a leader
      // killed after Subscribe, before its status write) may have made it, and SNS would answer a
      // second Subscribe as if it had made it again — or refuse it if the attributes differ.
      observed = subscriptions.read(key);
      if (observed.isPresent() && !observed.get().delivers(topic.arn(), queue.arn())) {
        moved = observed;
        observed = Optional.empty();
      }
    } catch (RuntimeException e) {
      outcome.failed(SUBSCRIPTION_READY, "SNS subscription " + recorded.orElse(""), e);
      grants.ensurePolicy(step, queue, true);
      return;
    }
    grants.ensurePolicy(step, queue, true);
    Map<String, String> desired = SubscriptionAttributes.sns(step.subscription().getSpec());
    String name = "of queue " + queue.name() + " to " + topic.arn();
    Optional<String> invalid = invalidFilterPolicy(step.subscription().getSpec());
    if (invalid.isPresent()) {
      // what SNS would answer InvalidParameter to is not sent; a subscription made from an
      // earlier spec is left as it is
      outcome.condition(SUBSCRIPTION_READY, false, Reasons.INVALID_FILTER_POLICY, invalid.get());
      return;
    }
    try {
      ObservedSubscription current;
      if (observed.isPresent()) {
        current = observed.get();
      } else {
        boolean deletedOutside = recorded.isPresent() && moved.isEmpty();
        Change creation =
            new Change(
                AwsPart.SNS_SUBSCRIPTION,
                name,
                deletedOutside ? Change.Kind.RECREATED : Change.Kind.CREATED,
                List.of(),
                PlannedCreation.fields(desired),
                StatementChanges.NONE);
        Optional<ObservedSubscription> made =
            step.sync()
                .writeReturning(
                    creation, () -> subscriptions.create(key, desired, Map.of()).orElseThrow());
        if (made.isEmpty()) {
          // planned: its attributes are part of the creation
          if (moved.isPresent()) {
            step.bestEffort(() -> release(step, recorded.get()));
          }
          return;
        }
        current = made.get();
        outcome.changes.add(Change.of(AwsPart.SNS_SUBSCRIPTION, name, creation.kind()));
      }
      // An existing subscription is returned as it is: bring its attributes along. Drift is
      // what differs on one that was there before this reconcile.
      Map<String, String> attributes = current.attributes();
      AttributeChanges changes =
          observed.isPresent()
              ? step.sync()
                  .permitted(
                      AwsPart.SNS_SUBSCRIPTION,
                      current.arn(),
                      desired,
                      d -> AttributeChanges.ofSubscription(d, attributes))
              : AttributeChanges.ofSubscription(desired, attributes);
      if (observed.isEmpty()) {
        step.sync().created(AwsPart.SNS_SUBSCRIPTION, current.arn(), desired);
      }
      ObservedSubscription subscription = current;
      if (!changes.isEmpty()
          && step.sync()
              .write(
                  new Change(
                      AwsPart.SNS_SUBSCRIPTION,
                      current.arn(),
                      Change.Kind.UPDATED,
                      changes.fields(),
                      changes.differences(),
                      StatementChanges.NONE),
                  () -> subscriptions.update(key, subscription, changes))) {
        step.sync().sent(AwsPart.SNS_SUBSCRIPTION, current.arn(), changes);
        outcome.changes.add(
            new Change(
                AwsPart.SNS_SUBSCRIPTION, current.arn(), Change.Kind.UPDATED, changes.fields()));
      }
      outcome.subscriptionArn = Optional.of(current.arn());
      outcome.condition(
          SUBSCRIPTION_READY,
          true,
          "Subscribed",
          "queue " + queue.name() + " is subscribed to " + topic.describe());
    } catch (RuntimeException e) {
      outcome.failed(SUBSCRIPTION_READY, "SNS subscription " + name, e);
    }
    if (moved.isPresent()) {
      step.bestEffort(() -> release(step, recorded.get()));
    }
  }

  private static Optional<String> invalidFilterPolicy(EventSubscriptionSpec spec) {
    if (spec.getFilterPolicy() == null || spec.getFilterPolicy().isNull()) {
      return Optional.empty();
    }
    FilterPolicyScope scope =
        spec.getFilterPolicyScope() == null
            ? FilterPolicyScope.MessageAttributes
            : spec.getFilterPolicyScope();
    return EventFilters.snsFilterPolicyProblem(spec.getFilterPolicy(), scope)
        .map(
            problem ->
                "spec.filterPolicy ("
                    + scope
                    + " scope): "
                    + problem
                    + "; SNS would refuse it, so nothing is sent until the spec changes");
  }

  /** Unsubscribes, unless another subscription of the same topic and queue still wants it. */
  void release(SubscriptionStep step, String subscriptionArn) {
    SubscriptionResource.Key key = SubscriptionResource.Key.ofArn(subscriptionArn);
    Optional<ObservedSubscription> observed = subscriptions.read(key);
    if (observed.isPresent()) {
      Optional<dev.msa.operator.api.EventSubscription> heir =
          grants.wantedBy(step, observed.get().topicArn(), observed.get().endpoint());
      if (heir.isPresent()) {
        step.refs().wakeUp(heir.get());
      } else {
        Change deletion = Change.of(AwsPart.SNS_SUBSCRIPTION, subscriptionArn, Change.Kind.DELETED);
        if (step.sync().write(deletion, () -> subscriptions.delete(key, observed.get()))) {
          step.outcome().changes.add(deletion);
        }
      }
      grants.refreshFormerQueue(step, observed.get().endpoint());
    }
    if (step.outcome().subscriptionArn.filter(subscriptionArn::equals).isPresent()) {
      step.outcome().subscriptionArn = Optional.empty();
    }
  }

  /** The subscription of this queue to this topic, found by listing the topic's. */
  Optional<String> find(String topicArn, String queueArn) {
    return subscriptions
        .read(new SubscriptionResource.Key(topicArn, queueArn, Optional.empty()))
        .map(ObservedSubscription::arn);
  }
}
