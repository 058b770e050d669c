package dev.msa.operator.aws;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;
import software.amazon.awssdk.services.sns.model.Subscription;

/**
 * SNS subscriptions of SQS queues, by subscription ARN. Attributes are SNS's own names and string
 * values ({@code FilterPolicy}, {@code RawMessageDelivery=true}).
 */
public final class SnsSubscriptions {
  private static final String SNS = "sns";
  private static final String SQS_PROTOCOL = "sqs";

  private final SnsClient sns;

  public SnsSubscriptions(SnsClient sns) {
    this.sns = sns;
  }

  /**
   * Subscribes the queue to the topic with the given attributes and returns the subscription's ARN.
   * SNS returns the existing subscription for the same topic and queue; where it refuses because
   * that one has other attributes, the existing ARN is returned, for the caller to bring its
   * attributes to the desired ones.
   */
  public String subscribe(String topicArn, String queueArn, Map<String, String> attributes) {
    try {
      SubscribeRequest.Builder request =
          SubscribeRequest.builder()
              .topicArn(topicArn)
              .protocol(SQS_PROTOCOL)
              .endpoint(queueArn)
              .returnSubscriptionArn(true);
      // an empty map would still be sent, as an empty parameter
      if (!attributes.isEmpty()) {
        request.attributes(attributes);
      }
      return sns.subscribe(request.build()).subscriptionArn();
    } catch (InvalidParameterException e) {
      Optional<String> existing =
          attributes.isEmpty() ? Optional.empty() : find(topicArn, queueArn);
      if (existing.isPresent()) {
        return existing.get();
      }
      throw AwsErrors.classify(SNS, "Subscribe", e);
    } catch (SdkException e) {
      throw AwsErrors.classify(SNS, "Subscribe", e);
    }
  }

  /** The subscription's attributes ({@code TopicArn}, {@code Endpoint}, ...), or empty if gone. */
  public Optional<Map<String, String>> attributes(String subscriptionArn) {
    try {
      return Optional.of(
          sns.getSubscriptionAttributes(r -> r.subscriptionArn(subscriptionArn)).attributes());
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.classify(SNS, "GetSubscriptionAttributes", e);
    }
  }

  /** Sets the attributes one by one, in the given order (a filter policy's scope first). */
  public void setAttributes(String subscriptionArn, Map<String, String> changed) {
    changed.forEach(
        (name, value) -> {
          try {
            sns.setSubscriptionAttributes(
                r -> r.subscriptionArn(subscriptionArn).attributeName(name).attributeValue(value));
          } catch (SdkException e) {
            throw AwsErrors.classify(SNS, "SetSubscriptionAttributes", e);
          }
        });
  }

  /** Removes the subscription; one that is already gone is fine. */
  public void unsubscribe(String subscriptionArn) {
    try {
      sns.unsubscribe(r -> r.subscriptionArn(subscriptionArn));
    } catch (NotFoundException e) {
      // already gone
    } catch (SdkException e) {
      throw AwsErrors.classify(SNS, "Unsubscribe", e);
    }
  }

  /** The subscription of this queue to this topic, if there is one. */
  public Optional<String> find(String topicArn, String queueArn) {
    try {
      return sns
          .listSubscriptionsByTopicPaginator(r -> r.topicArn(topicArn))
          .subscriptions()
          .stream()
          .filter(s -> SQS_PROTOCOL.equals(s.protocol()) && queueArn.equals(s.endpoint()))
          .map(Subscription::subscriptionArn)
          .findFirst();
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.classify(SNS, "ListSubscriptionsByTopic", e);
    }
  }
}
