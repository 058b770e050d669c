package dev.msa.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.DeadLetter;
import dev.msa.operator.api.QueueSpec;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueueAttributesTest {
  private static final String DLQ_ARN = "arn:aws:sqs:us-east-1:123456789012:p-ns-a-dlq";

  @Test
  void queueAttributesFollowTheSpecWithSchemaDefaultsWhenAbsent() {
    QueueSpec spec = new QueueSpec();
    spec.setVisibilityTimeoutSeconds(45);
    assertThat(QueueAttributes.queue(spec, Optional.empty()))
        .containsEntry("VisibilityTimeout", "45")
        .containsEntry("MessageRetentionPeriod", "345600")
        .containsEntry("RedrivePolicy", "")
        .doesNotContainKey("FifoQueue");
  }

  @Test
  void aFifoQueueAlwaysStatesContentBasedDeduplicationAndAStandardQueueNever() {
    QueueSpec spec = new QueueSpec();
    assertThat(QueueAttributes.queue(spec, Optional.empty()))
        .doesNotContainKey("ContentBasedDeduplication");
    spec.setFifo(true);
    assertThat(QueueAttributes.queue(spec, Optional.empty()))
        .containsEntry("ContentBasedDeduplication", "false");
    spec.setContentBasedDeduplication(true);
    Map<String, String> on = QueueAttributes.queue(spec, Optional.empty());
    assertThat(on).containsEntry("ContentBasedDeduplication", "true");
    Map<String, String> observed = new java.util.HashMap<>(on);
    observed.put("ContentBasedDeduplication", "false");
    assertThat(QueueAttributes.changed(on, observed))
        .containsExactly(Map.entry("ContentBasedDeduplication", "true"));
  }

  @Test
  void aDeadLetterQueueAddsTheRedrivePolicy() {
    QueueSpec spec = new QueueSpec();
    spec.setFifo(true);
    DeadLetter deadLetter = new DeadLetter();
    deadLetter.setMaxReceiveCount(3);
    spec.setDeadLetter(deadLetter);
    Map<String, String> attributes = QueueAttributes.queue(spec, Optional.of(DLQ_ARN));
    assertThat(attributes.get("RedrivePolicy"))
        .isEqualTo("{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":3}");
    assertThat(attributes).containsEntry("FifoQueue", "true");
    assertThat(QueueAttributes.deadLetterQueue(spec, "arn:source"))
        .containsEntry("MessageRetentionPeriod", "1209600")
        .containsEntry(
            "RedriveAllowPolicy",
            "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"arn:source\"]}");
  }

  @Test
  void onlyWhatDiffersIsSent() {
    Map<String, String> desired =
        Map.of("VisibilityTimeout", "60", "MessageRetentionPeriod", "345600", "FifoQueue", "true");
    Map<String, String> observed =
        Map.of("VisibilityTimeout", "30", "MessageRetentionPeriod", "345600", "FifoQueue", "true");
    assertThat(QueueAttributes.changed(desired, observed))
        .containsExactly(Map.entry("VisibilityTimeout", "60"));
  }

  @Test
  void redrivePoliciesCompareByMeaning() {
    Map<String, String> desired =
        Map.of(
            "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":5}");
    Map<String, String> observedAsString =
        Map.of(
            "RedrivePolicy",
            "{\"maxReceiveCount\":\"5\", \"deadLetterTargetArn\":\"" + DLQ_ARN + "\"}");
    assertThat(QueueAttributes.changed(desired, observedAsString)).isEmpty();
    Map<String, String> observedOther =
        Map.of(
            "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":4}");
    assertThat(QueueAttributes.changed(desired, observedOther)).containsKey("RedrivePolicy");
  }

  @Test
  void aRemovedDeadLetterClearsTheRedrivePolicy() {
    Map<String, String> desired = Map.of("RedrivePolicy", "");
    assertThat(QueueAttributes.changed(desired, Map.of())).isEmpty();
    assertThat(QueueAttributes.changed(desired, Map.of("RedrivePolicy", "{\"maxReceiveCount\":5}")))
        .containsEntry("RedrivePolicy", "");
  }

  @Test
  void aRedriveAllowPolicyIsComparedOnlyWhereSqsReportsIt() {
    Map<String, String> desired =
        Map.of("RedriveAllowPolicy", "{\"redrivePermission\":\"byQueue\"}");
    assertThat(QueueAttributes.changed(desired, Map.of())).isEmpty();
    assertThat(
            QueueAttributes.changed(
                desired, Map.of("RedriveAllowPolicy", "{\"redrivePermission\":\"allowAll\"}")))
        .containsKey("RedriveAllowPolicy");
  }

  @Test
  void fifoIsNeverSentAsAChange() {
    assertThat(QueueAttributes.changed(Map.of("FifoQueue", "true"), Map.of())).isEmpty();
  }
}
