package dev.msa.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.model.PolicyDocuments;
import dev.msa.operator.testing.Eventually;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * EventSubscriptions on the full local environment, proven with real messages: what a publisher
 * puts on its topic or on the EventBridge bus reaches the subscriber's queue when the filter or
 * pattern matches, and only then. The operator runs in this JVM with the configuration of
 * .local/env.sh, watching only this test's namespace.
 */
class EventSubscriptionE2E extends OperatorE2E {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @BeforeAll
  static void start() {
    startOperator("e2e-evsub");
  }

  /**
   * Deletes what the tests made while the operator still runs, so its finalizers give the AWS
   * resources back and the shared environment keeps nothing of this run.
   */
  @AfterAll
  static void stop() {
    if (!operatorStarted()) {
      return;
    }
    for (var type : List.of(EventSubscription.class, Microservice.class)) {
      client.resources(type).inNamespace(namespace).delete();
    }
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(
                  client
                      .resources(EventSubscription.class)
                      .inNamespace(namespace)
                      .list()
                      .getItems())
              .isEmpty();
          assertThat(client.resources(Microservice.class).inNamespace(namespace).list().getItems())
              .isEmpty();
        });
  }

  @Test
  void aMatchingMessageOnTheTopicReachesTheQueueBareAndANonMatchingOneDoesNot() {
    apply(Microservice.class, microservice("orders", "publishes: [{name: order-events}]"));
    apply(
        Microservice.class, microservice("notifications", "queue: {visibilityTimeoutSeconds: 5}"));
    apply(
        EventSubscription.class,
        subscription(
            "notify-on-order",
            "subscriber: notifications\n"
                + "  source: {topic: {microservice: orders, name: order-events}}\n"
                + "  filterPolicy: {eventType: [OrderCreated]}\n"
                + "  rawMessageDelivery: true"));
    EventSubscription subscription = awaitReady("notify-on-order");
    String topicArn = get(Microservice.class, "orders").getStatus().getTopics().get(0).getArn();
    String queueUrl = get(Microservice.class, "notifications").getStatus().getQueue().getUrl();
    assertThat(subscription.getStatus().getSubscriptionArn()).startsWith(topicArn + ":");
    assertThat(onlySourceArn(queueUrl)).isEqualTo(topicArn);

    publish(topicArn, "OrderCancelled", "order 1 cancelled");
    publish(topicArn, "OrderCreated", "order 2 created");
    publish(topicArn, "OrderShipped", "order 3 shipped");
    publish(topicArn, "OrderCreated", "order 4 created");
    assertThat(receiveAll(queueUrl, 2))
        .as("only the matching messages, as their bare bodies")
        .extracting(Message::body)
        .containsExactly("order 2 created", "order 4 created");
  }

  @Test
  void withoutRawDeliveryTheQueueReceivesTheSnsEnvelope() {
    apply(Microservice.class, microservice("payments", "publishes: [{name: payment-events}]"));
    apply(Microservice.class, microservice("ledger", "queue: {}"));
    apply(
        EventSubscription.class,
        subscription(
            "record-payments",
            "subscriber: ledger\n  source: {topic: {microservice: payments, name: payment-events}}"));
    awaitReady("record-payments");
    String topicArn = get(Microservice.class, "payments").getStatus().getTopics().get(0).getArn();
    String queueUrl = get(Microservice.class, "ledger").getStatus().getQueue().getUrl();

    publish(topicArn, "PaymentTaken", "payment 7");
    Message message = receiveAll(queueUrl, 1).get(0);
    JsonNode envelope = PolicyDocuments.parse(message.body());
    assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
    assertThat(envelope.get("TopicArn").asText()).isEqualTo(topicArn);
    assertThat(envelope.get("Message").asText()).isEqualTo("payment 7");
  }

  @Test
  void aMatchingEventOnTheBusReachesTheQueueAndANonMatchingOneDoesNot() {
    apply(Microservice.class, microservice("inventory", "queue: {visibilityTimeoutSeconds: 5}"));
    apply(
        EventSubscription.class,
        subscription(
            "reserve-stock",
            "subscriber: inventory\n"
                + "  source:\n"
                + "    eventBus:\n"
                + "      name: default\n"
                + "      pattern: {source: [com.acme.orders], detail-type: [OrderPlaced]}"));
    EventSubscription subscription = awaitReady("reserve-stock");
    String ruleArn = subscription.getStatus().getRuleArn();
    String queueUrl = get(Microservice.class, "inventory").getStatus().getQueue().getUrl();
    assertThat(ruleArn).contains(":rule/").endsWith("-" + namespace + "-reserve-stock");
    assertThat(onlySourceArn(queueUrl)).isEqualTo(ruleArn);

    putEvent("com.acme.orders", "OrderCancelled", "{\"orderId\":\"1\"}");
    putEvent("com.acme.payments", "OrderPlaced", "{\"orderId\":\"2\"}");
    putEvent("com.acme.orders", "OrderPlaced", "{\"orderId\":\"3\"}");
    List<Message> received = receiveAll(queueUrl, 1);
    JsonNode event = PolicyDocuments.parse(received.get(0).body());
    assertThat(event.get("source").asText()).isEqualTo("com.acme.orders");
    assertThat(event.get("detail-type").asText()).isEqualTo("OrderPlaced");
    assertThat(event.get("detail").get("orderId").asText()).isEqualTo("3");

    client
        .resources(EventSubscription.class)
        .inNamespace(namespace)
        .withName("reserve-stock")
        .delete();
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(find(EventSubscription.class, "reserve-stock")).isNull();
          assertThat(
                  aws.eventBridge()
                      .listRules(r -> r.namePrefix(ruleArn.substring(ruleArn.indexOf('/') + 1)))
                      .rules())
              .isEmpty();
        });
    putEvent("com.acme.orders", "OrderPlaced", "{\"orderId\":\"4\"}");
    Eventually.sleep(Duration.ofSeconds(2));
    assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages())
        .as("nothing is delivered once the subscription is gone")
        .isEmpty();
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static void publish(String topicArn, String eventType, String body) {
    aws.sns()
        .publish(
            r ->
                r.topicArn(topicArn)
                    .message(body)
                    .messageAttributes(
                        Map.of(
                            "eventType",
                            MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue(eventType)
                                .build())));
  }

  private static void putEvent(String source, String detailType, String detail) {
    var response =
        aws.eventBridge()
            .putEvents(r -> r.entries(e -> e.source(source).detailType(detailType).detail(detail)));
    assertThat(response.failedEntryCount()).isZero();
  }

  /**
   * Receives until {@code expected} messages arrived, then once more to show nothing else did; each
   * message is deleted so none comes back.
   */
  private static List<Message> receiveAll(String queueUrl, int expected) {
    List<Message> received = new ArrayList<>();
    Eventually.assertThat(
        WAIT,
        () -> {
          received.addAll(receive(queueUrl));
          assertThat(received).hasSizeGreaterThanOrEqualTo(expected);
        });
    Eventually.sleep(Duration.ofSeconds(1));
    received.addAll(receive(queueUrl));
    assertThat(received).as("exactly the expected messages").hasSize(expected);
    return received;
  }

  private static List<Message> receive(String queueUrl) {
    List<Message> messages =
        aws.sqs()
            .receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
            .messages();
    messages.forEach(
        m -> aws.sqs().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
    return messages;
  }

  /** The queue policy has one statement, and it names this source exactly. */
  private static String onlySourceArn(String queueUrl) {
    String policy =
        aws.sqs()
            .getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.POLICY))
            .attributesAsStrings()
            .get("Policy");
    assertThat(policy).as("queue policy").isNotNull();
    JsonNode statements = PolicyDocuments.parse(policy).get("Statement");
    assertThat(statements).hasSize(1);
    JsonNode statement = statements.get(0);
    assertThat(statement.get("Action").asText()).isEqualTo("sqs:SendMessage");
    assertThat(statement.get("Principal").has("Service")).isTrue();
    return statement.get("Condition").get("ArnEquals").get("aws:SourceArn").asText();
  }

  private static EventSubscription awaitReady(String name) {
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition ready = condition(name);
          assertThat(ready.getStatus()).as(ready.getMessage()).isEqualTo("True");
        });
    return get(EventSubscription.class, name);
  }

  private static Condition condition(String name) {
    EventSubscription subscription = get(EventSubscription.class, name);
    assertThat(subscription.getStatus()).as("status of " + name).isNotNull();
    return subscription.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Ready condition on " + name));
  }

  private static <T extends HasMetadata> void apply(Class<T> type, String yaml) {
    client
        .resources(type)
        .inNamespace(namespace)
        .resource(Serialization.unmarshal(yaml, type))
        .fieldManager("e2e-user")
        .forceConflicts()
        .serverSideApply();
  }

  private static String microservice(String name, String spec) {
    return """
        apiVersion: msa.dev/v1alpha1
        kind: Microservice
        metadata: {name: %s}
        spec:
          image: nginx:1.27
          %s
        """
        .formatted(name, spec);
  }

  private static String subscription(String name, String spec) {
    return """
        apiVersion: msa.dev/v1alpha1
        kind: EventSubscription
        metadata: {name: %s}
        spec:
          %s
        """
        .formatted(name, spec);
  }

  private static <T extends HasMetadata> T get(Class<T> type, String name) {
    T object = find(type, name);
    if (object == null) {
      throw new AssertionError(type.getSimpleName() + " " + name + " does not exist");
    }
    return object;
  }

  private static <T extends HasMetadata> T find(Class<T> type, String name) {
    return client.resources(type).inNamespace(namespace).withName(name).get();
  }
}
