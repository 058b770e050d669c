package dev.msa.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.Optional;

/** The WorkloadAvailable condition, read from the observed Deployment. */
public final class WorkloadAvailability {
  public static final String TYPE = "WorkloadAvailable";

  private WorkloadAvailability() {}

  public static Condition of(String name, Optional<Deployment> observed) {
    if (observed.isEmpty()) {
      return Conditions.of(
          TYPE, false, Reasons.DEPLOYMENT_PENDING, "Deployment " + name + " does not exist yet");
    }
    Deployment deployment = observed.get();
    DeploymentStatus status =
        deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
    int wanted =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    int available = orZero(status.getAvailableReplicas());
    int updated = orZero(status.getUpdatedReplicas());
    String pods = available + " of " + wanted + " pods available";

    Optional<DeploymentCondition> progressing = condition(status, "Progressing");
    if (progressing.isPresent()
        && "False".equals(progressing.get().getStatus())
        && "ProgressDeadlineExceeded".equals(progressing.get().getReason())) {
      return Conditions.of(
          TYPE,
          false,
          Reasons.PROGRESS_DEADLINE_EXCEEDED,
          "Deployment "
              + name
              + ": "
              + progressing.get().getMessage()
              + "; "
              + pods
              + "; check the image and the pods' events");
    }
    Long observedGeneration = status.getObservedGeneration();
    if (observedGeneration == null
        || observedGeneration < orZero(deployment.getMetadata().getGeneration())
        || updated < wanted) {
      return Conditions.of(
          TYPE,
          false,
          Reasons.ROLLOUT_IN_PROGRESS,
          "Deployment " + name + " is rolling out: " + pods);
    }
    Optional<DeploymentCondition> availableCondition = condition(status, "Available");
    if (availableCondition.isPresent() && "False".equals(availableCondition.get().getStatus())) {
      return Conditions.of(
          TYPE,
          false,
          availableCondition.get().getReason(),
          "Deployment " + name + ": " + availableCondition.get().getMessage() + "; " + pods);
    }
    if (available < wanted) {
      return Conditions.of(
          TYPE, false, Reasons.PODS_UNAVAILABLE, "Deployment " + name + ": " + pods);
    }
    return Conditions.of(TYPE, true, "Available", pods);
  }

  private static Optional<DeploymentCondition> condition(DeploymentStatus status, String type) {
    return status.getConditions() == null
        ? Optional.empty()
        : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
