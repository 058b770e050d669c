package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkloadAvailabilityTest {
  private static final long GENERATION = 4L;

  @Test
  void noDeploymentYetIsPending() {
    Condition condition = WorkloadAvailability.of("orders", Optional.empty());

    assertThat(condition.getType()).isEqualTo("WorkloadAvailable");
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("DeploymentPending");
    assertThat(condition.getMessage()).contains("orders");
  }

  @Test
  void aDeploymentTheControllerHasNotSeenYetIsRollingOut() {
    Deployment deployment =
        new DeploymentBuilder(deployment(2))
            .withStatus(status(GENERATION - 1, 2, 2, 2).build())
            .build();

    assertReason(deployment, "RolloutInProgress");
  }

  @Test
  void aDeploymentWithoutStatusIsRollingOut() {
    Deployment deployment = new DeploymentBuilder(deployment(2)).withStatus(null).build();

    assertReason(deployment, "RolloutInProgress");
  }

  @Test
  void fewerUpdatedPodsThanWantedIsRollingOutAndCountsAvailablePods() {
    Deployment deployment =
        new DeploymentBuilder(deployment(3))
            .withStatus(status(GENERATION, 3, 1, 3).build())
            .build();

    Condition condition = WorkloadAvailability.of("orders", Optional.of(deployment));

    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("RolloutInProgress");
    assertThat(condition.getMessage()).contains("3 of 3 pods available");
  }

  @Test
  void anExceededProgressDeadlineIsReportedWithTheControllersMessage() {
    Deployment deployment =
        new DeploymentBuilder(deployment(2))
            .withStatus(
                status(GENERATION, 2, 1, 1)
                    .withConditions(
                        deploymentCondition(
                            "Progressing",
                            "False",
                            "ProgressDeadlineExceeded",
                            "ReplicaSet \"orders-7d9\" has timed out progressing."))
                    .build())
            .build();

    Condition condition = WorkloadAvailability.of("orders", Optional.of(deployment));

    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(condition.getMessage())
        .contains("ReplicaSet \"orders-7d9\" has timed out progressing.")
        .contains("1 of 2 pods available");
  }

  @Test
  void aProgressingRolloutIsNotADeadlineProblem() {
    Deployment deployment =
        new DeploymentBuilder(deployment(2))
            .withStatus(
                status(GENERATION, 2, 1, 1)
                    .withConditions(
                        deploymentCondition(
                            "Progressing", "True", "ReplicaSetUpdated", "progressing"))
                    .build())
            .build();

    assertReason(deployment, "RolloutInProgress");
  }

  @Test
  void anUnavailableDeploymentGivesTheControllersReason() {
    Deployment deployment =
        new DeploymentBuilder(deployment(2))
            .withStatus(
                status(GENERATION, 2, 2, 0)
                    .withConditions(
                        deploymentCondition(
                            "Available",
                            "False",
                            "MinimumReplicasUnavailable",
                            "Deployment does not have minimum availability."))
                    .build())
            .build();

    Condition condition = WorkloadAvailability.of("orders", Optional.of(deployment));

    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("MinimumReplicasUnavailable");
    assertThat(condition.getMessage())
        .contains("Deployment does not have minimum availability.")
        .contains("0 of 2 pods available");
  }

  @Test
  void fewerAvailablePodsThanWantedIsNotAvailable() {
    Deployment deployment =
        new DeploymentBuilder(deployment(3))
            .withStatus(status(GENERATION, 3, 3, 2).build())
            .build();

    assertReason(deployment, "PodsUnavailable");
  }

  @Test
  void everyPodUpdatedAndAvailableIsAvailable() {
    Deployment deployment =
        new DeploymentBuilder(deployment(2))
            .withStatus(
                status(GENERATION, 2, 2, 2)
                    .withConditions(
                        deploymentCondition("Available", "True", "MinimumReplicasAvailable", "ok"),
                        deploymentCondition(
                            "Progressing", "True", "NewReplicaSetAvailable", "done"))
                    .build())
            .build();

    Condition condition = WorkloadAvailability.of("orders", Optional.of(deployment));

    assertThat(condition.getStatus()).isEqualTo("True");
    assertThat(condition.getReason()).isEqualTo("Available");
    assertThat(condition.getMessage()).isEqualTo("2 of 2 pods available");
  }

  @Test
  void withoutReplicasInTheSpecOnePodIsWanted() {
    Deployment deployment =
        new DeploymentBuilder(deployment(null))
            .withStatus(status(GENERATION, 1, 1, 1).build())
            .build();

    assertThat(WorkloadAvailability.of("orders", Optional.of(deployment)).getStatus())
        .isEqualTo("True");
  }

  private static void assertReason(Deployment deployment, String reason) {
    Condition condition = WorkloadAvailability.of("orders", Optional.of(deployment));
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo(reason);
  }

  private static Deployment deployment(Integer replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("orders")
        .withNamespace("shop")
        .withGeneration(GENERATION)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .build();
  }

  private static DeploymentStatusBuilder status(
      long observedGeneration, int replicas, int updated, int available) {
    return new DeploymentStatusBuilder()
        .withObservedGeneration(observedGeneration)
        .withReplicas(replicas)
        .withUpdatedReplicas(updated)
        .withAvailableReplicas(available);
  }

  private static DeploymentCondition deploymentCondition(
      String type, String status, String reason, String message) {
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }
}
