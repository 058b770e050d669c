package dev.msa.operator.aws;

import dev.msa.operator.model.AttributeChanges;
import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.ObservedSubscription;
import dev.msa.operator.model.SubscriptionAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * An SNS subscription of a queue to a topic. SNS has one per topic and queue and cannot tag it, so
 * it is found by the ARN a status recorded, or by topic and queue.
 */
public final class SubscriptionResource implements AwsAdapters.SubscriptionAdapter {

  public record Key(String topicArn, String queueArn, Optional<String> knownArn) {
    /** The subscription at an ARN a status recorded, wherever it delivers. */
    public static Key ofArn(String subscriptionArn) {
      return new Key("", "", Optional.of(subscriptionArn));
    }
  }

  private final SnsSubscriptions sns;

  public SubscriptionResource(SnsSubscriptions sns) {
    this.sns = sns;
  }

  @Override
  public AwsPart part() {
    return AwsPart.SNS_SUBSCRIPTION;
  }

  /**
   * The subscription at the recorded ARN, wherever it delivers; without one, the subscription of
   * the key's queue to its topic, found by listing the topic's.
   */
  @Override
  public Optional<ObservedSubscription> read(Key key) {
    return key.knownArn().or(() -> sns.find(key.topicArn(), key.queueArn())).flatMap(this::read);
  }

  private Optional<ObservedSubscription> read(String arn) {
    return sns.attributes(arn).map(a -> new ObservedSubscription(arn, a));
  }

  /**
   * Subscribes with the attributes SNS takes at Subscribe; SNS answers with the existing
   * subscription when there is one, which is then read as it is.
   */
  @Override
  public Optional<ObservedSubscription> create(
      Key key, Map<String, String> desired, Map<String, String> tags) {
    String arn =
        sns.subscribe(key.topicArn(), key.queueArn(), SubscriptionAttributes.atSubscribe(desired));
    return Optional.of(read(arn).orElse(new ObservedSubscription(arn, desired)));
  }

  @Override
  public ObservedSubscription update(
      Key key, ObservedSubscription observed, AttributeChanges update) {
    sns.setAttributes(observed.arn(), update.changed());
    return observed;
  }

  @Override
  public void delete(Key key, ObservedSubscription observed) {
    sns.unsubscribe(observed.arn());
  }

  @Override
  public Map<String, String> tags(Key key, ObservedSubscription observed) {
    return Map.of(); // SNS subscriptions cannot be tagged
  }
}
