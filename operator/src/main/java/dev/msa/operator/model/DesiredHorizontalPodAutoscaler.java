package dev.msa.operator.model;

import dev.msa.operator.api.Autoscaling;
import dev.msa.operator.api.Microservice;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import java.util.Optional;

/**
 * An autoscaling/v2 HorizontalPodAutoscaler on CPU when spec.autoscaling is set without queueDepth
 * (with it, KEDA's ScaledObject makes and owns its own).
 */
public final class DesiredHorizontalPodAutoscaler {
  static final int DEFAULT_MIN_REPLICAS = 1;
  static final int DEFAULT_CPU_TARGET = 80;

  private DesiredHorizontalPodAutoscaler() {}

  public static Optional<HorizontalPodAutoscaler> build(Microservice microservice) {
    Autoscaling autoscaling = microservice.getSpec().getAutoscaling();
    if (autoscaling == null || autoscaling.getQueueDepth() != null) {
      return Optional.empty();
    }
    String name = microservice.getMetadata().getName();
    return Optional.of(
        new HorizontalPodAutoscalerBuilder()
            .withMetadata(Labels.metadata(microservice, name))
            .withNewSpec()
            .withNewScaleTargetRef()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName(name)
            .endScaleTargetRef()
            .withMinReplicas(minReplicas(autoscaling))
            .withMaxReplicas(autoscaling.getMaxReplicas())
            .addNewMetric()
            .withType("Resource")
            .withNewResource()
            .withName("cpu")
            .withNewTarget()
            .withType("Utilization")
            .withAverageUtilization(
                autoscaling.getTargetCPUUtilizationPercentage() == null
                    ? DEFAULT_CPU_TARGET
                    : autoscaling.getTargetCPUUtilizationPercentage())
            .endTarget()
            .endResource()
            .endMetric()
            .endSpec()
            .build());
  }

  /** The fewest pods the autoscaler keeps, on CPU or on queue depth. */
  public static int minReplicas(Autoscaling autoscaling) {
    Integer min =
        autoscaling.getQueueDepth() == null
            ? autoscaling.getMinReplicas()
            : autoscaling.getQueueDepth().getMinReplicas();
    return min == null ? DEFAULT_MIN_REPLICAS : min;
  }
}
