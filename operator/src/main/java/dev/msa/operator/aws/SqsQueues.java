package dev.msa.operator.aws;

import java.time.Duration;
import java.util.List;
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
  private final QueueObservations observations;

  /** Queues whose reads are recorded in, and may be answered from, {@code observations}. */
  public SqsQueues(SqsClient sqs, QueueObservations observations) {
    this.sqs = sqs;
    this.observations = observations;
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
      String url =
          sqs.createQueue(r -> r.queueName(queueName).attributesWithStrings(attributes).tags(tags))
              .queueUrl();
      observations.written(url);
      return url;
    } catch (SdkException e) {
      throw AwsErrors.classify(SQS, "CreateQueue", e);
    }
  }

  /** All of the queue's attributes, read now, or empty when the queue is gone. */
  public Optional<Map<String, String>> attributes(String queueUrl) {
    long startedAt = observations.startRead();
    try {
      Map<String, String> attributes =
          sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
              .attributesAsStrings();
      observations.read(queueUrl, startedAt, attributes);
      return Optional.of(attributes);
    } catch (QueueDoesNotExistException e) {
      observations.written(queueUrl);
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.classify(SQS, "GetQueueAttributes", e);
    }
  }

  /**
   * The queue's attributes as a read at most {@code maxAge} old found them (no call), or else as
   * {@link #attributes} reads them now. Only for checks that tolerate that age. The answer includes
   * this process's own successful {@link #setAttributes} since that read; a creation, a deletion or
   * a failed write makes the next call read.
   */
  public Optional<Map<String, String>> recentAttributes(String queueUrl, Duration maxAge) {
    Optional<Map<String, String>> recent = observations.recent(queueUrl, maxAge);
    return recent.isPresent() ? recent : attributes(queueUrl);
  }

  public Map<String, String> tags(String queueUrl) {
    try {
      return sqs.listQueueTags(r -> r.queueUrl(queueUrl)).tags();
    } catch (SdkException e) {
      throw AwsErrors.classify(SQS, "ListQueueTags", e);
    }
  }

  /** Adds or overwrites the given tags; the others stay. */
  public void tag(String queueUrl, Map<String, String> tags) {
    try {
      sqs.tagQueue(r -> r.queueUrl(queueUrl).tags(tags));
    } catch (SdkException e) {
      throw AwsErrors.classify(SQS, "TagQueue", e);
    }
  }

  /** Removes the tags of the given keys. */
  public void untag(String queueUrl, List<String> keys) {
    try {
      sqs.untagQueue(r -> r.queueUrl(queueUrl).tagKeys(keys));
    } catch (SdkException e) {
      throw AwsErrors.classify(SQS, "UntagQueue", e);
    }
  }

  /** Sets the given attributes; the others keep their values. Nothing to change, no call. */
  public void setAttributes(String queueUrl, Map<String, String> changed) {
    if (changed.isEmpty()) {
      return;
    }
    try {
      sqs.setQueueAttributes(r -> r.queueUrl(queueUrl).attributesWithStrings(changed));
    } catch (RuntimeException e) {
      observations.written(queueUrl); // a failed call may have been applied all the same
      throw e instanceof SdkException sdk ? AwsErrors.classify(SQS, "SetQueueAttributes", sdk) : e;
    }
    observations.overwritten(queueUrl, changed);
  }

  /** Deletes the queue; a queue that is already gone is fine. */
  public void delete(String queueUrl) {
    try {
      sqs.deleteQueue(r -> r.queueUrl(queueUrl));
    } catch (QueueDoesNotExistException e) {
      // already gone
    } catch (SdkException e) {
      throw AwsErrors.classify(SQS, "DeleteQueue", e);
    } finally {
      observations.written(queueUrl);
    }
  }
}
