package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import org.junit.jupiter.api.Test;

class DeploymentUpdatesTest {
  private static final DeploymentCondition AVAILABLE =
      condition("Available", "True", "MinimumReplicasAvailable");
  private static final DeploymentCondition UNAVAILABLE =
      condition("Available", "False", "MinimumReplicasUnavailable");

  @Test
  void theControllerManagersProgressWritesStartNoReconcile() {
    Deployment created = rollout(null, null, null);
    Deployment observed =
        rollout(1L, null, null, progressing("NewReplicaSetCreated", "2026-12-05T20:00:00Z"));
    Deployment progressed =
        rollout(1L, 1, 1, AVAILABLE, progressing("ReplicaSetUpdated", "2026-12-05T20:00:01Z"));
    Deployment complete =
        rollout(1L, 1, 1, AVAILABLE, progressing("NewReplicaSetAvailable", "2026-12-05T20:00:02Z"));

    assertThat(DeploymentUpdates.accept(observed, created))
        .as("still rolling out, 0 of 1 pods available")
        .isFalse();
    assertThat(DeploymentUpdates.accept(complete, progressed))
        .as("only the Progressing condition moved on")
        .isFalse();
  }

  @Test
  void whatTheStatusShowsStartsAReconcile() {
    Deployment rolling = rollout(1L, 1, 0, UNAVAILABLE, progressing("ReplicaSetUpdated", "t1"));
    Deployment available = rollout(1L, 1, 1, AVAILABLE, progressing("ReplicaSetUpdated", "t1"));
    Deployment stuck =
        rollout(
            1L,
            1,
            0,
            UNAVAILABLE,
            new DeploymentConditionBuilder(
                    condition("Progressing", "False", "ProgressDeadlineExceeded"))
                .withMessage("ReplicaSet orders-1 has timed out progressing.")
                .build());

    assertThat(DeploymentUpdates.accept(available, rolling)).as("a pod became available").isTrue();
    assertThat(DeploymentUpdates.accept(stuck, rolling)).as("the rollout timed out").isTrue();
  }

  @Test
  void aChangeOfWhatTheOperatorAppliesStartsAReconcile() {
    Deployment applied = rollout(1L, 1, 1, AVAILABLE);

    assertThat(
            DeploymentUpdates.accept(
                new DeploymentBuilder(applied)
                    .editMetadata()
                    .withGeneration(2L)
                    .endMetadata()
                    .build(),
                applied))
        .as("the spec edited")
        .isTrue();
    assertThat(
            DeploymentUpdates.accept(
                new DeploymentBuilder(applied)
                    .editMetadata()
                    .addToLabels("app", "other")
                    .endMetadata()
                    .build(),
                applied))
        .as("a label edited: no new generation")
        .isTrue();
    assertThat(
            DeploymentUpdates.accept(
                new DeploymentBuilder(applied)
                    .editMetadata()
                    .withDeletionTimestamp("2026-12-05T20:00:00Z")
                    .endMetadata()
                    .build(),
                applied))
        .as("being deleted")
        .isTrue();
  }

  /**
   * Generation 1 of a one-replica Deployment as the controller-manager reports its rollout: {@code
   * updated} replicas (also its replicas) of which {@code available} are available.
   */
  private static Deployment rollout(
      Long observedGeneration,
      Integer updated,
      Integer available,
      DeploymentCondition... conditions) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("orders")
        .withGeneration(1L)
        .addToLabels("app", "orders")
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observedGeneration)
        .withReplicas(updated)
        .withUpdatedReplicas(updated)
        .withAvailableReplicas(available)
        .withConditions(conditions)
        .endStatus()
        .build();
  }

  private static DeploymentCondition progressing(String reason, String updated) {
    return new DeploymentConditionBuilder(condition("Progressing", "True", reason))
        .withLastUpdateTime(updated)
        .build();
  }

  private static DeploymentCondition condition(String type, String status, String reason) {
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(type + " " + reason)
        .build();
  }
}
