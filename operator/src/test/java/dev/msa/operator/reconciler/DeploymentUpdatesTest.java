package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentUpdatesTest {
  @Test
  void theControllerManagersProgressWritesStartNoReconcile() {
    Deployment created = deployment(1L, Map.of("app", "orders"), null, null, null, List.of(), null);
    Deployment observed =
        deployment(
            1L,
            Map.of("app", "orders"),
            1L,
            null,
            null,
            List.of(progressing("True", "NewReplicaSetCreated", "2026-12-05T20:00:00Z")),
            null);
    Deployment progressed =
        deployment(
            1L,
            Map.of("app", "orders"),
            1L,
            1,
            1,
            List.of(
                available("True"),
                progressing("True", "ReplicaSetUpdated", "2026-12-05T20:00:01Z")),
            1);
    Deployment complete =
        deployment(
            1L,
            Map.of("app", "orders"),
            1L,
            1,
            1,
            List.of(
                available("True"),
                progressing("True", "NewReplicaSetAvailable", "2026-12-05T20:00:02Z")),
            1);

    assertThat(DeploymentUpdates.accept(observed, created))
        .as("still rolling out, 0 of 1 pods available")
        .isFalse();
    assertThat(DeploymentUpdates.accept(complete, progressed))
        .as("only the Progressing condition moved on")
        .isFalse();
  }

  @Test
  void whatTheStatusShowsStartsAReconcile() {
    Deployment rolling =
        deployment(
            1L,
            Map.of("app", "orders"),
            1L,
            1,
            1,
            List.of(available("False"), progressing("True", "ReplicaSetUpdated", "t1")),
            0);
    Deployment available =
        deployment(
            1L,
            Map.of("app", "orders"),
            1L,
            1,
            1,
            List.of(available("True"), progressing("True", "ReplicaSetUpdated", "t1")),
            1);
    Deployment stuck =
        deployment(
            1L,
            Map.of("app", "orders"),
            1L,
            1,
            1,
            List.of(
                available("False"),
                new DeploymentConditionBuilder()
                    .withType("Progressing")
                    .withStatus("False")
                    .withReason("ProgressDeadlineExceeded")
                    .withMessage("ReplicaSet orders-1 has timed out progressing.")
                    .build()),
            0);

    assertThat(DeploymentUpdates.accept(available, rolling)).as("a pod became available").isTrue();
    assertThat(DeploymentUpdates.accept(stuck, rolling)).as("the rollout timed out").isTrue();
  }

  @Test
  void aChangeOfWhatTheOperatorAppliesStartsAReconcile() {
    Deployment applied =
        deployment(1L, Map.of("app", "orders"), 1L, 1, 1, List.of(available("True")), 1);

    assertThat(
            DeploymentUpdates.accept(
                deployment(2L, Map.of("app", "orders"), 1L, 1, 1, List.of(available("True")), 1),
                applied))
        .as("the spec edited")
        .isTrue();
    assertThat(
            DeploymentUpdates.accept(
                deployment(1L, Map.of("app", "other"), 1L, 1, 1, List.of(available("True")), 1),
                applied))
        .as("a label edited: no new generation")
        .isTrue();
    Deployment deleting =
        deployment(1L, Map.of("app", "orders"), 1L, 1, 1, List.of(available("True")), 1);
    deleting.getMetadata().setDeletionTimestamp("2026-12-05T20:00:00Z");
    assertThat(DeploymentUpdates.accept(deleting, applied)).as("being deleted").isTrue();
  }

  private static Deployment deployment(
      Long generation,
      Map<String, String> labels,
      Long observedGeneration,
      Integer replicas,
      Integer updatedReplicas,
      List<DeploymentCondition> conditions,
      Integer availableReplicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("orders")
        .withGeneration(generation)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observedGeneration)
        .withReplicas(replicas)
        .withUpdatedReplicas(updatedReplicas)
        .withAvailableReplicas(availableReplicas)
        .withConditions(conditions)
        .endStatus()
        .build();
  }

  private static DeploymentCondition available(String status) {
    return new DeploymentConditionBuilder()
        .withType("Available")
        .withStatus(status)
        .withReason(
            "True".equals(status) ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
        .withMessage(
            "True".equals(status)
                ? "Deployment has minimum availability."
                : "Deployment does not have minimum availability.")
        .build();
  }

  private static DeploymentCondition progressing(String status, String reason, String updated) {
    return new DeploymentConditionBuilder()
        .withType("Progressing")
        .withStatus(status)
        .withReason(reason)
        .withLastUpdateTime(updated)
        .build();
  }
}
