package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.Microservices;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events against a real kube-apiserver: a warning repeated on every retry is one Event whose count
 * grows, also across a restart of the operator, and a new Event once the old one expired.
 */
class EventRecorderIT {
  private static final String MESSAGE = "SqsQueue: AccessDenied: not authorized to sqs:CreateQueue";

  private static KubernetesClient client;
  private static String namespace;

  @BeforeAll
  static void connect() {
    client = TestApiServer.get().newClient();
    Crds.install(client);
    namespace = Namespaces.create(client, "events");
  }

  @AfterAll
  static void close() {
    client.namespaces().withName(namespace).delete();
    client.close();
  }

  @Test
  void aRepeatedWarningBumpsTheCountOfOneEvent() {
    Microservice orders = microservice("orders");
    EventRecorder recorder = new EventRecorder(client);

    for (int retry = 0; retry < 5; retry++) {
      recorder.warning(orders, "Failed", MESSAGE);
    }

    Event event = single(events("orders", "Failed"));
    assertThat(event.getCount()).isEqualTo(5);
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getMessage()).isEqualTo(MESSAGE);
    assertThat(event.getInvolvedObject().getUid()).isEqualTo(orders.getMetadata().getUid());
    assertThat(Instant.parse(event.getLastTimestamp()))
        .isAfterOrEqualTo(Instant.parse(event.getFirstTimestamp()));
  }

  @Test
  void anotherMessageOrAnotherObjectIsAnotherEvent() {
    Microservice payments = microservice("payments");
    Microservice ledger = microservice("ledger");
    EventRecorder recorder = new EventRecorder(client);

    recorder.warning(payments, "Failed", MESSAGE);
    recorder.warning(payments, "Failed", "IamRole: LimitExceeded: too many roles");
    recorder.warning(payments, "Failed", MESSAGE);
    recorder.normal(payments, "Created", "SqsQueue created");
    recorder.warning(ledger, "Failed", MESSAGE);

    assertThat(events("payments", "Failed"))
        .extracting(Event::getMessage, Event::getCount)
        .containsExactlyInAnyOrder(
            tuple(MESSAGE, 2), tuple("IamRole: LimitExceeded: too many roles", 1));
    assertThat(single(events("payments", "Created")).getType()).isEqualTo("Normal");
    assertThat(single(events("ledger", "Failed")).getCount()).isEqualTo(1);
  }

  @Test
  void aRestartedOperatorBumpsTheEventItFindsAndAnExpiredOneStartsAgain() {
    Microservice catalog = microservice("catalog");
    new EventRecorder(client).warning(catalog, "Failed", MESSAGE);
    new EventRecorder(client).warning(catalog, "Failed", MESSAGE); // knows nothing of the first

    assertThat(single(events("catalog", "Failed")).getCount()).isEqualTo(2);

    EventRecorder recorder = new EventRecorder(client);
    recorder.warning(catalog, "Failed", MESSAGE);
    client
        .v1()
        .events()
        .inNamespace(namespace)
        .resource(single(events("catalog", "Failed")))
        .delete();
    awaitGone("catalog");
    recorder.warning(catalog, "Failed", MESSAGE); // its cached count points at a deleted Event

    assertThat(single(events("catalog", "Failed")).getCount()).isEqualTo(1);
  }

  private static Microservice microservice(String name) {
    Microservices.apply(client, namespace, name, "{image: \"nginx:1\"}", "test-user");
    return client.resources(Microservice.class).inNamespace(namespace).withName(name).get();
  }

  private static List<Event> events(String name, String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
        .toList();
  }

  private static Event single(List<Event> events) {
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  private static void awaitGone(String name) {
    Eventually.assertThat(
        Duration.ofSeconds(10), () -> assertThat(events(name, "Failed")).isEmpty());
  }
}
