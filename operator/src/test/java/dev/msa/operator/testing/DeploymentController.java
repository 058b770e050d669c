package dev.msa.operator.testing;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Objects;

/**
 * What kube-controller-manager would write once a Deployment's pods are up (kube-api-test has
 * none).
 */
public final class DeploymentController {
  private DeploymentController() {}

  /** Marks the Deployment available again when its status is of an older generation. */
  public static void keepAvailable(KubernetesClient client, String namespace, String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment == null
        || deployment.getStatus() == null
        || !Objects.equals(
            deployment.getStatus().getObservedGeneration(),
            deployment.getMetadata().getGeneration())) {
      markAvailable(client, namespace, name);
    }
  }

  /** Waits for the operator's Deployment, then marks as many replicas available as it asks for. */
  public static void markAvailable(KubernetesClient client, String namespace, String name) {
    Deployment deployment =
        Eventually.get(
            Duration.ofSeconds(45),
            () -> client.apps().deployments().inNamespace(namespace).withName(name).get());
    Integer replicas = deployment.getSpec().getReplicas();
    markAvailable(client, namespace, name, replicas == null ? 1 : replicas);
  }

  /** Waits for the operator's Deployment, then marks {@code replicas} of its pods available. */
  public static void markAvailable(
      KubernetesClient client, String namespace, String name, int replicas) {
    Deployment deployment =
        Eventually.get(
            Duration.ofSeconds(45),
            () -> client.apps().deployments().inNamespace(namespace).withName(name).get());
    deployment.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(deployment.getMetadata().getGeneration())
            .withReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .withReadyReplicas(replicas)
            .withAvailableReplicas(replicas)
            .withConditions(
                new DeploymentConditionBuilder()
                    .withType("Available")
                    .withStatus("True")
                    .withReason("MinimumReplicasAvailable")
                    .withMessage("Deployment has minimum availability.")
                    .build())
            .build());
    client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
  }
}
