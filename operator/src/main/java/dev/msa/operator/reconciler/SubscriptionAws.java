package dev.msa.operator.reconciler;

import dev.msa.operator.api.Adoption;
import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.EventSubscriptionStatus;
import dev.msa.operator.aws.AwsAdapters;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.AwsArns;
import dev.msa.operator.model.AwsNames;
import dev.msa.operator.model.SubscriptionPlan;
import dev.msa.operator.model.SubscriptionPlan.Blocked;
import dev.msa.operator.model.SubscriptionPlan.RuleSource;
import dev.msa.operator.model.SubscriptionPlan.Source;
import dev.msa.operator.model.SubscriptionPlan.SubscriberQueue;
import dev.msa.operator.model.SubscriptionPlan.TopicSource;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The AWS side of an EventSubscription, as a sequence of named steps: the subscriber queue's
 * policy, then the SNS subscription ({@link SnsDelivery}) or the EventBridge rule and its target
 * ({@link RuleDelivery}); or, when something blocks it, their removal. The policy is written before
 * a source can deliver and after it no longer does ({@link SubscriptionGrants}).
 *
 * <p>Reads per steady-state reconcile: an SNS source reads GetSubscriptionAttributes and the
 * queue's GetQueueAttributes (2); an EventBridge source DescribeRule, ListTargetsByRule and
 * GetQueueAttributes (3). A rule already recorded in status is known to be ours, so its tags are
 * read only when it is first found.
 */
final class SubscriptionAws {
  static final String QUEUE_POLICY_READY = SubscriptionGrants.QUEUE_POLICY_READY;
  static final String SUBSCRIPTION_READY = "SubscriptionReady";

  private final OperatorConfig config;
  private final AwsNames names;
  private final AwsAdapters aws;
  private final SubscriptionGrants grants;
  private final SnsDelivery sns;
  private final RuleDelivery rules;
  private final LastCompared lastCompared = new LastCompared();
  private final String region;
  private final Function<String, Map<String, String>> defaultTags;

  /**
   * In the account {@code aws} acts in (the subscriber's), and {@code region}; {@code defaultTags}:
   * a namespace's default tags (NamespaceSettings).
   */
  SubscriptionAws(
      OperatorConfig config,
      AwsAdapters aws,
      QueuePolicies policies,
      String region,
      Function<String, Map<String, String>> defaultTags) {
    this.config = config;
    this.region = region;
    this.defaultTags = defaultTags;
    this.names = new AwsNames(config.namePrefix());
    this.aws = aws;
    this.grants = new SubscriptionGrants(names, policies);
    this.sns = new SnsDelivery(aws.subscriptions(), grants);
    this.rules = new RuleDelivery(aws.rules(), aws.ruleTargets(), grants);
  }

  SubscriptionOutcome reconcile(EventSubscription subscription, SubscriptionReferences refs) {
    return run(subscription, refs, false);
  }

  /** The same steps with their writes held back: the outcome's changes are what they would do. */
  SubscriptionOutcome plan(EventSubscription subscription, SubscriptionReferences refs) {
    return run(subscription, refs, true);
  }

  private SubscriptionOutcome run(
      EventSubscription subscription, SubscriptionReferences refs, boolean planning) {
    SubscriptionOutcome outcome = new SubscriptionOutcome();
    SubscriptionStep step = step(subscription, refs, outcome, planning);
    SubscriptionPlan plan = step.plan();
    outcome.subscriptionArn = step.recorded(EventSubscriptionStatus::getSubscriptionArn);
    outcome.ruleArn = step.recorded(EventSubscriptionStatus::getRuleArn);
    outcome.conditions.add(part(plan, SubscriptionPlan.SUBSCRIBER_READY, "subscriber"));
    outcome.conditions.add(part(plan, SubscriptionPlan.SOURCE_READY, "source"));
    Optional<EventSubscription> owner =
        grants.duplicateOwner(subscription, plan, refs, step.arns());
    if (plan.ready() && owner.isEmpty()) {
      // A source of the other kind (the spec switched between SNS and EventBridge) goes after.
      if (plan.source().get() instanceof TopicSource topic) {
        sns.subscribe(step, topic, plan.queue().get());
        outcome.ruleArn.ifPresent(arn -> step.bestEffort(() -> rules.deleteIfOurs(step, arn)));
      } else {
        Optional<String> former = outcome.subscriptionArn;
        rules.putRule(step, (RuleSource) plan.source().get(), plan.queue().get());
        former.ifPresent(arn -> step.bestEffort(() -> sns.release(step, arn)));
      }
    } else {
      withdraw(step, owner);
    }
    return outcome;
  }

  /**
   * Removes what the subscription has on AWS and its statement from the queue policy. A
   * subscription that another EventSubscription of the same topic and queue still wants is left to
   * it.
   */
  List<Change> delete(EventSubscription subscription, SubscriptionReferences refs) {
    lastCompared.forget(subscription);
    return delete(subscription, refs, false);
  }

  /** What {@link #delete} would do now, doing nothing. */
  List<Change> planDeletion(EventSubscription subscription, SubscriptionReferences refs) {
    return delete(subscription, refs, true);
  }

  private List<Change> delete(
      EventSubscription subscription, SubscriptionReferences refs, boolean planning) {
    SubscriptionOutcome outcome = new SubscriptionOutcome();
    SubscriptionStep step = step(subscription, refs, outcome, planning);
    SubscriptionPlan plan = step.plan();
    Optional<String> subscriptionArn =
        step.recorded(EventSubscriptionStatus::getSubscriptionArn)
            .or(
                () ->
                    plan.source().orElse(null) instanceof TopicSource topic
                            && plan.queue().isPresent()
                        ? sns.find(topic.arn(), plan.queue().get().arn())
                        : Optional.empty());
    subscriptionArn.ifPresent(arn -> sns.release(step, arn));
    Set<String> ruleArns = new LinkedHashSet<>();
    step.recorded(EventSubscriptionStatus::getRuleArn).ifPresent(ruleArns::add);
    if (plan.source().orElse(null) instanceof RuleSource rule) {
      ruleArns.add(rule.arn());
    }
    ruleArns.forEach(arn -> rules.deleteIfOurs(step, arn));
    plan.queue().ifPresent(queue -> grants.revoke(step, queue));
    return outcome.changes;
  }

  private SubscriptionStep step(
      EventSubscription subscription,
      SubscriptionReferences refs,
      SubscriptionOutcome outcome,
      boolean planning) {
    AwsArns arns = new AwsArns("aws", region, aws.accountId().get());
    return new SubscriptionStep(
        subscription,
        refs.plan(subscription, names, arns),
        refs,
        arns,
        outcome,
        new AwsSync(
                config.clusterName(),
                subscription,
                outcome.changes,
                Adoption.of(subscription),
                planning
                    ? DriftDecisions.planning(subscription, lastCompared)
                    : DriftDecisions.of(subscription, lastCompared, outcome.drift),
                planning)
            .withDefaultTags(() -> defaultTags.apply(subscription.getMetadata().getNamespace())));
  }

  /** Blocked: nothing may deliver. */
  private void withdraw(SubscriptionStep step, Optional<EventSubscription> owner) {
    SubscriptionOutcome outcome = step.outcome();
    boolean removalFailed = false;
    try {
      Optional<String> subscriptionArn = outcome.subscriptionArn;
      if (subscriptionArn.isPresent()) {
        sns.release(step, subscriptionArn.get());
      }
      Optional<String> ruleArn = outcome.ruleArn;
      if (ruleArn.isPresent()) {
        rules.deleteIfOurs(step, ruleArn.get());
      }
    } catch (RuntimeException e) {
      removalFailed = true;
      outcome.failed(SUBSCRIPTION_READY, "removing what this subscription had on AWS", e);
    }
    Optional<SubscriberQueue> queue = step.plan().queue();
    if (queue.isPresent()) {
      grants.ensurePolicy(step, queue.get(), false);
    } else {
      outcome.condition(
          QUEUE_POLICY_READY,
          false,
          Reasons.WAITING_FOR_SUBSCRIBER,
          "no queue to grant: see " + SubscriptionPlan.SUBSCRIBER_READY);
    }
    if (removalFailed) {
      return;
    }
    if (owner.isPresent()) {
      outcome.condition(
          SUBSCRIPTION_READY,
          false,
          Reasons.DUPLICATE_SUBSCRIPTION,
          "EventSubscription "
              + owner.get().getMetadata().getName()
              + " already subscribes this queue to "
              + step.plan().source().map(Source::arn).orElse("")
              + ", and SNS keeps one subscription per topic and queue: delete one of the two");
    } else {
      List<String> blocking = new ArrayList<>();
      step.plan().blocked().stream().map(Blocked::conditionType).distinct().forEach(blocking::add);
      outcome.condition(
          SUBSCRIPTION_READY,
          false,
          Reasons.NOT_SUBSCRIBED,
          "nothing is subscribed while " + String.join(" and ", blocking) + " is False");
    }
  }

  private static Condition part(SubscriptionPlan plan, String type, String what) {
    return plan.blockedOn(type)
        .map(b -> Conditions.of(type, false, b.reason(), b.message()))
        .orElseGet(
            () ->
                Conditions.of(
                    type,
                    true,
                    "Resolved",
                    type.equals(SubscriptionPlan.SUBSCRIBER_READY)
                        ? "delivering to queue "
                            + plan.queue().map(SubscriberQueue::name).orElse("?")
                        : "from " + plan.source().map(Source::describe).orElse(what)));
  }
}
