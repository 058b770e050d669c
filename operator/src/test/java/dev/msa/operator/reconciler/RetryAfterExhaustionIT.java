package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.FaultInjection;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.StatusReads;
import dev.msa.operator.testing.TestApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A transient AWS failure that outlasts JOSDK's retries (about 16 s) must not leave the object
 * waiting for the next resync, 10 minutes by default: the operator keeps retrying on its own.
 */
class RetryAfterExhaustionIT {
  @Test
  void aFailureLongerThanTheRetryBudgetIsRetriedBeforeTheNextResync() {
    AtomicBoolean failing = new AtomicBoolean(true);
    try (KubernetesClient client = TestApiServer.get().newClient()) {
      Crds.install(client);
      String ns = Namespaces.create(client, "patient");
      try (OperatorHarness operator =
          new OperatorHarness(
              client,
              List.of(ns),
              Map.of(
                  OperatorConfig.CLUSTER_NAME, "itpatient",
                  OperatorConfig.RESYNC_INTERVAL, "10m",
                  OperatorConfig.OIDC_PROVIDER_ARN,
                      "arn:aws:iam::123456789012:oidc-provider/oidc.example.com/id/PATIENT"),
              List.of())) {
        operator.faults.failWhen(
            "GetCallerIdentity",
            r -> failing.get(),
            () -> FaultInjection.awsError("STS", 503, "ServiceUnavailable", "Service unavailable"));
        operator.apply(
            Microservice.class,
            ns,
            "kind: Microservice\nmetadata: {name: patient}\nspec:\n  image: nginx:1\n  replicas: 1\n  queue: {}");
        Eventually.assertThat(
            OperatorHarness.WAIT,
            () ->
                assertThat(
                        operator.condition(Microservice.class, ns, "patient", "Ready").getReason())
                    .isEqualTo("ServiceUnavailable"));
        Eventually.sleep(
            Duration.ofSeconds(30)); // longer than JOSDK's retries: the point of the test
        failing.set(false);

        Eventually.assertThat(
            OperatorHarness.WAIT,
            () ->
                assertThat(
                        StatusReads.condition(
                                operator.get(Microservice.class, ns, "patient"), "QueueReady")
                            .getStatus())
                    .isEqualTo("True"));
      }
    }
  }
}
