package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.DeploymentController;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Objects waiting for a provisioning turn hold no reconcile thread. One turn and the fewest threads
 * (10) against a burst of 20 new Microservices whose roles take 600 ms to create: a Ready
 * Microservice whose Deployment is deleted meanwhile gets it back at once. When waiters held their
 * threads, the repair queued behind the ten reconciles the burst had queued, and about ten services
 * got their Deployment before it. A subscription waiting for its subscriber's queue takes no turn
 * either, and says so while the burst is still in line.
 */
class ProvisioningTurnsIT {
  private static final int BURST = 20;

  @Test
  void aReadyServiceIsRepairedWhileABurstWaitsForItsTurns() {
    try (KubernetesClient client = TestApiServer.get().newClient()) {
      Crds.install(client);
      String ns = Namespaces.create(client, "turns");
      try (OperatorHarness operator =
          new OperatorHarness(
              client,
              List.of(ns),
              Map.of(
                  OperatorConfig.CLUSTER_NAME, "itturns",
                  OperatorConfig.REGION, "eu-west-1",
                  OperatorConfig.OIDC_PROVIDER_ARN,
                      "arn:aws:iam::123456789012:oidc-provider/oidc.example.com/id/itturns",
                  OperatorConfig.PROVISIONING_TURNS, "1",
                  OperatorConfig.RECONCILE_THREADS, "10"),
              List.of(new SlowCreateRole()))) {
        apply(operator, ns, "steady");
        Eventually.assertThat(
            OperatorHarness.WAIT,
            () -> {
              DeploymentController.keepAvailable(client, ns, "steady");
              assertThat(operator.condition(Microservice.class, ns, "steady", "Ready").getStatus())
                  .isEqualTo("True");
            });
        String before = deployment(client, ns, "steady").getMetadata().getUid();

        IntStream.range(0, BURST).forEach(i -> apply(operator, ns, "burst-" + i));
        // Past java-operator-sdk's finalizer round (no turn needed) and into the turns.
        Eventually.assertThat(
            OperatorHarness.WAIT,
            () -> {
              assertThat(through(client, ns)).isPositive();
              for (int i = 0; i < BURST; i++) {
                assertThat(operator.find(Microservice.class, ns, "burst-" + i).getFinalizers())
                    .isNotEmpty();
              }
            });
        long throughBefore = through(client, ns);
        client.apps().deployments().inNamespace(ns).withName("steady").delete();

        Eventually.get(
            OperatorHarness.WAIT,
            () -> {
              Deployment d = deployment(client, ns, "steady");
              return d != null && !d.getMetadata().getUid().equals(before) ? d : null;
            });
        assertThat(through(client, ns) - throughBefore)
            .as("burst Microservices that got their Deployment while the repair waited")
            .isLessThan(5);

        // A subscription whose subscriber has no queue yet (it stands in line behind the burst)
        // makes no AWS call, so it takes no turn: it says what it waits for at once.
        operator.apply(
            Microservice.class,
            ns,
            """
            kind: Microservice
            metadata: {name: inbox}
            spec: {image: "nginx:1", queue: {}}
            """);
        operator.apply(
            EventSubscription.class,
            ns,
            """
            kind: EventSubscription
            metadata: {name: to-inbox}
            spec:
              subscriber: inbox
              source: {eventBus: {name: default, pattern: {source: [it.turns]}}}
            """);
        long throughAtSubscription = through(client, ns);
        Eventually.assertThat(
            OperatorHarness.WAIT,
            () ->
                assertThat(
                        operator
                            .condition(EventSubscription.class, ns, "to-inbox", "SubscriberReady")
                            .getReason())
                    .isEqualTo("QueueNotReady"));
        assertThat(through(client, ns) - throughAtSubscription)
            .as("burst Microservices that got their Deployment before the subscription said why")
            .isLessThan(5);
        Eventually.assertThat(
            OperatorHarness.WAIT,
            () ->
                assertThat(through(client, ns))
                    .as("the whole burst through its turns")
                    .isEqualTo(BURST));
        Eventually.assertThat(
            OperatorHarness.WAIT,
            () ->
                assertThat(
                        operator
                            .condition(EventSubscription.class, ns, "to-inbox", "Ready")
                            .getStatus())
                    .as("the subscription, once its queue is there")
                    .isEqualTo("True"));
        Eventually.assertThat(
            OperatorHarness.WAIT,
            () ->
                assertThat(operator.registry.get("msa.provisioning.turns.waiting").gauge().value())
                    .as("objects in line")
                    .isZero());
        assertThat(
                operator.registry.get("msa.provisioning.turns.reclaimed").functionCounter().count())
            .as("turns kept for an object whose wake-up did not bring its reconcile within 10 s")
            .isZero();
      } finally {
        client.namespaces().withName(ns).delete();
      }
    }
  }

  private static void apply(OperatorHarness operator, String ns, String name) {
    operator.apply(
        Microservice.class,
        ns,
        """
        kind: Microservice
        metadata: {name: %s}
        spec: {image: "nginx:1"}
        """
            .formatted(name));
  }

  /** CreateRole answers after 600 ms: under two services a second through the one turn. */
  private static final class SlowCreateRole implements ExecutionInterceptor {
    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      if ("CreateRole".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
        Eventually.sleep(Duration.ofMillis(600));
      }
    }
  }

  /** Burst Microservices whose Deployment exists. */
  private static long through(KubernetesClient client, String ns) {
    return IntStream.range(0, BURST)
        .filter(i -> deployment(client, ns, "burst-" + i) != null)
        .count();
  }

  private static Deployment deployment(KubernetesClient client, String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get();
  }
}
