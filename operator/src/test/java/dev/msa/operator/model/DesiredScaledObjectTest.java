package dev.msa.operator.model;

import static dev.msa.operator.testing.Microservices.withSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.testing.Microservices;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredScaledObjectTest {
  private static final String QUEUE_URL =
      "https://sqs.eu-west-1.amazonaws.com/123456789012/prod-shop-notifications";

  @Test
  void scalesTheDeploymentOnItsOwnQueueWithTheServicesTriggerAuthentication() {
    Microservice microservice =
        withSpec(
            "notifications",
            """
            image: nginx
            queue: {}
            autoscaling: {queueDepth: {messagesPerReplica: 100, minReplicas: 0, maxReplicas: 20}}
            """);

    ScaledObject scaledObject = build(microservice);

    assertThat(scaledObject.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
    assertThat(scaledObject.getKind()).isEqualTo("ScaledObject");
    assertThat(scaledObject.getMetadata().getName()).isEqualTo("notifications");
    assertThat(scaledObject.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(scaledObject.getMetadata().getLabels()).isEqualTo(Labels.of(microservice));
    assertThat(scaledObject.getAdditionalProperties()).containsOnlyKeys("spec");
    assertThat(spec(scaledObject))
        .isEqualTo(
            Serialization.unmarshal(
                """
            scaleTargetRef:
              apiVersion: "apps/v1"
              kind: "Deployment"
              name: "notifications"
            minReplicaCount: 0
            maxReplicaCount: 20
            triggers:
            - type: "aws-sqs-queue"
              authenticationRef:
                name: "notifications"
              metadata:
                queueURL: "%s"
                queueLength: "100"
                awsRegion: "eu-west-1"
            """
                    .formatted(QUEUE_URL),
                Map.class));
  }

  @Test
  void theFewestPodsDefaultToOne() {
    ScaledObject scaledObject =
        build(
            withSpec(
                "notifications",
                "{image: nginx, queue: {}, autoscaling: {queueDepth: {messagesPerReplica: 5,"
                    + " maxReplicas: 3}}}"));

    assertThat(spec(scaledObject)).containsEntry("minReplicaCount", 1);
  }

  @Test
  void noScaledObjectWithoutQueueDepth() {
    for (String spec :
        new String[] {
          "{image: nginx, queue: {}}",
          "{image: nginx, queue: {}, autoscaling: {maxReplicas: 4}}",
          "{image: nginx, replicas: 2}"
        }) {
      assertThat(DesiredScaledObject.build(withSpec("orders", spec), QUEUE_URL, "eu-west-1"))
          .as(spec)
          .isEmpty();
    }
  }

  @Test
  void nothingOfTheMicroservicesOwnLabelsOrAnnotationsIsCopied() {
    Microservice microservice =
        Microservices.fromYaml(
            """
            apiVersion: msa.dev/v1alpha1
            kind: Microservice
            metadata:
              name: notifications
              namespace: shop
              labels: {argocd.argoproj.io/instance: shop, team: messaging}
              annotations: {argocd.argoproj.io/tracking-id: "shop:msa.dev/Microservice:shop/notifications"}
            spec:
              image: nginx
              queue: {}
              autoscaling: {queueDepth: {messagesPerReplica: 100, maxReplicas: 20}}
            """);

    ScaledObject scaledObject = build(microservice);

    assertThat(scaledObject.getMetadata().getLabels()).isEqualTo(Labels.of(microservice));
    assertThat(scaledObject.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  private static ScaledObject build(Microservice microservice) {
    return DesiredScaledObject.build(microservice, QUEUE_URL, "eu-west-1").orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(ScaledObject resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }
}
