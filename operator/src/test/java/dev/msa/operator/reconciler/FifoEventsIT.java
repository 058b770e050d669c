package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.PolicyDocuments;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * FIFO end to end against a real kube-apiserver and moto: a FIFO Microservice's queue, dead-letter
 * queue and topic; a FIFO topic delivering to a FIFO queue, in order, with its message group; an
 * EventBridge rule delivering to a FIFO queue with the rule's message group — held back, with a
 * reason, until the queue deduplicates by content.
 */
class FifoEventsIT {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final String CLUSTER = "itfifo";
  private static final String ACCOUNT = TestMoto.ACCOUNT_ID;
  private static KubernetesClient client;
  private static AwsClients sdk;
  private static Harness main;

  @BeforeAll
  static void start() {
    client = TestApiServer.get().newClient();
    Crds.install(client);
    sdk = TestMoto.get().clients(new SimpleMeterRegistry());
    main = new Harness(Namespaces.create(client, "fifo"));
  }

  @AfterAll
  static void stop() {
    if (main != null) {
      main.close();
    }
    sdk.close();
    client.close();
  }

  @Test
  void aFifoMicroserviceGetsAFifoQueueDeadLetterQueueAndTopic() {
    main.microservice(
        "ledger",
        "queue: {fifo: true, deadLetter: {maxReceiveCount: 2}}\n"
            + "publishes: [{name: entries, fifo: true}]");
    Microservice ledger = main.awaitReady("ledger");

    String base = CLUSTER + "-" + main.namespace + "-ledger";
    assertThat(ledger.getStatus().getQueue().getArn()).isEqualTo(arn("sqs", base + ".fifo"));
    assertThat(ledger.getStatus().getQueue().getDeadLetterArn())
        .isEqualTo(arn("sqs", base + "-dlq.fifo"));
    assertThat(ledger.getStatus().getTopics())
        .singleElement()
        .satisfies(t -> assertThat(t.getArn()).isEqualTo(arn("sns", base + "-entries.fifo")));
    Map<String, String> queue = queueAttributes(ledger.getStatus().getQueue().getUrl());
    assertThat(queue)
        .containsEntry("FifoQueue", "true")
        .containsEntry("ContentBasedDeduplication", "false");
    assertThat(
            PolicyDocuments.parse(queue.get("RedrivePolicy")).get("deadLetterTargetArn").asText())
        .isEqualTo(arn("sqs", base + "-dlq.fifo"));
    String dlqUrl = sdk.sqs().getQueueUrl(r -> r.queueName(base + "-dlq.fifo")).queueUrl();
    assertThat(queueAttributes(dlqUrl)).containsEntry("FifoQueue", "true");
    assertThat(
            sdk.sns()
                .getTopicAttributes(r -> r.topicArn(arn("sns", base + "-entries.fifo")))
                .attributes())
        .containsEntry("FifoTopic", "true");
  }

  @Test
  void aFifoTopicDeliversToAFifoQueueInOrderWithItsMessageGroup() {
    main.microservice("orders", "publishes: [{name: placed, fifo: true}]");
    main.microservice("shipping", "queue: {fifo: true}");
    Microservice shipping = main.awaitReady("shipping");
    main.awaitReady("orders");
    main.subscription(
        "shipping-orders",
        "subscriber: shipping\nsource: {topic: {microservice: orders, name: placed}}\n"
            + "rawMessageDelivery: true");
    EventSubscription ready = main.awaitSubscriptionReady("shipping-orders");
    String topicArn = arn("sns", CLUSTER + "-" + main.namespace + "-orders-placed.fifo");
    assertThat(ready.getStatus().getSubscriptionArn()).startsWith(topicArn + ":");

    for (int i = 1; i <= 3; i++) {
      String body = "order-" + i;
      sdk.sns()
          .publish(
              r ->
                  r.topicArn(topicArn)
                      .message(body)
                      .messageGroupId("customer-7")
                      .messageDeduplicationId(body));
    }

    List<Message> received = receive(shipping.getStatus().getQueue().getUrl(), 3);
    assertThat(received).extracting(Message::body).containsExactly("order-1", "order-2", "order-3");
    assertThat(received)
        .allSatisfy(
            m ->
                assertThat(m.attributes())
                    .containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "customer-7"));
  }

  @Test
  void anEventBridgeRuleDeliversToAFifoQueueOnceItDeduplicatesByContent() {
    String source = "com.acme." + main.namespace;
    String ruleName = CLUSTER + "-" + main.namespace + "-pick-orders";
    main.microservice("picker", "queue: {fifo: true}");
    Microservice picker = main.awaitReady("picker");
    main.subscription(
        "pick-orders",
        "subscriber: picker\nsource: {eventBus: {pattern: {source: [%s]}}}".formatted(source));

    Eventually.assertThat(
        WAIT,
        () -> {
          Condition ready = main.subscriptionCondition("pick-orders", "Ready");
          assertThat(ready.getStatus()).isEqualTo("False");
          assertThat(ready.getReason()).isEqualTo("ContentBasedDeduplicationRequired");
          assertThat(ready.getMessage())
              .contains("spec.queue.contentBasedDeduplication: true")
              .contains("picker");
        });
    assertThat(sdk.eventBridge().listRules(r -> r.namePrefix(ruleName)).rules())
        .as("no rule while it could deliver nothing")
        .isEmpty();

    main.microservice("picker", "queue: {fifo: true, contentBasedDeduplication: true}");
    EventSubscription ready = main.awaitSubscriptionReady("pick-orders");
    String queueUrl = picker.getStatus().getQueue().getUrl();
    assertThat(ready.getStatus().getRuleArn()).isEqualTo(arn("events", "rule/" + ruleName));
    Target target = sdk.eventBridge().listTargetsByRule(r -> r.rule(ruleName)).targets().get(0);
    assertThat(target.arn()).isEqualTo(picker.getStatus().getQueue().getArn());
    assertThat(target.sqsParameters().messageGroupId()).isEqualTo(ruleName);

    List<PutEventsResultEntry> sent =
        sdk.eventBridge()
            .putEvents(
                r ->
                    r.entries(
                        e -> e.source(source).detailType("OrderPlaced").detail("{\"n\": 1}"),
                        e -> e.source(source).detailType("OrderPlaced").detail("{\"n\": 2}")))
            .entries();
    assertThat(sent).allSatisfy(e -> assertThat(e.errorCode()).isNull());

    List<Message> received = receive(queueUrl, 2);
    assertThat(received)
        .extracting(m -> PolicyDocuments.parse(m.body()).path("detail").path("n").asInt())
        .containsExactly(1, 2);
    assertThat(queueAttributes(queueUrl)).containsEntry("ContentBasedDeduplication", "true");
    assertThat(received)
        .allSatisfy(
            m ->
                assertThat(m.attributes())
                    .containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, ruleName));
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static String arn(String service, String resource) {
    return "arn:aws:" + service + ":" + TestMoto.REGION + ":" + ACCOUNT + ":" + resource;
  }

  private static Map<String, String> queueAttributes(String url) {
    return sdk.sqs()
        .getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
        .attributesAsStrings();
  }

  /** Receives (and deletes) until {@code count} messages came, in the order SQS gave them. */
  private static List<Message> receive(String queueUrl, int count) {
    List<Message> received = new ArrayList<>();
    Eventually.assertThat(
        WAIT,
        () -> {
          List<Message> batch =
              sdk.sqs()
                  .receiveMessage(
                      r ->
                          r.queueUrl(queueUrl)
                              .maxNumberOfMessages(10)
                              .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                  .messages();
          for (Message m : batch) {
            received.add(m);
            sdk.sqs().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
          }
          assertThat(received).hasSize(count);
        });
    return received;
  }

  /** One operator watching one namespace; both kinds applied there. */
  private static final class Harness extends OperatorHarness {
    Harness(String namespace) {
      super(
          FifoEventsIT.client,
          List.of(namespace),
          Map.of(
              OperatorConfig.CLUSTER_NAME,
              CLUSTER,
              OperatorConfig.OIDC_PROVIDER_ARN,
              "arn:aws:iam::" + ACCOUNT + ":oidc-provider/oidc.example.com/id/" + CLUSTER),
          List.of());
    }

    void microservice(String name, String spec) {
      apply(
          Microservice.class,
          "kind: Microservice\nmetadata: {name: %s}\nspec:\n  image: nginx:1\n  %s"
              .formatted(name, spec.replace("\n", "\n  ")));
    }

    void subscription(String name, String spec) {
      apply(
          EventSubscription.class,
          "kind: EventSubscription\nmetadata: {name: %s}\nspec:\n  %s"
              .formatted(name, spec.replace("\n", "\n  ")));
    }

    Microservice awaitReady(String name) {
      Eventually.assertThat(
          WAIT,
          () -> {
            for (String type : List.of("IdentityReady", "QueueReady", "TopicsReady")) {
              Condition condition = condition(Microservice.class, namespace, name, type);
              assertThat(condition.getStatus())
                  .as(type + ": " + condition.getMessage())
                  .isEqualTo("True");
            }
          });
      return get(Microservice.class, name);
    }

    EventSubscription awaitSubscriptionReady(String name) {
      Eventually.assertThat(
          WAIT,
          () -> {
            Condition ready = subscriptionCondition(name, "Ready");
            assertThat(ready.getStatus()).as(ready.getMessage()).isEqualTo("True");
          });
      return get(EventSubscription.class, name);
    }

    Condition subscriptionCondition(String name, String type) {
      return condition(EventSubscription.class, namespace, name, type);
    }
  }
}
