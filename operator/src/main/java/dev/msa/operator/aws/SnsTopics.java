package dev.msa.operator.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Tag;

/** SNS topics by ARN. Attributes are SNS's own names and string values ({@code FifoTopic}). */
public final class SnsTopics {
  private static final String SNS = "sns";

  private final SnsClient sns;

  public SnsTopics(SnsClient sns) {
    this.sns = sns;
  }

  /** The topic's attributes, or empty when there is no such topic. */
  public Optional<Map<String, String>> attributes(String topicArn) {
    try {
      return Optional.of(sns.getTopicAttributes(r -> r.topicArn(topicArn)).attributes());
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.classify(SNS, "GetTopicAttributes", e);
    }
  }

  /**
   * Creates the topic with its attributes and tags and returns its ARN. For an existing topic with
   * the same attributes SNS returns the existing ARN.
   */
  public String create(String topicName, Map<String, String> attributes, Map<String, String> tags) {
    try {
      CreateTopicRequest.Builder request = CreateTopicRequest.builder().name(topicName);
      // an empty list or map would still be sent, as an empty parameter
      if (!attributes.isEmpty()) {
        request.attributes(attributes);
      }
      if (!tags.isEmpty()) {
        request.tags(toSnsTags(tags));
      }
      return sns.createTopic(request.build()).topicArn();
    } catch (SdkException e) {
      throw AwsErrors.classify(SNS, "CreateTopic", e);
    }
  }

  /** Sets one attribute, such as {@code Policy}. */
  public void setAttribute(String topicArn, String name, String value) {
    try {
      sns.setTopicAttributes(r -> r.topicArn(topicArn).attributeName(name).attributeValue(value));
    } catch (SdkException e) {
      throw AwsErrors.classify(SNS, "SetTopicAttributes", e);
    }
  }

  public Map<String, String> tags(String topicArn) {
    try {
      return sns.listTagsForResource(r -> r.resourceArn(topicArn)).tags().stream()
          .collect(Collectors.toMap(Tag::key, Tag::value));
    } catch (SdkException e) {
      throw AwsErrors.classify(SNS, "ListTagsForResource", e);
    }
  }

  /** Adds or overwrites the given tags; the others stay. */
  public void tag(String topicArn, Map<String, String> tags) {
    try {
      sns.tagResource(r -> r.resourceArn(topicArn).tags(toSnsTags(tags)));
    } catch (SdkException e) {
      throw AwsErrors.classify(SNS, "TagResource", e);
    }
  }

  /** Removes the tags of the given keys. */
  public void untag(String topicArn, List<String> keys) {
    try {
      sns.untagResource(r -> r.resourceArn(topicArn).tagKeys(keys));
    } catch (SdkException e) {
      throw AwsErrors.classify(SNS, "UntagResource", e);
    }
  }

  /** Deletes the topic and its subscriptions; a topic that is already gone is fine. */
  public void delete(String topicArn) {
    try {
      sns.deleteTopic(r -> r.topicArn(topicArn));
    } catch (NotFoundException e) {
      // already gone
    } catch (SdkException e) {
      throw AwsErrors.classify(SNS, "DeleteTopic", e);
    }
  }

  private static List<Tag> toSnsTags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
        .toList();
  }
}
