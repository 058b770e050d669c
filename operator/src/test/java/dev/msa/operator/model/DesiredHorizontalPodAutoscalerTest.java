package dev.msa.operator.model;

import static dev.msa.operator.testing.Microservices.withSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import org.junit.jupiter.api.Test;

class DesiredHorizontalPodAutoscalerTest {

  @Test
  void noAutoscalerWithoutAutoscaling() {
    assertThat(DesiredHorizontalPodAutoscaler.build(withSpec("orders", "{image: nginx}")))
        .isEmpty();
  }

  @Test
  void noAutoscalerWhenKedaScalesOnQueueDepth() {
    assertThat(
            DesiredHorizontalPodAutoscaler.build(
                withSpec(
                    "notifications",
                    "{image: nginx, queue: {}, autoscaling: {queueDepth: {messagesPerReplica: 100,"
                        + " maxReplicas: 20}}}")))
        .isEmpty();
  }

  @Test
  void defaultsToOneReplicaAtLeastAndEightyPercentCpu() {
    HorizontalPodAutoscaler hpa =
        build(withSpec("orders", "{image: nginx, autoscaling: {maxReplicas: 4}}"));

    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(4);
    assertThat(cpuUtilization(hpa)).isEqualTo(80);
  }

  @Test
  void takesTheGivenBoundsAndTarget() {
    HorizontalPodAutoscaler hpa =
        build(
            withSpec(
                "payments",
                """
                image: nginx
                autoscaling: {minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70}
                """));

    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
    assertThat(cpuUtilization(hpa)).isEqualTo(70);
  }

  @Test
  void scalesTheServicesDeployment() {
    Microservice microservice =
        withSpec("payments", "{image: nginx, autoscaling: {maxReplicas: 3}}");
    HorizontalPodAutoscaler hpa = build(microservice);

    assertThat(hpa.getMetadata().getName()).isEqualTo("payments");
    assertThat(hpa.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(hpa.getMetadata().getLabels()).isEqualTo(Labels.of(microservice));
    assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("payments");
  }

  private static HorizontalPodAutoscaler build(Microservice microservice) {
    return DesiredHorizontalPodAutoscaler.build(microservice).orElseThrow();
  }

  private static Integer cpuUtilization(HorizontalPodAutoscaler hpa) {
    MetricSpec metric = hpa.getSpec().getMetrics().get(0);
    assertThat(hpa.getSpec().getMetrics()).hasSize(1);
    assertThat(metric.getType()).isEqualTo("Resource");
    assertThat(metric.getResource().getName()).isEqualTo("cpu");
    assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
    return metric.getResource().getTarget().getAverageUtilization();
  }
}
