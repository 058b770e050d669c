package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.operations.OperationsServer;
import dev.msa.operator.operations.Probes;
import dev.msa.operator.operations.PrometheusMetrics;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.PrometheusScrape;
import dev.msa.operator.testing.StatusReads;
import dev.msa.operator.testing.SwitchableProxy;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The AWS endpoint gone for 60 s — during a burst of creations, during a steady-state resync and
 * during deletions — behind a proxy that refuses connections while moto keeps its state. Nothing
 * crashes, /healthz stays 200, the conditions say the endpoint is unreachable, and once it is back
 * every object converges: exactly the expected resources, no orphan, every finalizer done.
 */
class AwsOutageIT {
  private static final Duration OUTAGE = Duration.ofSeconds(60);
  private static final Duration CONVERGE = Duration.ofMinutes(2);
  private static final int SERVICES = 30;
  private static final String CLUSTER = "itout";

  @Test
  void creationsResyncsAndDeletionsRideOutAnEndpointThatIsGone() throws Exception {
    try (KubernetesClient client = TestApiServer.get().newClient();
        SwitchableProxy aws = new SwitchableProxy(TestMoto.get().endpoint());
        AwsClients moto = TestMoto.get().clients(new SimpleMeterRegistry())) {
      Probes probes = new Probes();
      try (OperatorHarness operator =
              OperatorHarness.inNewNamespace(client, "outage", "itout", aws.endpoint());
          OperationsServer server =
              OperationsServer.start(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  PrometheusMetrics.create(),
                  probes)) {
        String ns = operator.namespace;
        probes.watch(operator.operator(), Optional.empty());
        String prefix = CLUSTER + "-" + ns + "-svc-";

        // (a) during a burst of creations
        long cutAt = cut(aws);
        IntStream.range(0, SERVICES).parallel().forEach(i -> apply(operator, ns, i));
        awaitUnreachable(operator, ns, SERVICES);
        outage(server, cutAt);
        aws.restore();
        report("a burst of " + SERVICES + " creations", awaitConverged(operator, ns));
        assertThat(queues(moto, prefix)).as("one queue each, none twice").hasSize(SERVICES);
        assertThat(roles(moto, prefix)).hasSize(SERVICES);

        // (b) during a steady-state resync
        cutAt = cut(aws);
        awaitUnreachable(operator, ns, SERVICES);
        outage(server, cutAt);
        aws.restore();
        report("a steady-state resync", awaitConverged(operator, ns));
        assertThat(queues(moto, prefix)).hasSize(SERVICES);

        // (c) during deletions
        cutAt = cut(aws);
        int deleted = SERVICES / 2;
        for (int i = 0; i < deleted; i++) {
          operator
              .client()
              .resources(Microservice.class)
              .inNamespace(ns)
              .withName("svc-" + i)
              .delete();
        }
        operator.awaitReconciles(Microservice.class, 1);
        assertThat(client.resources(Microservice.class).inNamespace(ns).list().getItems())
            .as("finalizers wait for AWS")
            .hasSize(SERVICES);
        outage(server, cutAt);
        aws.restore();
        long restored = System.nanoTime();
        Eventually.assertThat(
            CONVERGE,
            () ->
                assertThat(client.resources(Microservice.class).inNamespace(ns).list().getItems())
                    .hasSize(SERVICES - deleted));
        report(deleted + " deletions", (System.nanoTime() - restored) / 1e9);
        awaitConverged(operator, ns);
        assertThat(queues(moto, prefix)).as("no orphan").hasSize(SERVICES - deleted);
        assertThat(roles(moto, prefix)).hasSize(SERVICES - deleted);
        assertThat(PrometheusScrape.status(server.port(), "/healthz")).isEqualTo(200);
      }
    }
  }

  private static void apply(OperatorHarness operator, String ns, int i) {
    operator.apply(
        Microservice.class,
        ns,
        "kind: Microservice\nmetadata: {name: svc-"
            + i
            + "}\nspec:\n  image: nginx:1\n  replicas: 1\n  queue: {}");
  }

  /** The rest of the 60 s, with /healthz asked every second: the process is fine, AWS is not. */
  private static void outage(OperationsServer server, long cutAt) {
    long end = cutAt + OUTAGE.toNanos();
    while (System.nanoTime() < end) {
      assertThat(PrometheusScrape.status(server.port(), "/healthz"))
          .as("/healthz during the outage")
          .isEqualTo(200);
      Eventually.sleep(Duration.ofSeconds(1));
    }
  }

  private static void awaitUnreachable(OperatorHarness operator, String ns, int services) {
    Eventually.assertThat(
        Duration.ofSeconds(30),
        () -> {
          for (int i = 0; i < services; i++) {
            Microservice ms = operator.get(Microservice.class, ns, "svc-" + i);
            Condition ready = StatusReads.condition(ms, "Ready");
            assertThat(ready.getStatus()).as("svc-" + i).isEqualTo("False");
            assertThat(ready.getReason()).as("svc-" + i).isEqualTo("AwsEndpointUnreachable");
            assertThat(ready.getMessage()).contains("retrying");
            assertThat(StatusReads.condition(ms, "Reconciling").getStatus()).isEqualTo("True");
          }
        });
  }

  private static long cut(SwitchableProxy aws) {
    aws.cut();
    return System.nanoTime();
  }

  private static void report(String during, double seconds) {
    System.out.printf(
        "AWS endpoint gone for %d s during %s: converged %.1f s after it came back%n",
        OUTAGE.toSeconds(), during, seconds);
  }

  /** Seconds until every Microservice's AWS parts are Ready again. */
  private static double awaitConverged(OperatorHarness operator, String ns) {
    long start = System.nanoTime();
    Eventually.assertThat(
        CONVERGE,
        () -> {
          for (Microservice ms :
              operator.client().resources(Microservice.class).inNamespace(ns).list().getItems()) {
            for (String part : List.of("IdentityReady", "QueueReady")) {
              assertThat(StatusReads.condition(ms, part).getStatus())
                  .as(ms.getMetadata().getName() + " " + part)
                  .isEqualTo("True");
            }
          }
        });
    return (System.nanoTime() - start) / 1e9;
  }

  private static List<String> queues(AwsClients moto, String prefix) {
    return moto.sqs().listQueues(r -> r.queueNamePrefix(prefix)).queueUrls();
  }

  private static List<String> roles(AwsClients moto, String prefix) {
    return moto.iam().listRoles(r -> r.maxItems(1000)).roles().stream()
        .map(r -> r.roleName())
        .filter(n -> n.startsWith(prefix))
        .toList();
  }
}
