package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Scaling on the depth of the service's own queue, through a KEDA ScaledObject. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.minReplicas <= self.maxReplicas",
    message =
        "autoscaling.queueDepth.minReplicas must not be greater than"
            + " autoscaling.queueDepth.maxReplicas")
public class QueueDepth {

  @Required
  @Min(1)
  @JsonPropertyDescription(
      "Messages in the queue (visible plus in flight) one pod is meant to handle: 300 messages"
          + " with 100 per replica ask for 3 pods.")
  private Integer messagesPerReplica;

  @Min(0)
  @Max(1000)
  @Default("1")
  @JsonPropertyDescription(
      "Fewest pods. 0 lets KEDA scale the worker to zero while the queue is empty. Default 1.")
  private Integer minReplicas;

  @Required
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Most pods.")
  private Integer maxReplicas;

  public Integer getMessagesPerReplica() {
    return messagesPerReplica;
  }

  public void setMessagesPerReplica(Integer messagesPerReplica) {
    this.messagesPerReplica = messagesPerReplica;
  }

  public Integer getMinReplicas() {
    return minReplicas;
  }

  public void setMinReplicas(Integer minReplicas) {
    this.minReplicas = minReplicas;
  }

  public Integer getMaxReplicas() {
    return maxReplicas;
  }

  public void setMaxReplicas(Integer maxReplicas) {
    this.maxReplicas = maxReplicas;
  }
}
