package dev.msa.operator.reconciler;

import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.EventSubscriptionStatus;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.aws.EventBridgeRules;
import dev.msa.operator.aws.EventBridgeRules.ObservedRule;
import dev.msa.operator.aws.EventBridgeRules.RuleTarget;
import dev.msa.operator.aws.SnsSubscriptions;
import dev.msa.operator.aws.StsIdentity;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.AwsArns;
import dev.msa.operator.model.AwsNames;
import dev.msa.operator.model.AwsTags;
import dev.msa.operator.model.QueuePolicy.Grant;
import dev.msa.operator.model.SubscriptionAttributes;
import dev.msa.operator.model.SubscriptionPlan;
import dev.msa.operator.model.SubscriptionPlan.Blocked;
import dev.msa.operator.model.SubscriptionPlan.RuleSource;
import dev.msa.operator.model.SubscriptionPlan.Source;
import dev.msa.operator.model.SubscriptionPlan.SubscriberQueue;
import dev.msa.operator.model.SubscriptionPlan.TopicSource;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS side of an EventSubscription: the subscriber queue's policy, then the SNS subscription or
 * the EventBridge rule and its target; or, when something blocks it, their removal. The policy is
 * written before a source can deliver and after it no longer does.
 *
 * <p>Reads per steady-state reconcile: an SNS source reads GetSubscriptionAttributes and the
 * queue's GetQueueAttributes (2); an EventBridge source DescribeRule, ListTargetsByRule and
 * GetQueueAttributes (3). A rule already recorded in status is known to be ours, so its tags are
 * read only when it is first found.
 */
final class SubscriptionAws {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionAws.class);
  static final String QUEUE_POLICY_READY = "QueuePolicyReady";
  static final String SUBSCRIPTION_READY = "SubscriptionReady";
  static final String TARGET_ID = "msa-subscriber-queue";
  private static final String ENDPOINT = "Endpoint";
  private static final String TOPIC_ARN = "TopicArn";

  private final OperatorConfig config;
  private final AwsNames names;
  private final StsIdentity sts;
  private final SnsSubscriptions sns;
  private final EventBridgeRules rules;
  private final QueuePolicies policies;

  SubscriptionAws(
      OperatorConfig config,
      StsIdentity sts,
      SnsSubscriptions sns,
      EventBridgeRules rules,
      QueuePolicies policies) {
    this.config = config;
    this.names = new AwsNames(config.namePrefix());
    this.sts = sts;
    this.sns = sns;
    this.rules = rules;
    this.policies = policies;
  }

  SubscriptionOutcome reconcile(EventSubscription subscription, SubscriptionReferences refs) {
    AwsArns arns = arns();
    SubscriptionPlan plan = refs.plan(subscription, names, arns);
    SubscriptionOutcome outcome = new SubscriptionOutcome();
    outcome.subscriptionArn = recorded(subscription, EventSubscriptionStatus::getSubscriptionArn);
    outcome.ruleArn = recorded(subscription, EventSubscriptionStatus::getRuleArn);
    outcome.conditions.add(part(plan, SubscriptionPlan.SUBSCRIBER_READY, "subscriber"));
    outcome.conditions.add(part(plan, SubscriptionPlan.SOURCE_READY, "source"));
    Optional<EventSubscription> owner = duplicateOwner(subscription, plan, refs, arns);
    Context ctx = new Context(subscription, plan, refs, arns, outcome);
    if (plan.ready() && owner.isEmpty()) {
      // A source of the other kind (the spec switched between SNS and EventBridge) goes after.
      if (plan.source().get() instanceof TopicSource topic) {
        subscribe(ctx, topic, plan.queue().get());
        outcome.ruleArn.ifPresent(arn -> bestEffort(ctx, () -> deleteRuleIfOurs(ctx, arn)));
      } else {
        Optional<String> former = outcome.subscriptionArn;
        putRule(ctx, (RuleSource) plan.source().get(), plan.queue().get());
        former.ifPresent(arn -> bestEffort(ctx, () -> release(ctx, arn)));
      }
    } else {
      withdraw(ctx, owner);
    }
    return outcome;
  }

  /**
   * Removes what the subscription has on AWS and its statement from the queue policy. A
   * subscription that another EventSubscription of the same topic and queue still wants is left to
   * it.
   */
  List<String> delete(EventSubscription subscription, SubscriptionReferences refs) {
    AwsArns arns = arns();
    SubscriptionPlan plan = refs.plan(subscription, names, arns);
    SubscriptionOutcome outcome = new SubscriptionOutcome();
    Context ctx = new Context(subscription, plan, refs, arns, outcome);
    Optional<String> subscriptionArn =
        recorded(subscription, EventSubscriptionStatus::getSubscriptionArn)
            .or(
                () ->
                    plan.source().orElse(null) instanceof TopicSource topic
                            && plan.queue().isPresent()
                        ? sns.find(topic.arn(), plan.queue().get().arn())
                        : Optional.empty());
    subscriptionArn.ifPresent(arn -> release(ctx, arn));
    Set<String> ruleArns = new LinkedHashSet<>();
    recorded(subscription, EventSubscriptionStatus::getRuleArn).ifPresent(ruleArns::add);
    if (plan.source().orElse(null) instanceof RuleSource rule) {
      ruleArns.add(rule.arn());
    }
    ruleArns.forEach(arn -> deleteRuleIfOurs(ctx, arn));
    plan.queue().ifPresent(queue -> policies.apply(queue, () -> grants(ctx, queue, false)));
    return outcome.deleted;
  }

  private AwsArns arns() {
    return new AwsArns("aws", config.region(), sts.accountId());
  }

  // --- SNS ---------------------------------------------------------------------------------------

  private void subscribe(Context ctx, TopicSource topic, SubscriberQueue queue) {
    Optional<String> recorded = ctx.outcome.subscriptionArn;
    Optional<Map<String, String>> observed = Optional.empty();
    Optional<Map<String, String>> moved = Optional.empty();
    try {
      observed = recorded.flatMap(sns::attributes);
      if (observed.isPresent()
          && !(topic.arn().equals(observed.get().get(TOPIC_ARN))
              && queue.arn().equals(observed.get().get(ENDPOINT)))) {
        moved = observed;
        observed = Optional.empty();
      }
    } catch (RuntimeException e) {
      failed(ctx, SUBSCRIPTION_READY, "SNS subscription " + recorded.orElse(""), e);
      ensurePolicy(ctx, queue, true);
      return;
    }
    ensurePolicy(ctx, queue, true);
    Map<String, String> desired = SubscriptionAttributes.sns(ctx.subscription.getSpec());
    String what = "SNS subscription of queue " + queue.name() + " to " + topic.arn();
    try {
      String arn;
      if (observed.isPresent()) {
        arn = recorded.get();
        setChanged(ctx, arn, desired, observed.get());
      } else {
        arn = sns.subscribe(topic.arn(), queue.arn(), SubscriptionAttributes.atSubscribe(desired));
        ctx.outcome.created.add(what);
        if (recorded.isPresent() && moved.isEmpty()) {
          ctx.outcome.changes.add(what + " (deleted outside the operator)");
        }
        // An existing subscription is returned as it is: bring its attributes along.
        sns.attributes(arn).ifPresent(now -> setChanged(ctx, arn, desired, now));
      }
      ctx.outcome.subscriptionArn = Optional.of(arn);
      ctx.outcome.conditions.add(
          Conditions.of(
              SUBSCRIPTION_READY,
              true,
              "Subscribed",
              "queue " + queue.name() + " is subscribed to " + topic.describe()));
    } catch (RuntimeException e) {
      failed(ctx, SUBSCRIPTION_READY, what, e);
    }
    if (moved.isPresent()) {
      bestEffort(ctx, () -> release(ctx, recorded.get()));
    }
  }

  private void setChanged(
      Context ctx, String arn, Map<String, String> desired, Map<String, String> observed) {
    Map<String, String> changed = SubscriptionAttributes.changed(desired, observed);
    if (!changed.isEmpty()) {
      sns.setAttributes(arn, changed);
      ctx.outcome.changes.add("SNS subscription " + String.join(", ", changed.keySet()));
    }
  }

  /** Unsubscribes, unless another subscription of the same topic and queue still wants it. */
  private void release(Context ctx, String subscriptionArn) {
    Optional<Map<String, String>> attributes = sns.attributes(subscriptionArn);
    if (attributes.isPresent()) {
      Optional<EventSubscription> heir =
          wantedBy(
              ctx,
              attributes.get().get(TOPIC_ARN),
              attributes.get().get(ENDPOINT),
              Set.of(uid(ctx)));
      if (heir.isPresent()) {
        ctx.refs.wakeUp(heir.get());
      } else {
        sns.unsubscribe(subscriptionArn);
        ctx.outcome.deleted.add("SNS subscription " + subscriptionArn);
      }
      refreshFormerQueue(ctx, attributes.get().get(ENDPOINT));
    }
    if (ctx.outcome.subscriptionArn.filter(subscriptionArn::equals).isPresent()) {
      ctx.outcome.subscriptionArn = Optional.empty();
    }
  }

  // --- EventBridge -------------------------------------------------------------------------------

  private void putRule(Context ctx, RuleSource rule, SubscriberQueue queue) {
    Optional<String> recorded = ctx.outcome.ruleArn;
    String what = "EventBridge rule " + rule.ruleName() + " on bus " + rule.bus();
    Optional<ObservedRule> observed;
    try {
      observed = rules.describe(rule.bus(), rule.ruleName());
      if (observed.isPresent() && !observed.get().arn().equals(recorded.orElse(null))) {
        Map<String, String> tags = rules.tags(observed.get().arn());
        if (!AwsTags.ownedBy(tags, ctx.subscription)) {
          throw new NameConflictException(what, AwsTags.describeOwner(tags));
        }
      }
    } catch (RuntimeException e) {
      failed(ctx, SUBSCRIPTION_READY, what, e);
      // A rule that is not ours must not be allowed to send.
      ensurePolicy(ctx, queue, !(e instanceof NameConflictException));
      return;
    }
    ensurePolicy(ctx, queue, true);
    try {
      if (observed.isEmpty()) {
        rules.put(
            rule.bus(),
            rule.ruleName(),
            rule.pattern(),
            description(ctx.subscription),
            AwsTags.of(config.clusterName(), ctx.subscription));
        ctx.outcome.created.add(what);
        if (recorded.filter(rule.arn()::equals).isPresent()) {
          ctx.outcome.changes.add(what + " (deleted outside the operator)");
        }
      } else {
        List<String> changed = new ArrayList<>();
        if (!SubscriptionAttributes.samePattern(rule.pattern(), observed.get().eventPattern())) {
          changed.add("event pattern");
        }
        if (!observed.get().enabled()) {
          changed.add("state ENABLED");
        }
        if (!changed.isEmpty()) {
          rules.put(
              rule.bus(), rule.ruleName(), rule.pattern(), description(ctx.subscription), Map.of());
          ctx.outcome.changes.add(what + " " + String.join(", ", changed));
        }
      }
      ensureTarget(ctx, rule, queue, observed.isPresent(), what);
      ctx.outcome.ruleArn = Optional.of(rule.arn());
      ctx.outcome.conditions.add(
          Conditions.of(
              SUBSCRIPTION_READY, true, "RuleReady", what + " targets queue " + queue.name()));
    } catch (RuntimeException e) {
      failed(ctx, SUBSCRIPTION_READY, what, e);
    }
    recorded
        .filter(arn -> !arn.equals(rule.arn()))
        .ifPresent(former -> bestEffort(ctx, () -> deleteRuleIfOurs(ctx, former)));
  }

  /** The queue is the rule's only target; a former subscriber's queue loses its statement. */
  private void ensureTarget(
      Context ctx, RuleSource rule, SubscriberQueue queue, boolean existed, String what) {
    List<RuleTarget> current =
        existed ? rules.targets(rule.bus(), rule.ruleName()) : List.<RuleTarget>of();
    RuleTarget wanted =
        new RuleTarget(TARGET_ID, queue.arn(), queue.fifo() ? rule.ruleName() : null);
    if (!current.contains(wanted)) {
      rules.putTarget(rule.bus(), rule.ruleName(), wanted);
      if (existed) {
        ctx.outcome.changes.add(what + " target " + queue.name());
      }
    }
    List<String> others =
        current.stream().map(RuleTarget::id).filter(id -> !TARGET_ID.equals(id)).toList();
    if (!others.isEmpty()) {
      rules.removeTargets(rule.bus(), rule.ruleName(), others);
      ctx.outcome.changes.add(what + " removed targets " + String.join(", ", others));
    }
    current.stream()
        .filter(t -> TARGET_ID.equals(t.id()) && !queue.arn().equals(t.arn()))
        .findFirst()
        .ifPresent(former -> refreshFormerQueue(ctx, former.arn()));
  }

  private void deleteRuleIfOurs(Context ctx, String ruleArn) {
    String path = ruleArn.substring(ruleArn.indexOf(":rule/") + ":rule/".length());
    int slash = path.lastIndexOf('/');
    String bus = slash < 0 ? SubscriptionPlan.DEFAULT_BUS : path.substring(0, slash);
    String name = path.substring(slash + 1);
    Optional<ObservedRule> observed = rules.describe(bus, name);
    boolean recorded =
        recorded(ctx.subscription, EventSubscriptionStatus::getRuleArn)
            .filter(ruleArn::equals)
            .isPresent();
    if (observed.isPresent()
        && (recorded || AwsTags.ownedBy(rules.tags(observed.get().arn()), ctx.subscription))) {
      rules.removeTargets(
          bus, name, rules.targets(bus, name).stream().map(RuleTarget::id).toList());
      rules.delete(bus, name);
      ctx.outcome.deleted.add("EventBridge rule " + name + " on bus " + bus);
    }
    if (ctx.outcome.ruleArn.filter(ruleArn::equals).isPresent()) {
      ctx.outcome.ruleArn = Optional.empty();
    }
  }

  // --- blocked: nothing may deliver --------------------------------------------------------------

  private void withdraw(Context ctx, Optional<EventSubscription> owner) {
    boolean removalFailed = false;
    try {
      Optional<String> subscriptionArn = ctx.outcome.subscriptionArn;
      if (subscriptionArn.isPresent()) {
        release(ctx, subscriptionArn.get());
      }
      Optional<String> ruleArn = ctx.outcome.ruleArn;
      if (ruleArn.isPresent()) {
        deleteRuleIfOurs(ctx, ruleArn.get());
      }
    } catch (RuntimeException e) {
      removalFailed = true;
      failed(ctx, SUBSCRIPTION_READY, "removing what this subscription had on AWS", e);
    }
    ctx.plan
        .queue()
        .ifPresentOrElse(
            queue -> ensurePolicy(ctx, queue, false),
            () ->
                ctx.outcome.conditions.add(
                    Conditions.of(
                        QUEUE_POLICY_READY,
                        false,
                        "WaitingForSubscriber",
                        "no queue to grant: see " + SubscriptionPlan.SUBSCRIBER_READY)));
    if (removalFailed) {
      return;
    }
    if (owner.isPresent()) {
      ctx.outcome.conditions.add(
          Conditions.of(
              SUBSCRIPTION_READY,
              false,
              "DuplicateSubscription",
              "EventSubscription "
                  + owner.get().getMetadata().getName()
                  + " already subscribes this queue to "
                  + ctx.plan.source().map(Source::arn).orElse("")
                  + ", and SNS keeps one subscription per topic and queue: delete one of the two"));
    } else {
      String blocking =
          String.join(
              " and ", ctx.plan.blocked().stream().map(Blocked::conditionType).distinct().toList());
      ctx.outcome.conditions.add(
          Conditions.of(
              SUBSCRIPTION_READY,
              false,
              "NotSubscribed",
              "nothing is subscribed while " + blocking + " is False"));
    }
  }

  // --- the queue policy --------------------------------------------------------------------------

  /**
   * Writes the queue's policy as the union of its subscriptions, this one's grant included when
   * {@code withOwn}. A change counts as this subscription's only when its own statement was put
   * back or taken out: a sibling's statement is that sibling's news.
   */
  private void ensurePolicy(Context ctx, SubscriberQueue queue, boolean withOwn) {
    String what = "queue policy of " + queue.name();
    try {
      QueuePolicies.Write write = policies.apply(queue, () -> grants(ctx, queue, withOwn));
      if (write.queueGone()) {
        ctx.outcome.retrySoon = true;
        ctx.outcome.conditions.add(
            Conditions.of(
                QUEUE_POLICY_READY,
                false,
                "QueueNotFound",
                "queue "
                    + queue.name()
                    + " does not exist: waiting for Microservice "
                    + queue.microservice()
                    + " to create it again"));
        return;
      }
      Optional<String> ownSid = ctx.plan.source().map(s -> s.grant().sid());
      if (ownSid
          .filter(sid -> write.added().contains(sid) || write.removed().contains(sid))
          .isPresent()) {
        ctx.outcome.changes.add(
            what + (write.added().contains(ownSid.get()) ? " statement" : " statement removed"));
      }
      ctx.outcome.conditions.add(
          withOwn
              ? Conditions.of(
                  QUEUE_POLICY_READY,
                  true,
                  "Ready",
                  what + " allows sqs:SendMessage from this source only for its exact ARN")
              : Conditions.of(
                  QUEUE_POLICY_READY,
                  true,
                  "NotGranted",
                  what + " grants this subscription nothing"));
    } catch (RuntimeException e) {
      failed(ctx, QUEUE_POLICY_READY, what, e);
    }
  }

  /**
   * The union for a queue, from the informer cache as it is now: every live subscription of the
   * queue's Microservice that is ready, except one known to have a rule that is not its own; and
   * this subscription's grant when asked.
   */
  private Set<Grant> grants(Context ctx, SubscriberQueue queue, boolean withOwn) {
    Set<Grant> grants = new HashSet<>();
    String namespace = ctx.subscription.getMetadata().getNamespace();
    for (EventSubscription other : ctx.refs.ofSubscriber(namespace, queue.microservice())) {
      if (other.getMetadata().getUid().equals(uid(ctx))
          || other.getMetadata().getDeletionTimestamp() != null
          || hasNameConflict(other)) {
        continue;
      }
      SubscriptionPlan plan = ctx.refs.plan(other, names, ctx.arns);
      if (plan.queue().map(SubscriberQueue::arn).filter(queue.arn()::equals).isPresent()) {
        plan.grant().ifPresent(grants::add);
      }
    }
    if (withOwn && ctx.subscription.getMetadata().getDeletionTimestamp() == null) {
      ctx.plan.grant().ifPresent(grants::add);
    }
    return grants;
  }

  /** The queue this subscription delivered to before its subscriber changed loses its grant. */
  private void refreshFormerQueue(Context ctx, String formerQueueArn) {
    if (formerQueueArn == null
        || ctx.plan.queue().map(SubscriberQueue::arn).filter(formerQueueArn::equals).isPresent()) {
      return;
    }
    ctx.refs
        .withQueue(ctx.subscription.getMetadata().getNamespace(), formerQueueArn)
        .map(SubscriptionAws::queueOf)
        .flatMap(q -> q)
        .ifPresent(former -> policies.apply(former, () -> grants(ctx, former, false)));
  }

  // --- helpers -----------------------------------------------------------------------------------

  /**
   * SNS keeps one subscription per topic and queue: of several EventSubscriptions asking for the
   * same, the oldest owns it and the others report it.
   */
  private Optional<EventSubscription> duplicateOwner(
      EventSubscription subscription,
      SubscriptionPlan plan,
      SubscriptionReferences refs,
      AwsArns arns) {
    if (!plan.ready() || !(plan.source().get() instanceof TopicSource topic)) {
      return Optional.empty();
    }
    List<EventSubscription> same = new ArrayList<>();
    same.add(subscription);
    same.addAll(
        wanting(
            refs,
            arns,
            subscription.getMetadata().getNamespace(),
            subscription.getSpec().getSubscriber(),
            topic.arn(),
            Set.of(subscription.getMetadata().getUid())));
    EventSubscription owner =
        same.stream()
            .min(
                Comparator.comparing(
                        (EventSubscription s) -> s.getMetadata().getCreationTimestamp())
                    .thenComparing(s -> s.getMetadata().getName()))
            .get();
    return owner == subscription ? Optional.empty() : Optional.of(owner);
  }

  /** Another live, ready subscription of this topic into this queue, if any. */
  private Optional<EventSubscription> wantedBy(
      Context ctx, String topicArn, String queueArn, Set<String> except) {
    String namespace = ctx.subscription.getMetadata().getNamespace();
    return ctx.refs
        .withQueue(namespace, queueArn)
        .flatMap(
            ms ->
                wanting(ctx.refs, ctx.arns, namespace, ms.getMetadata().getName(), topicArn, except)
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
        .filter(
            s -> {
              SubscriptionPlan plan = refs.plan(s, names, arns);
              return plan.ready()
                  && plan.source().get() instanceof TopicSource t
                  && t.arn().equals(topicArn);
            })
        .toList();
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

  /**
   * Removing what a former spec made: a failure is retried, but does not hide the state of what the
   * current spec asks for.
   */
  private static void bestEffort(Context ctx, Runnable removal) {
    try {
      removal.run();
    } catch (RuntimeException e) {
      log.warn(
          "EventSubscription {}/{}: removing what a former spec made failed, retrying: {}",
          ctx.subscription.getMetadata().getNamespace(),
          ctx.subscription.getMetadata().getName(),
          e.getMessage());
      ctx.outcome.retrySoon = true;
    }
  }

  private static void failed(Context ctx, String type, String what, RuntimeException e) {
    ctx.outcome.retrySoon |= AwsPartFailure.retrySoon(e);
    ctx.outcome.conditions.add(AwsPartFailure.of(type, what, e));
  }

  private static boolean hasNameConflict(EventSubscription subscription) {
    return subscription.getStatus() != null
        && subscription.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    SUBSCRIPTION_READY.equals(c.getType())
                        && AwsPartFailure.NAME_CONFLICT.equals(c.getReason()));
  }

  private static Optional<SubscriberQueue> queueOf(Microservice ms) {
    return Optional.ofNullable(ms.getStatus())
        .map(s -> s.getQueue())
        .filter(q -> q.getUrl() != null && q.getArn() != null)
        .map(q -> new SubscriberQueue(ms.getMetadata().getName(), q.getUrl(), q.getArn()));
  }

  private static String description(EventSubscription subscription) {
    return "msa-operator: EventSubscription "
        + subscription.getMetadata().getNamespace()
        + "/"
        + subscription.getMetadata().getName();
  }

  private static Optional<String> recorded(
      EventSubscription subscription,
      java.util.function.Function<EventSubscriptionStatus, String> field) {
    return Optional.ofNullable(subscription.getStatus()).map(field);
  }

  private static String uid(Context ctx) {
    return ctx.subscription.getMetadata().getUid();
  }

  /** One reconcile's inputs and outcome, passed along its steps. */
  private record Context(
      EventSubscription subscription,
      SubscriptionPlan plan,
      SubscriptionReferences refs,
      AwsArns arns,
      SubscriptionOutcome outcome) {}
}
