package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** The service's SQS inbox. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.contentBasedDeduplication) || !self.contentBasedDeduplication || self.fifo",
    message =
        "queue.contentBasedDeduplication applies to FIFO queues only: set queue.fifo: true (on a"
            + " new queue) or remove contentBasedDeduplication",
    reason = "FieldValueInvalid")
public class QueueSpec {

  @Default("false")
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "queue.fifo is immutable: SQS cannot change a queue's type; remove spec.queue and add it"
              + " again (the messages in the old queue are lost) or create a new Microservice")
  @JsonPropertyDescription(
      "FIFO queue (name ends in .fifo): ordered, exactly-once processing. Immutable. Default"
          + " false.")
  private Boolean fifo;

  @JsonPropertyDescription(
      "FIFO queues only: SQS deduplicates by a SHA-256 of the body when a sender gives no"
          + " MessageDeduplicationId. Required for EventBridge sources, which send none. Absent"
          + " means false.")
  private Boolean contentBasedDeduplication;

  @Min(0)
  @Max(43200)
  @Default("30")
  @JsonPropertyDescription(
      "Seconds a received message stays invisible to other consumers (0-43200). Default 30.")
  private Integer visibilityTimeoutSeconds;

  @Min(60)
  @Max(1209600)
  @Default("345600")
  @JsonPropertyDescription(
      "Seconds SQS keeps a message (60-1209600, i.e. 1 minute to 14 days). Default 345600 (4"
          + " days).")
  private Integer messageRetentionSeconds;

  @JsonPropertyDescription(
      "Creates a dead-letter queue and a redrive policy: a message received more than"
          + " maxReceiveCount times moves there.")
  private DeadLetter deadLetter;

  public Boolean getFifo() {
    return fifo;
  }

  public void setFifo(Boolean fifo) {
    this.fifo = fifo;
  }

  public Boolean getContentBasedDeduplication() {
    return contentBasedDeduplication;
  }

  public void setContentBasedDeduplication(Boolean contentBasedDeduplication) {
    this.contentBasedDeduplication = contentBasedDeduplication;
  }

  public Integer getVisibilityTimeoutSeconds() {
    return visibilityTimeoutSeconds;
  }

  public void setVisibilityTimeoutSeconds(Integer visibilityTimeoutSeconds) {
    this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
  }

  public Integer getMessageRetentionSeconds() {
    return messageRetentionSeconds;
  }

  public void setMessageRetentionSeconds(Integer messageRetentionSeconds) {
    this.messageRetentionSeconds = messageRetentionSeconds;
  }

  public DeadLetter getDeadLetter() {
    return deadLetter;
  }

  public void setDeadLetter(DeadLetter deadLetter) {
    this.deadLetter = deadLetter;
  }
}
