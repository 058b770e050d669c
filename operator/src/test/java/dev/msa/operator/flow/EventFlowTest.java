package dev.msa.operator.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.EventSubscriptionStatus;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.MicroserviceStatus;
import dev.msa.operator.api.QueueStatus;
import dev.msa.operator.api.TopicStatus;
import dev.msa.operator.flow.EventFlow.Delivery;
import dev.msa.operator.flow.EventFlow.Kind;
import dev.msa.operator.reconciler.Conditions;
import dev.msa.operator.testing.RepoPaths;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The event flow of the samples/ shop, as the operator has or has not reported it yet. */
class EventFlowTest {
  private static final String TOPIC_ARN =
      "arn:aws:sns:us-east-1:123456789012:msa-c-shop-orders-order-events";

  @Test
  void theSamplesShopPublishesOrdersToNotificationsAndTheBusToInventory() {
    EventFlow flow = shop();

    assertThat(flow.publishers())
        .extracting(EventFlow.Service::id)
        .containsExactly("shop/orders", "shop/payments");
    assertThat(flow.sources())
        .extracting(EventFlow.Source::id, EventFlow.Source::kind, EventFlow.Source::publisher)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "topic:shop/orders/order-events", Kind.TOPIC, "shop/orders"),
            org.assertj.core.groups.Tuple.tuple(
                "topic:shop/payments/payment-events", Kind.TOPIC, "shop/payments"),
            org.assertj.core.groups.Tuple.tuple("bus:default", Kind.EVENT_BUS, null));
    assertThat(flow.source("topic:shop/orders/order-events").arn()).isEqualTo(TOPIC_ARN);
    assertThat(flow.deliveries())
        .extracting(Delivery::subscription, Delivery::source, Delivery::subscriber, Delivery::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "notify-on-order", "topic:shop/orders/order-events", "shop/notifications", "Ready"),
            org.assertj.core.groups.Tuple.tuple(
                "reserve-stock", "bus:default", "shop/inventory", "no status yet"));
    assertThat(flow.deliveries().get(0).filter())
        .isEqualTo("filter {\"eventType\":[\"OrderCreated\"]}");
    assertThat(flow.deliveries().get(1).filter())
        .isEqualTo("pattern {\"source\":[\"com.acme.orders\"],\"detail-type\":[\"OrderPlaced\"]}");
    assertThat(flow.service("shop/notifications").queue()).isEqualTo("msa-c-shop-notifications");
    assertThat(flow.service("shop/inventory").queue()).isEqualTo(EventFlow.NOT_CREATED);
  }

  @Test
  void theTextSaysWhereEachSourceGoesAndWhatIsNotReadyOrMissing() {
    EventSubscription ghost =
        subscription(
            "ghost",
            "subscriber: billing\n  source: {topicArn: \"arn:aws:sns:eu-west-1:999999999999:payments\"}");
    EventSubscription conflicted =
        subscription("reserve-stock", read("subscription-reserve-stock.yaml"));
    conflicted.setStatus(status(false, "NameConflict"));
    List<EventSubscription> subscriptions = new ArrayList<>(sampleSubscriptions());
    subscriptions.set(1, conflicted);
    subscriptions.add(ghost);

    String text = FlowText.render(EventFlow.of(sampleServices(), subscriptions));

    assertThat(text)
        .startsWith("4 Microservices, 4 sources of events, 3 EventSubscriptions")
        .contains("SNS topic orders/order-events  published by orders  " + TOPIC_ARN)
        .contains(
            "  → notifications  queue msa-c-shop-notifications  via EventSubscription"
                + " notify-on-order  filter {\"eventType\":[\"OrderCreated\"]}  [Ready]")
        .contains("EventBridge bus default\n  → inventory  queue (not created yet)")
        .contains("[not Ready: NameConflict]")
        .contains("SNS topic payments  arn:aws:sns:eu-west-1:999999999999:payments")
        .contains("  → billing (no such Microservice)")
        .contains(
            "SNS topic payments/payment-events  published by payments  (not created yet)\n  → nobody subscribes")
        .contains("Queues no EventSubscription delivers to\n  orders  queue msa-c-shop-orders\n");
  }

  @Test
  void objectsOfSeveralNamespacesKeepTheirNamespaceInTheLabels() {
    List<EventSubscription> subscriptions = sampleSubscriptions();
    subscriptions.get(0).getMetadata().setNamespace("billing");

    String text = FlowText.render(EventFlow.of(sampleServices(), subscriptions));

    assertThat(text)
        .contains("SNS topic shop/orders/order-events  published by shop/orders")
        .contains("  → billing/notifications (no such Microservice)")
        .contains("via EventSubscription billing/notify-on-order");
  }

  @Test
  void dotHasOneNodePerServiceQueueAndSourceAndMarksABrokenDelivery() {
    List<EventSubscription> subscriptions = sampleSubscriptions();
    subscriptions.get(1).setStatus(status(false, "AccessDenied"));

    String dot = FlowDot.render(EventFlow.of(sampleServices(), subscriptions));

    assertThat(dot).startsWith("digraph events {").endsWith("}\n");
    assertThat(dot.lines().filter(l -> l.contains("shape=box"))).hasSize(4);
    assertThat(dot.lines().filter(l -> l.contains("shape=cylinder"))).hasSize(4);
    assertThat(dot)
        .contains("\"svc:shop/orders\" -> \"topic:shop/orders/order-events\" [label=\"publishes\"]")
        .contains(
            "\"topic:shop/orders/order-events\" -> \"queue:shop/notifications\" [label=\"notify-on-order\\nfilter {\\\"eventType\\\":[\\\"OrderCreated\\\"]}\"]")
        .contains("\"bus:default\" -> \"queue:shop/inventory\" [label=\"reserve-stock\\npattern");
    assertThat(dot.lines().filter(l -> l.contains("style=dashed, color=red")))
        .singleElement()
        .asString()
        .contains("\"bus:default\"");
  }

  @Test
  void svgIsWellFormedWithABoxPerColumnEntryAndEscapedText() throws Exception {
    List<Microservice> services = sampleServices();
    services.get(3).getMetadata().setName("a&b<c>");
    List<EventSubscription> subscriptions = sampleSubscriptions();
    subscriptions.get(1).setStatus(status(false, "AccessDenied"));

    String svg = FlowSvg.render(EventFlow.of(services, subscriptions));
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));

    // two publishers, three sources, four queues and their four consumers, and the background
    assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(2 + 3 + 4 + 4 + 1);
    // two publications, two deliveries, four queue → consumer arrows, and the arrowhead
    assertThat(doc.getElementsByTagName("path").getLength()).isEqualTo(2 + 2 + 4 + 1);
    assertThat(svg).contains(">a&amp;b&lt;c&gt;<").contains("stroke-dasharray");
    assertThat(svg).contains("reserve-stock (not Ready: AccessDenied)");
  }

  private static EventFlow shop() {
    return EventFlow.of(sampleServices(), sampleSubscriptions());
  }

  /** The four sample Microservices; orders and notifications as the operator reported them. */
  private static List<Microservice> sampleServices() {
    List<Microservice> services = new ArrayList<>();
    for (String name : List.of("inventory", "notifications", "orders", "payments")) {
      Microservice ms =
          Serialization.unmarshal(read("microservice-" + name + ".yaml"), Microservice.class);
      ms.getMetadata().setNamespace("shop");
      services.add(ms);
    }
    MicroserviceStatus orders = new MicroserviceStatus();
    TopicStatus topic = new TopicStatus();
    topic.setName("order-events");
    topic.setArn(TOPIC_ARN);
    orders.setTopics(List.of(topic));
    orders.setQueue(queue("msa-c-shop-orders"));
    services.get(2).setStatus(orders);
    MicroserviceStatus notifications = new MicroserviceStatus();
    notifications.setQueue(queue("msa-c-shop-notifications"));
    services.get(1).setStatus(notifications);
    return services;
  }

  /** notify-on-order (Ready) and reserve-stock (not reported yet). */
  private static List<EventSubscription> sampleSubscriptions() {
    EventSubscription notify =
        subscription("notify-on-order", read("subscription-notify-on-order.yaml"));
    notify.setStatus(status(true, "Ready"));
    return new ArrayList<>(
        List.of(notify, subscription("reserve-stock", read("subscription-reserve-stock.yaml"))));
  }

  private static EventSubscription subscription(String name, String yamlOrSpec) {
    String yaml =
        yamlOrSpec.contains("kind:")
            ? yamlOrSpec
            : "apiVersion: msa.dev/v1alpha1\nkind: EventSubscription\nmetadata: {name: "
                + name
                + "}\nspec:\n  "
                + yamlOrSpec;
    EventSubscription subscription = Serialization.unmarshal(yaml, EventSubscription.class);
    subscription.getMetadata().setNamespace("shop");
    return subscription;
  }

  private static EventSubscriptionStatus status(boolean ready, String reason) {
    EventSubscriptionStatus status = new EventSubscriptionStatus();
    status.setConditions(List.of(Conditions.of(Conditions.READY, ready, reason, "")));
    return status;
  }

  private static QueueStatus queue(String name) {
    QueueStatus queue = new QueueStatus();
    queue.setArn("arn:aws:sqs:us-east-1:123456789012:" + name);
    return queue;
  }

  private static String read(String sample) {
    try (Stream<String> lines = Files.lines(RepoPaths.samples().resolve(sample))) {
      return String.join("\n", lines.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
