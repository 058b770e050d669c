package dev.msa.operator.model;

import static dev.msa.operator.testing.Microservices.withSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DesiredPodDisruptionBudgetTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{image: nginx, replicas: 2}",
        "{image: nginx, replicas: 10}",
        "{image: nginx, autoscaling: {minReplicas: 2, maxReplicas: 5}}",
        "{image: nginx, queue: {}, autoscaling: {queueDepth: {messagesPerReplica: 10,"
            + " minReplicas: 2, maxReplicas: 5}}}"
      })
  void moreThanOnePodGetsABudgetOfOneUnavailablePod(String spec) {
    PodDisruptionBudget pdb =
        DesiredPodDisruptionBudget.build(withSpec("orders", spec)).orElseThrow();

    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getMinAvailable()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{image: nginx}",
        "{image: nginx, replicas: 0}",
        "{image: nginx, replicas: 1}",
        "{image: nginx, autoscaling: {minReplicas: 1, maxReplicas: 5}}",
        "{image: nginx, autoscaling: {maxReplicas: 5}}",
        "{image: nginx, queue: {}, autoscaling: {queueDepth: {messagesPerReplica: 10,"
            + " minReplicas: 0, maxReplicas: 5}}}",
        "{image: nginx, queue: {}, autoscaling: {queueDepth: {messagesPerReplica: 10,"
            + " maxReplicas: 5}}}"
      })
  void aSinglePodGetsNoBudgetSoNodeDrainsAreNotBlocked(String spec) {
    assertThat(DesiredPodDisruptionBudget.build(withSpec("orders", spec))).isEmpty();
  }

  @Test
  void budgetSelectsTheServicesPods() {
    Microservice microservice = withSpec("orders", "{image: nginx, replicas: 3}");

    PodDisruptionBudget pdb = DesiredPodDisruptionBudget.build(microservice).orElseThrow();

    assertThat(pdb.getMetadata().getName()).isEqualTo("orders");
    assertThat(pdb.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(pdb.getMetadata().getLabels()).isEqualTo(Labels.of(microservice));
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(Map.of("msa.dev/microservice", "orders"));
  }
}
