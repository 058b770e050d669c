package dev.msa.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.PublishedTopic;
import dev.msa.operator.model.QueuePolicy.Grant;
import dev.msa.operator.model.QueuePolicy.Sender;
import dev.msa.operator.model.SubscriptionPlan.Blocked;
import dev.msa.operator.model.SubscriptionPlan.RuleSource;
import dev.msa.operator.model.SubscriptionPlan.TopicSource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubscriptionPlanTest {
  private static final AwsNames NAMES = new AwsNames("prod");
  private static final AwsArns ARNS = new AwsArns("aws", "eu-west-1", "123456789012");
  private static final String QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:prod-shop-notify";
  private static final String QUEUE_URL =
      "https://sqs.eu-west-1.amazonaws.com/123/prod-shop-notify";
  private static final String TOPIC_ARN =
      "arn:aws:sns:eu-west-1:123456789012:prod-billing-orders-order-events";

  // --- the cross-namespace decision --------------------------------------------------------------

  @Test
  void aTopicMayBeFollowedFromItsOwnNamespace() {
    assertThat(SubscriptionPlan.subscriptionAllowed("shop", topic("[]"), "shop")).isTrue();
    assertThat(SubscriptionPlan.subscriptionAllowed("shop", topic(null), "shop")).isTrue();
  }

  @Test
  void anotherNamespaceMustBeListed() {
    assertThat(SubscriptionPlan.subscriptionAllowed("billing", topic("[shop, ops]"), "shop"))
        .isTrue();
    assertThat(SubscriptionPlan.subscriptionAllowed("billing", topic("[ops]"), "shop")).isFalse();
    assertThat(SubscriptionPlan.subscriptionAllowed("billing", topic("[]"), "shop")).isFalse();
    assertThat(SubscriptionPlan.subscriptionAllowed("billing", topic(null), "shop")).isFalse();
  }

  @Test
  void aDeniedSubscriptionIsBlockedWithSubscriptionNotAllowedAndGrantsNothing() {
    SubscriptionPlan plan =
        plan(
            topicSubscription("{microservice: orders, name: order-events, namespace: billing}"),
            Optional.of(subscriber(QUEUE_ARN)),
            Optional.of(publisher("billing", "[ops]", false)));
    assertThat(plan.ready()).isFalse();
    assertThat(plan.grant()).isEmpty();
    assertThat(plan.blocked())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.conditionType()).isEqualTo("SourceReady");
              assertThat(b.reason()).isEqualTo("SubscriptionNotAllowed");
              assertThat(b.message())
                  .contains("billing/orders")
                  .contains("namespace shop")
                  .contains("subscribers.namespaces");
            });
    assertThat(plan.queue()).as("the queue is still known, to drop a statement").isPresent();
  }

  @Test
  void anAllowedCrossNamespaceTopicResolvesToThePublishersTopicArn() {
    SubscriptionPlan plan =
        plan(
            topicSubscription("{microservice: orders, name: order-events, namespace: billing}"),
            Optional.of(subscriber(QUEUE_ARN)),
            Optional.of(publisher("billing", "[shop]", false)));
    assertThat(plan.ready()).isTrue();
    assertThat(plan.source()).containsInstanceOf(TopicSource.class);
    assertThat(plan.source().get().arn()).isEqualTo(TOPIC_ARN);
    assertThat(plan.grant()).contains(new Grant(Sender.SNS, TOPIC_ARN));
    assertThat(plan.queue().get().url()).isEqualTo(QUEUE_URL);
  }

  // --- what is missing ---------------------------------------------------------------------------

  @Test
  void aMissingSubscriberOrQueueIsNamed() {
    EventSubscription s = topicSubscription("{microservice: orders, name: order-events}");
    Optional<Microservice> publisher = Optional.of(publisher("shop", "[]", false));
    assertThat(reason(plan(s, Optional.empty(), publisher), "SubscriberReady"))
        .isEqualTo("SubscriberNotFound");
    Microservice noQueue = subscriber(QUEUE_ARN);
    noQueue.getSpec().setQueue(null);
    assertThat(reason(plan(s, Optional.of(noQueue), publisher), "SubscriberReady"))
        .isEqualTo("SubscriberHasNoQueue");
    Microservice notYet = subscriber(QUEUE_ARN);
    notYet.getStatus().setQueue(null);
    Blocked blocked = plan(s, Optional.of(notYet), publisher).blocked().get(0);
    assertThat(blocked.reason()).isEqualTo("QueueNotReady");
    assertThat(blocked.message()).contains("Microservice shop/notify");
    Microservice deleting = subscriber(QUEUE_ARN);
    deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    assertThat(reason(plan(s, Optional.of(deleting), publisher), "SubscriberReady"))
        .isEqualTo("SubscriberDeleted");
  }

  @Test
  void aMissingPublisherOrTopicIsNamed() {
    EventSubscription s = topicSubscription("{microservice: orders, name: order-events}");
    Optional<Microservice> subscriber = Optional.of(subscriber(QUEUE_ARN));
    SubscriptionPlan missing = plan(s, subscriber, Optional.empty());
    assertThat(reason(missing, "SourceReady")).isEqualTo("PublisherNotFound");
    assertThat(missing.blocked().get(0).message()).contains("shop/orders does not exist");

    EventSubscription other = topicSubscription("{microservice: orders, name: refunds}");
    assertThat(
            reason(
                plan(other, subscriber, Optional.of(publisher("shop", "[]", false))),
                "SourceReady"))
        .isEqualTo("TopicNotPublished");

    Microservice creating = publisher("shop", "[]", false);
    creating.getStatus().setTopics(List.of());
    assertThat(reason(plan(s, subscriber, Optional.of(creating)), "SourceReady"))
        .isEqualTo("TopicNotReady");
  }

  @Test
  void fifoTopicsDeliverOnlyToFifoQueuesAndStandardOnlyToStandard() {
    EventSubscription s = topicSubscription("{microservice: orders, name: order-events}");
    SubscriptionPlan fifoTopic =
        plan(s, Optional.of(subscriber(QUEUE_ARN)), Optional.of(publisher("shop", "[]", true)));
    assertThat(reason(fifoTopic, "SourceReady")).isEqualTo("FifoMismatch");
    assertThat(fifoTopic.blocked().get(0).message()).contains("FIFO").contains("standard");
    assertThat(fifoTopic.grant()).isEmpty();

    SubscriptionPlan fifoQueue =
        plan(
            s,
            Optional.of(subscriber(QUEUE_ARN + ".fifo")),
            Optional.of(publisher("shop", "[]", false)));
    assertThat(reason(fifoQueue, "SourceReady")).isEqualTo("FifoMismatch");

    assertThat(
            plan(
                    s,
                    Optional.of(subscriber(QUEUE_ARN + ".fifo")),
                    Optional.of(publisher("shop", "[]", true)))
                .ready())
        .isTrue();
  }

  @Test
  void anEventBridgeRuleDeliversToAFifoQueueOnlyWithContentBasedDeduplication() {
    EventSubscription s = subscription("source: {eventBus: {pattern: {source: [com.acme]}}}");
    Microservice fifo = subscriber(QUEUE_ARN + ".fifo");
    SubscriptionPlan without = plan(s, Optional.of(fifo), Optional.empty());
    assertThat(reason(without, "SourceReady")).isEqualTo("ContentBasedDeduplicationRequired");
    assertThat(without.blocked().get(0).message())
        .contains("spec.queue.contentBasedDeduplication: true")
        .contains("notify");
    assertThat(without.grant()).isEmpty();

    fifo.getSpec().getQueue().setContentBasedDeduplication(true);
    assertThat(plan(s, Optional.of(fifo), Optional.empty()).ready()).isTrue();
    assertThat(plan(s, Optional.of(subscriber(QUEUE_ARN)), Optional.empty()).ready())
        .as("a standard queue needs no deduplication")
        .isTrue();
  }

  // --- the other sources -------------------------------------------------------------------------

  @Test
  void anExternalTopicArnIsTakenAsItIs() {
    String external = "arn:aws:sns:eu-west-1:210987654321:partner-events";
    SubscriptionPlan plan =
        plan(
            subscription("source: {topicArn: " + external + "}"),
            Optional.of(subscriber(QUEUE_ARN)),
            Optional.empty());
    assertThat(plan.grant()).contains(new Grant(Sender.SNS, external));
  }

  @Test
  void anEventBusSourceIsARuleNamedAfterTheSubscription() {
    SubscriptionPlan onDefault =
        plan(
            subscription("source: {eventBus: {name: default, pattern: {source: [com.acme]}}}"),
            Optional.of(subscriber(QUEUE_ARN)),
            Optional.empty());
    RuleSource rule = (RuleSource) onDefault.source().orElseThrow();
    assertThat(rule.ruleName()).isEqualTo("prod-shop-notify-on-order");
    assertThat(rule.arn())
        .isEqualTo("arn:aws:events:eu-west-1:123456789012:rule/prod-shop-notify-on-order");
    assertThat(rule.pattern()).isEqualTo("{\"source\":[\"com.acme\"]}");
    assertThat(onDefault.grant()).contains(new Grant(Sender.EVENTBRIDGE, rule.arn()));

    RuleSource onCustom =
        (RuleSource)
            plan(
                    subscription("source: {eventBus: {name: orders, pattern: {source: [x]}}}"),
                    Optional.of(subscriber(QUEUE_ARN + ".fifo")),
                    Optional.empty())
                .source()
                .orElseThrow();
    assertThat(onCustom.arn())
        .isEqualTo("arn:aws:events:eu-west-1:123456789012:rule/orders/prod-shop-notify-on-order");
    assertThat(onCustom.bus()).isEqualTo("orders");
  }

  // --- fixtures ----------------------------------------------------------------------------------

  private static SubscriptionPlan plan(
      EventSubscription s, Optional<Microservice> subscriber, Optional<Microservice> publisher) {
    return SubscriptionPlan.resolve(s, subscriber, publisher, NAMES, ARNS);
  }

  private static String reason(SubscriptionPlan plan, String type) {
    return plan.blockedOn(type).map(Blocked::reason).orElse("(not blocked)");
  }

  private static PublishedTopic topic(String namespaces) {
    String yaml =
        "name: order-events"
            + (namespaces == null ? "" : "\nsubscribers: {namespaces: " + namespaces + "}");
    return Serialization.unmarshal(yaml, PublishedTopic.class);
  }

  private static EventSubscription topicSubscription(String topicRef) {
    return subscription("source: {topic: " + topicRef + "}");
  }

  private static EventSubscription subscription(String source) {
    return Serialization.unmarshal(
        """
        apiVersion: msa.dev/v1alpha1
        kind: EventSubscription
        metadata: {name: notify-on-order, namespace: shop, uid: u-1, generation: 1}
        spec:
          subscriber: notify
          %s
        """
            .formatted(source),
        EventSubscription.class);
  }

  private static Microservice subscriber(String queueArn) {
    return Serialization.unmarshal(
        """
        apiVersion: msa.dev/v1alpha1
        kind: Microservice
        metadata: {name: notify, namespace: shop}
        spec: {image: x, queue: {}}
        status: {queue: {url: %s, arn: %s}}
        """
            .formatted(QUEUE_URL, queueArn),
        Microservice.class);
  }

  private static Microservice publisher(String namespace, String allowed, boolean fifo) {
    String arn =
        fifo
            ? TOPIC_ARN.replace("billing", namespace) + ".fifo"
            : TOPIC_ARN.replace("billing", namespace);
    return Serialization.unmarshal(
        """
        apiVersion: msa.dev/v1alpha1
        kind: Microservice
        metadata: {name: orders, namespace: %s}
        spec:
          image: x
          publishes: [{name: order-events, fifo: %s, subscribers: {namespaces: %s}}]
        status:
          topics: [{name: order-events, arn: %s}]
        """
            .formatted(namespace, fifo, allowed, arn),
        Microservice.class);
  }
}
