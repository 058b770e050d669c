package dev.msa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msa.operator.testing.TestMoto;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SnsTopicsIT {
  private static final Map<String, String> TAGS =
      Map.of("msa.dev/cluster", "it", "app.kubernetes.io/managed-by", "msa-operator");

  private static AwsClients clients;
  private static SnsTopics topics;

  @BeforeAll
  static void connect() {
    clients = TestMoto.get().clients(new SimpleMeterRegistry());
    topics = new SnsTopics(clients.sns());
  }

  @AfterAll
  static void close() {
    clients.close();
  }

  @Test
  void createsReadsAndDeletesATopic() {
    String name = uniqueName();

    String arn = topics.create(name, Map.of("DisplayName", "Order events"), TAGS);

    assertThat(arn).isEqualTo("arn:aws:sns:us-east-1:" + TestMoto.ACCOUNT_ID + ":" + name);
    assertThat(topics.attributes(arn))
        .hasValueSatisfying(
            attributes ->
                assertThat(attributes)
                    .containsEntry("TopicArn", arn)
                    .containsEntry("DisplayName", "Order events"));
    assertThat(topics.tags(arn)).isEqualTo(TAGS);

    topics.delete(arn);
    assertThat(topics.attributes(arn)).isEmpty();
  }

  @Test
  void creatingAgainReturnsTheSameTopic() {
    String name = uniqueName();
    String arn = topics.create(name, Map.of(), TAGS);

    assertThat(topics.create(name, Map.of(), TAGS)).isEqualTo(arn);
  }

  @Test
  void createsAFifoTopic() {
    String arn = topics.create(uniqueName() + ".fifo", Map.of("FifoTopic", "true"), TAGS);

    assertThat(topics.attributes(arn).orElseThrow()).containsEntry("FifoTopic", "true");
  }

  @Test
  void anUnknownTopicIsAbsentAndDeletingItIsFine() {
    String arn = "arn:aws:sns:us-east-1:" + TestMoto.ACCOUNT_ID + ":" + uniqueName();

    assertThat(topics.attributes(arn)).isEmpty();
    topics.delete(arn);
  }

  @Test
  void aFifoTopicWithoutTheSuffixIsTerminal() {
    assertThatThrownBy(() -> topics.create(uniqueName(), Map.of("FifoTopic", "true"), TAGS))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.terminal()).isTrue();
              assertThat(e.code()).isEqualTo("InvalidParameter");
            })
        .hasMessageStartingWith("SNS CreateTopic: InvalidParameter: ");
  }

  private static String uniqueName() {
    return "it-sns-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
