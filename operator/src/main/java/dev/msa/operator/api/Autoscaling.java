package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Horizontal autoscaling: on CPU with a HorizontalPodAutoscaler (autoscaling/v2), or on the depth
 * of the service's queue with a KEDA ScaledObject ({@link QueueDepth}), never both. The CPU fields
 * have no schema defaults: a default would be present beside queueDepth, which excludes them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.maxReplicas) || has(self.queueDepth)",
    message =
        "autoscaling needs maxReplicas (on CPU, with minReplicas and"
            + " targetCPUUtilizationPercentage) or queueDepth (on the depth of the service's queue)")
@ValidationRule(
    value =
        "!has(self.queueDepth) || !(has(self.minReplicas) || has(self.maxReplicas) ||"
            + " has(self.targetCPUUtilizationPercentage))",
    message =
        "autoscaling.queueDepth excludes minReplicas, maxReplicas and"
            + " targetCPUUtilizationPercentage: the replica count follows either CPU or the queue;"
            + " set the bounds inside queueDepth",
    reason = "FieldValueForbidden")
@ValidationRule(
    value =
        "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
    message = "autoscaling.minReplicas must not be greater than autoscaling.maxReplicas")
public class Autoscaling {

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("CPU: fewest pods. Absent means 1.")
  private Integer minReplicas;

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("CPU: most pods. Required unless queueDepth is set.")
  private Integer maxReplicas;

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "CPU: average utilisation, in percent of the CPU request, that the autoscaler aims for."
          + " Absent means 80.")
  private Integer targetCPUUtilizationPercentage;

  @JsonPropertyDescription(
      "Scale on the depth of the service's own queue (spec.queue) with a KEDA ScaledObject"
          + " instead of on CPU. Needs KEDA on the cluster; excludes the CPU fields.")
  private QueueDepth queueDepth;

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

  public Integer getTargetCPUUtilizationPercentage() {
    return targetCPUUtilizationPercentage;
  }

  public void setTargetCPUUtilizationPercentage(Integer targetCPUUtilizationPercentage) {
    this.targetCPUUtilizationPercentage = targetCPUUtilizationPercentage;
  }

  public QueueDepth getQueueDepth() {
    return queueDepth;
  }

  public void setQueueDepth(QueueDepth queueDepth) {
    this.queueDepth = queueDepth;
  }
}
