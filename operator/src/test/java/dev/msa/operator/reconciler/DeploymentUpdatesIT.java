package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.DeploymentController;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The controller-manager's progress writes on a Deployment start no reconcile of its Microservice;
 * a write that changes what the Microservice shows does ({@link DeploymentUpdates}). The operator
 * resyncs every 10 minutes here, so every reconcile counted follows an event.
 */
class DeploymentUpdatesIT {
  private static final int PROGRESS_WRITES = 10;

  @Test
  void onlyDeploymentWritesThatChangeTheStatusStartAReconcile() {
    try (KubernetesClient client = TestApiServer.get().newClient()) {
      Crds.install(client);
      String ns = Namespaces.create(client, "depupd");
      try (OperatorHarness operator =
          new OperatorHarness(
              client,
              List.of(ns),
              Map.of(
                  OperatorConfig.CLUSTER_NAME, "itdepupd",
                  OperatorConfig.OIDC_PROVIDER_ARN,
                      "arn:aws:iam::123456789012:oidc-provider/oidc.example.com/id/itdepupd",
                  OperatorConfig.RESYNC_INTERVAL, "10m"),
              List.of())) {
        operator.apply(
            Microservice.class,
            ns,
            """
            kind: Microservice
            metadata: {name: rolling}
            spec: {image: "nginx:1"}
            """);
        DeploymentController.markAvailable(client, ns, "rolling");
        Eventually.assertThat(
            OperatorHarness.WAIT,
            () ->
                assertThat(
                        operator.condition(Microservice.class, ns, "rolling", "Ready").getStatus())
                    .isEqualTo("True"));
        operator.awaitIdle(Microservice.class);
        double before = operator.reconciles(Microservice.class);

        for (int i = 0; i < PROGRESS_WRITES; i++) {
          writeProgressingCondition(client, ns, Instant.now().plusSeconds(i).toString());
        }
        // Had any of them started a reconcile, this would see it finish: the writes went through
        // the same watch before this one.
        DeploymentController.markAvailable(client, ns, "rolling", 1);
        operator.awaitIdle(Microservice.class);
        assertThat(operator.reconciles(Microservice.class) - before)
            .as("reconciles after %d progress-only Deployment status writes", PROGRESS_WRITES)
            .isZero();

        DeploymentController.markAvailable(client, ns, "rolling", 0);
        Eventually.assertThat(
            OperatorHarness.WAIT,
            () -> {
              assertThat(operator.reconciles(Microservice.class) - before)
                  .as("a write that makes 0 of 1 pods available")
                  .isPositive();
              assertThat(
                      operator
                          .condition(Microservice.class, ns, "rolling", "WorkloadAvailable")
                          .getMessage())
                  .contains("0 of 1 pods available");
            });
      } finally {
        client.namespaces().withName(ns).delete();
      }
    }
  }

  /** What kube-controller-manager writes as a rollout goes on: a newer Progressing condition. */
  private static void writeProgressingCondition(KubernetesClient client, String ns, String at) {
    Deployment deployment = client.apps().deployments().inNamespace(ns).withName("rolling").get();
    List<DeploymentCondition> conditions = new ArrayList<>(deployment.getStatus().getConditions());
    conditions.removeIf(c -> "Progressing".equals(c.getType()));
    conditions.add(
        new DeploymentConditionBuilder()
            .withType("Progressing")
            .withStatus("True")
            .withReason("NewReplicaSetAvailable")
            .withMessage("ReplicaSet rolling-1 has successfully progressed.")
            .withLastUpdateTime(at)
            .build());
    deployment.getStatus().setConditions(conditions);
    client.apps().deployments().inNamespace(ns).resource(deployment).updateStatus();
  }
}
