package dev.msa.operator.model;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.MicroserviceSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Optional;

/**
 * {@code maxUnavailable: 1} when the service runs more than one pod; none for one pod, where a
 * budget would block node drains.
 */
public final class DesiredPodDisruptionBudget {
  private DesiredPodDisruptionBudget() {}

  public static Optional<PodDisruptionBudget> build(Microservice microservice) {
    if (!needed(microservice.getSpec())) {
      return Optional.empty();
    }
    return Optional.of(
        new PodDisruptionBudgetBuilder()
            .withMetadata(Labels.metadata(microservice, microservice.getMetadata().getName()))
            .withNewSpec()
            .withMaxUnavailable(new IntOrString(1))
            .withNewSelector()
            .withMatchLabels(Labels.selector(microservice))
            .endSelector()
            .endSpec()
            .build());
  }

  static boolean needed(MicroserviceSpec spec) {
    if (spec.getAutoscaling() != null) {
      return DesiredHorizontalPodAutoscaler.minReplicas(spec.getAutoscaling()) > 1;
    }
    return spec.getReplicas() != null && spec.getReplicas() > 1;
  }
}
