package dev.msa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.msa.operator.testing.TestMoto;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SqsQueuesIT {
  private static final Map<String, String> TAGS =
      Map.of("msa.dev/cluster", "it", "app.kubernetes.io/managed-by", "msa-operator");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private static AwsClients clients;
  private static SqsQueues queues;

  @BeforeAll
  static void connect() {
    clients = TestMoto.get().clients(registry);
    queues = new SqsQueues(clients.sqs(), clients.queueObservations());
  }

  @AfterAll
  static void close() {
    clients.close();
  }

  @Test
  void createsReadsChangesAndDeletesAQueue() {
    String name = uniqueName();

    String url = queues.create(name, Map.of("VisibilityTimeout", "30"), TAGS);

    assertThat(queues.findUrl(name)).contains(url);
    assertThat(queues.attributes(url))
        .hasValueSatisfying(
            attributes ->
                assertThat(attributes)
                    .containsEntry("VisibilityTimeout", "30")
                    .containsEntry(
                        "QueueArn", "arn:aws:sqs:us-east-1:" + TestMoto.ACCOUNT_ID + ":" + name));
    assertThat(queues.tags(url)).isEqualTo(TAGS);

    queues.setAttributes(url, Map.of("VisibilityTimeout", "60", "MessageRetentionPeriod", "600"));
    assertThat(queues.attributes(url).orElseThrow())
        .containsEntry("VisibilityTimeout", "60")
        .containsEntry("MessageRetentionPeriod", "600");

    queues.delete(url);
    assertThat(queues.findUrl(name)).isEmpty();
    assertThat(queues.attributes(url)).isEmpty();
  }

  @Test
  void setsAndClearsARedrivePolicy() throws Exception {
    String deadLetterUrl = queues.create(uniqueName() + "-dlq", Map.of(), TAGS);
    String deadLetterArn = queues.attributes(deadLetterUrl).orElseThrow().get("QueueArn");
    String url = queues.create(uniqueName(), Map.of(), TAGS);
    String redrive = "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":5}";

    queues.setAttributes(url, Map.of("RedrivePolicy", redrive));
    // compared as JSON: moto re-serializes the document with spaces
    assertThat(JSON.readTree(queues.attributes(url).orElseThrow().get("RedrivePolicy")))
        .isEqualTo(JSON.readTree(redrive));

    queues.setAttributes(url, Map.of("RedrivePolicy", ""));
    assertThat(queues.attributes(url).orElseThrow()).doesNotContainKey("RedrivePolicy");
  }

  @Test
  void createsAFifoQueue() {
    String name = uniqueName() + ".fifo";

    String url = queues.create(name, Map.of("FifoQueue", "true"), TAGS);

    assertThat(queues.attributes(url).orElseThrow()).containsEntry("FifoQueue", "true");
  }

  @Test
  void anUnknownQueueIsAbsent() {
    assertThat(queues.findUrl(uniqueName())).isEmpty();
  }

  @Test
  void deletingTwiceIsFine() {
    String url = queues.create(uniqueName(), Map.of(), TAGS);

    queues.delete(url);
    queues.delete(url);

    assertThat(queues.attributes(url)).isEmpty();
  }

  @Test
  void nothingToChangeMakesNoCall() {
    String url = queues.create(uniqueName(), Map.of(), TAGS);
    double before = setQueueAttributesCalls();

    queues.setAttributes(url, Map.of());

    assertThat(setQueueAttributesCalls()).isEqualTo(before);
  }

  @Test
  void anAttributeOutOfRangeIsTerminal() {
    assertThatThrownBy(() -> queues.create(uniqueName(), Map.of("MaximumMessageSize", "10"), TAGS))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.terminal()).isTrue();
              assertThat(e.code()).endsWith("InvalidAttributeValue");
              assertThat(e.failure().service()).isEqualTo("sqs");
              assertThat(e.failure().operation()).isEqualTo("CreateQueue");
            })
        .hasMessageContaining("MaximumMessageSize");
  }

  @Test
  void anInvalidNameIsTerminal() {
    assertThatThrownBy(() -> queues.create("no spaces allowed", Map.of(), TAGS))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.terminal()).isTrue();
              assertThat(e.code()).endsWith("InvalidParameterValue");
            });
  }

  private static double setQueueAttributesCalls() {
    return registry.find("msa.aws.calls").tag("operation", "SetQueueAttributes").timers().stream()
        .mapToDouble(t -> t.count())
        .sum();
  }

  private static String uniqueName() {
    return "it-sqs-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
