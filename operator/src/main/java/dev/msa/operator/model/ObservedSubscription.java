package dev.msa.operator.model;

import java.util.Map;

/** An SNS subscription as SNS reports it: its ARN and attributes (TopicArn, Endpoint, …). */
public record ObservedSubscription(String arn, Map<String, String> attributes) {
  public ObservedSubscription {
    attributes = Map.copyOf(attributes);
  }

  public String topicArn() {
    return attributes.get("TopicArn");
  }

  public String endpoint() {
    return attributes.get("Endpoint");
  }

  /** It delivers this topic to this queue: not a subscription a former spec made elsewhere. */
  public boolean delivers(String topic, String queueArn) {
    return topic.equals(topicArn()) && queueArn.equals(endpoint());
  }
}
