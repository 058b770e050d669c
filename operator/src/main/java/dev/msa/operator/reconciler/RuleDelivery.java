package dev.msa.operator.reconciler;

import static dev.msa.operator.reconciler.SubscriptionAws.SUBSCRIPTION_READY;

import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.EventSubscriptionStatus;
import dev.msa.operator.aws.AwsAdapters;
import dev.msa.operator.aws.RuleResource;
import dev.msa.operator.model.DesiredRule;
import dev.msa.operator.model.EventFilters;
import dev.msa.operator.model.ObservedRule;
import dev.msa.operator.model.PlannedCreation;
import dev.msa.operator.model.RuleTarget;
import dev.msa.operator.model.RuleUpdate;
import dev.msa.operator.model.StatementChanges;
import dev.msa.operator.model.SubscriptionPlan;
import dev.msa.operator.model.SubscriptionPlan.RuleSource;
import dev.msa.operator.model.SubscriptionPlan.SubscriberQueue;
import dev.msa.operator.model.TargetUpdate;
import java.util.List;
import java.util.Optional;

/**
 * Delivery from an EventBridge bus: a rule of the operator's with the subscriber queue as its only
 * target. The queue's policy allows the rule before the rule exists; a rule that is not this
 * subscription's is never allowed to send.
 */
final class RuleDelivery {
  static final String TARGET_ID = "msa-subscriber-queue";

  private final AwsAdapters.RuleAdapter rules;
  private final AwsAdapters.TargetAdapter targets;
  private final SubscriptionGrants grants;

  RuleDelivery(
      AwsAdapters.RuleAdapter rules, AwsAdapters.TargetAdapter targets, SubscriptionGrants grants) {
    this.rules = rules;
    this.targets = targets;
    this.grants = grants;
  }

  void putRule(SubscriptionStep step, RuleSource rule, SubscriberQueue queue) {
    SubscriptionOutcome outcome = step.outcome();
    Optional<String> recorded = outcome.ruleArn;
    RuleResource.Key key = new RuleResource.Key(rule.bus(), rule.ruleName());
    String what = "EventBridge rule " + key;
    boolean known = recorded.filter(rule.arn()::equals).isPresent();
    Optional<ObservedRule> observed;
    try {
      observed = step.sync().observe(rules, key, key.toString(), known);
    } catch (RuntimeException e) {
      outcome.failed(SUBSCRIPTION_READY, what, e);
      // A rule that is not ours must not be allowed to send.
      grants.ensurePolicy(step, queue, !(e instanceof NameConflictException));
      return;
    }
    grants.ensurePolicy(step, queue, true);
    Optional<String> invalid =
        EventFilters.eventPatternProblem(
            step.subscription().getSpec().getSource().getEventBus().getPattern());
    if (invalid.isPresent()) {
      // what EventBridge would answer InvalidEventPatternException to is not sent; a rule made
      // from an earlier spec is left as it is
      outcome.condition(
          SUBSCRIPTION_READY,
          false,
          Reasons.INVALID_EVENT_PATTERN,
          "spec.source.eventBus.pattern: "
              + invalid.get()
              + "; EventBridge would refuse it, so nothing is sent until the spec changes");
      return;
    }
    try {
      step.sync()
          .apply(
              rules,
              key,
              key.toString(),
              new DesiredRule(rule.pattern(), description(step.subscription())),
              RuleUpdate::between,
              observed,
              known);
      ensureTarget(step, key, rule, queue, observed.isPresent());
      outcome.ruleArn = Optional.of(rule.arn());
      outcome.condition(
          SUBSCRIPTION_READY, true, "RuleReady", what + " targets queue " + queue.name());
    } catch (RuntimeException e) {
      outcome.failed(SUBSCRIPTION_READY, what, e);
    }
    recorded
        .filter(arn -> !arn.equals(rule.arn()))
        .ifPresent(former -> step.bestEffort(() -> deleteIfOurs(step, former)));
  }

  /** The queue is the rule's only target; a former subscriber's queue loses its statement. */
  private void ensureTarget(
      SubscriptionStep step,
      RuleResource.Key key,
      RuleSource rule,
      SubscriberQueue queue,
      boolean existed) {
    RuleTarget wanted =
        new RuleTarget(TARGET_ID, queue.arn(), queue.fifo() ? rule.ruleName() : null);
    List<RuleTarget> current = existed ? targets.read(key).orElse(List.of()) : List.of();
    TargetUpdate update = TargetUpdate.between(wanted, current);
    if (update.isEmpty()) {
      return;
    }
    Change planned =
        new Change(
            targets.part(),
            key.toString(),
            existed ? Change.Kind.UPDATED : Change.Kind.CREATED,
            update.fields(),
            PlannedCreation.fields(wanted),
            StatementChanges.NONE);
    // The target of a rule created in this reconcile is part of its creation.
    if (step.sync().write(planned, () -> targets.update(key, current, update)) && existed) {
      step.outcome()
          .changes
          .add(new Change(targets.part(), key.toString(), Change.Kind.UPDATED, update.fields()));
    }
    update.formerQueueArn().ifPresent(arn -> grants.refreshFormerQueue(step, arn));
  }

  /** Deletes the rule (and its targets) if the status recorded it or its tags say it is ours. */
  void deleteIfOurs(SubscriptionStep step, String ruleArn) {
    RuleResource.Key key = RuleResource.Key.ofArn(ruleArn, SubscriptionPlan.DEFAULT_BUS);
    boolean recorded =
        step.recorded(EventSubscriptionStatus::getRuleArn).filter(ruleArn::equals).isPresent();
    step.sync().deleteIfOurs(rules, key, key.toString(), recorded);
    if (step.outcome().ruleArn.filter(ruleArn::equals).isPresent()) {
      step.outcome().ruleArn = Optional.empty();
    }
  }

  private static String description(EventSubscription subscription) {
    return "msa-operator: EventSubscription "
        + subscription.getMetadata().getNamespace()
        + "/"
        + subscription.getMetadata().getName();
  }
}
