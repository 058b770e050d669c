package dev.msa.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * Which updates of a Microservice's Deployment start the Microservice's reconcile: a change of what
 * the operator applies (a new generation, or labels, annotations or owners, which change none), the
 * deletion just marked, or a change of what the Microservice's status shows of it (its replicas,
 * its available replicas, its WorkloadAvailable condition). The controller-manager writes a
 * Deployment's status about six times while it rolls out (observed generation, progress times,
 * ready and updated counts); each started a whole reconcile of a Microservice that, being not yet
 * Ready, also took a provisioning turn from services still waiting for their AWS side.
 */
final class DeploymentUpdates {
  private DeploymentUpdates() {}

  static boolean accept(Deployment newer, Deployment older) {
    ObjectMeta now = newer.getMetadata();
    ObjectMeta before = older.getMetadata();
    return !Objects.equals(now.getGeneration(), before.getGeneration())
        || !Objects.equals(now.getLabels(), before.getLabels())
        || !Objects.equals(now.getAnnotations(), before.getAnnotations())
        || !Objects.equals(now.getOwnerReferences(), before.getOwnerReferences())
        || !Objects.equals(now.getDeletionTimestamp(), before.getDeletionTimestamp())
        || !Objects.equals(replicas(newer), replicas(older))
        || !Objects.equals(availableReplicas(newer), availableReplicas(older))
        || !sameAvailability(newer, older);
  }

  private static Integer replicas(Deployment deployment) {
    return status(deployment).map(DeploymentStatus::getReplicas).orElse(null);
  }

  private static Integer availableReplicas(Deployment deployment) {
    return status(deployment).map(DeploymentStatus::getAvailableReplicas).orElse(null);
  }

  private static Optional<DeploymentStatus> status(Deployment deployment) {
    return Optional.ofNullable(deployment.getStatus());
  }

  /** The WorkloadAvailable condition each would give, but for its transition time. */
  private static boolean sameAvailability(Deployment newer, Deployment older) {
    String name = newer.getMetadata().getName();
    Condition now = WorkloadAvailability.of(name, Optional.of(newer));
    Condition before = WorkloadAvailability.of(name, Optional.of(older));
    return Objects.equals(now.getStatus(), before.getStatus())
        && Objects.equals(now.getReason(), before.getReason())
        && Objects.equals(now.getMessage(), before.getMessage());
  }
}
