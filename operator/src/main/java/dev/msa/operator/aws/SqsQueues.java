package dev.msa.operator.aws;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * SQS queues by name and URL. Attributes are SQS's own names and string values ({@code
 * VisibilityTimeout=30}); tags go in at creation, which SQS allows without the 5 TPS tagging limit.
 */
public final class SqsQueues {
  private static final String SQS = "sqs";

  private final SqsClient sqs;

  public SqsQueues(SqsClient sqs) {
    this.sqs = sqs;
  }

  /** The queue's URL, or empty when no queue has that name. */
  public Optional<String> findUrl(String queueName) {
    try {
      return Optional.of(sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl());
    } catch (QueueDoesNotExistException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.classify(SQS, "GetQueueUrl", e);
    }
  }

  /**
   * Creates the queue with its attributes and tags, and returns its URL. SQS answers {@code
   * QueueNameExists} when a queue of that name exists with other attributes: look it up first and
   * change attributes with {@link #setAttributes}.
   */
  public String create(String queueName, Map<String, String> attributes, Map<String, String> tags) {
    try {
      return sqs.createQueue(
              r -> r.queueName(queueName).attributesWithStrings(attributes).tags(tags))
          .queueUrl();
    } catch (SdkException e) {
      throw AwsErrors.classify(SQS, "CreateQueue", e);
    }
  }

  /** All of the queue's attributes, or empty when the queue is gone. */
  public Optional<Map<String, String>> attributes(String queueUrl) {
    try {
      return Optional.of(
          sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
              .attributesAsStrings());
    } catch (QueueDoesNotExistException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.classify(SQS, "GetQueueAttributes", e);
    }
  }

  public Map<String, String> tags(String queueUrl) {
    try {
      return sqs.listQueueTags(r -> r.queueUrl(queueUrl)).tags();
    } catch (SdkException e) {
      throw AwsErrors.classify(SQS, "ListQueueTags", e);
    }
  }

  /** Sets the given attributes; the others keep their values. Nothing to change, no call. */
  public void setAttributes(String queueUrl, Map<String, String> changed) {
    if (changed.isEmpty()) {
      return;
    }
    try {
      sqs.setQueueAttributes(r -> r.queueUrl(queueUrl).attributesWithStrings(changed));
    } catch (SdkException e) {
      throw AwsErrors.classify(SQS, "SetQueueAttributes", e);
    }
  }

  /** Deletes the queue; a queue that is already gone is fine. */
  public void delete(String queueUrl) {
    try {
      sqs.deleteQueue(r -> r.queueUrl(queueUrl));
    } catch (QueueDoesNotExistException e) {
      // already gone
    } catch (SdkException e) {
      throw AwsErrors.classify(SQS, "DeleteQueue", e);
    }
  }
}
