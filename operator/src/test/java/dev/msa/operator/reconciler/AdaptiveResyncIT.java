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
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The resync period stretched to the AWS read budget, on a running operator: two Microservices (5
 * reads each per resync) at a budget of 1 read per second make a 10 s period out of the configured
 * 2 s; no resync comes in the first 6 s after they are idle, and they are resynced by 1.1 × 10 s.
 */
class AdaptiveResyncIT {
  private static final List<String> SERVICES = List.of("a", "b");

  @Test
  void resyncsAreSpreadToTheReadBudgetAndStillCome() {
    try (KubernetesClient client = TestApiServer.get().newClient()) {
      Crds.install(client);
      String ns = Namespaces.create(client, "resync");
      try (OperatorHarness operator =
          new OperatorHarness(
              client,
              List.of(ns),
              Map.of(
                  OperatorConfig.CLUSTER_NAME, "itresync",
                  OperatorConfig.REGION, "eu-west-1",
                  OperatorConfig.OIDC_PROVIDER_ARN,
                      "arn:aws:iam::123456789012:oidc-provider/oidc.example.com/id/itresync",
                  OperatorConfig.RESYNC_INTERVAL, "2s",
                  OperatorConfig.AWS_READ_BUDGET, "1"),
              List.of())) {
        for (String name : SERVICES) {
          operator.apply(
              Microservice.class,
              ns,
              """
              apiVersion: msa.dev/v1alpha1
              kind: Microservice
              metadata: {name: %s}
              spec: {image: "nginx:1"}
              """
                  .formatted(name));
        }
        Eventually.assertThat(
            OperatorHarness.WAIT,
            () -> {
              SERVICES.forEach(name -> DeploymentController.keepAvailable(client, ns, name));
              for (String name : SERVICES) {
                assertThat(operator.condition(Microservice.class, ns, name, "Ready").getStatus())
                    .isEqualTo("True");
              }
            });
        Eventually.assertThat(
            OperatorHarness.WAIT,
            () -> assertThat(period(operator)).as("msa_resync_period_seconds").isEqualTo(10.0));
        operator.awaitIdle(Microservice.class);

        double idle = operator.reconciles(Microservice.class);
        long quietUntil = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (System.nanoTime() < quietUntil) {
          assertThat(operator.reconciles(Microservice.class))
              .as("Microservice reconciles within 6 s (a 2 s resync would make 3 per object)")
              .isEqualTo(idle);
          Eventually.sleep(Duration.ofMillis(200));
        }
        Eventually.assertThat(
            Duration.ofSeconds(15),
            () ->
                assertThat(operator.reconciles(Microservice.class))
                    .as("each Microservice resynced within 1.1 × 10 s")
                    .isGreaterThanOrEqualTo(idle + SERVICES.size()));
      } finally {
        client.namespaces().withName(ns).delete();
      }
    }
  }

  private static double period(OperatorHarness operator) {
    var gauge = operator.registry.find("msa.resync.period").gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }
}
