package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The one source of an EventSubscription. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.topic), has(self.topicArn), has(self.eventBus)].filter(x, x).size() == 1",
    message = "source must set exactly one of topic, topicArn or eventBus")
public class EventSource {

  @JsonPropertyDescription("A topic published by a Microservice (spec.publishes).")
  private TopicRef topic;

  // an SNS topic name is at most 256 characters, ".fifo" included
  @Pattern(
      "^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:([A-Za-z0-9_-]{1,256}|[A-Za-z0-9_-]{1,251}\\.fifo)$")
  @JsonPropertyDescription("ARN of an SNS topic not managed by this operator.")
  private String topicArn;

  @JsonPropertyDescription("An EventBridge bus and the event pattern of a rule on it.")
  private EventBusSource eventBus;

  public TopicRef getTopic() {
    return topic;
  }

  public void setTopic(TopicRef topic) {
    this.topic = topic;
  }

  public String getTopicArn() {
    return topicArn;
  }

  public void setTopicArn(String topicArn) {
    this.topicArn = topicArn;
  }

  public EventBusSource getEventBus() {
    return eventBus;
  }

  public void setEventBus(EventBusSource eventBus) {
    this.eventBus = eventBus;
  }
}
