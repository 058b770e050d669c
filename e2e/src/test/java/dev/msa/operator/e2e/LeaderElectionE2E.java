package dev.msa.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.operations.LeaderElection;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.Microservices;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.PrometheusScrape;
import dev.msa.operator.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Operator processes as a Deployment would run them, each its own JVM started from the class path
 * {@code make run} uses, electing a leader through one Lease: exactly one reconciles, a killed
 * leader is replaced within the lease time with nothing created twice, and a leader stopped with
 * SIGTERM hands the lease over at once. Which process reconciles is read from each one's /metrics.
 */
class LeaderElectionE2E {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String LEASE = "msa-operator-e2e";
  private static final String KIND = "Microservice";

  private static final List<OperatorProcess> processes = new CopyOnWriteArrayList<>();
  private static KubernetesClient client;
  private static SqsClient sqs;
  private static String namespace;

  @BeforeAll
  static void connect() {
    for (String variable :
        List.of("KUBECONFIG", "AWS_ENDPOINT_URL", "AWS_REGION", OperatorConfig.CLUSTER_NAME)) {
      if (System.getenv(variable) == null || System.getenv(variable).isBlank()) {
        fail(variable + " is not set: run `make up` and `source .local/env.sh`");
      }
    }
    Path lib = RepoPaths.root().resolve("operator/target/lib");
    if (!Files.isDirectory(lib)) {
      fail(lib + " is missing: build the operator first (mvn -DskipTests install)");
    }
    client = new KubernetesClientBuilder().build();
    sqs = SqsClient.create();
    Crds.install(client);
    namespace = Namespaces.create(client, "e2e-lease");
    // whatever happens to this JVM, no operator process outlives it
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> processes.forEach(p -> p.process().destroyForcibly()), "kill-ops"));
  }

  @AfterAll
  static void stop() {
    processes.forEach(p -> p.process().destroyForcibly());
    if (client != null) {
      if (namespace != null) {
        client.namespaces().withName(namespace).delete();
      }
      client.close();
    }
    if (sqs != null) {
      sqs.close();
    }
  }

  @Test
  void oneLeaderReconcilesAndHandsOverWhenKilledOrStopped() throws Exception {
    OperatorProcess a = start("e2e-a");
    Eventually.assertThat(WAIT, () -> assertThat(a.leads()).as("a leads").isTrue());
    OperatorProcess b = start("e2e-b");

    // 1. Exactly one reconciles.
    createMicroservice("first");
    awaitReady("first");
    assertThat(a.reconciliations(KIND)).isPositive();
    assertThat(b.reconciliations(KIND)).as("the standby reconciles nothing").isZero();
    assertThat(b.leads()).isFalse();
    assertThat(PrometheusScrape.get(b.port(), "/readyz").body()).isEqualTo("ok: standby\n");

    // 2. kill -9 the leader: the standby takes over within the lease time and reconciles.
    long killed = System.nanoTime();
    a.kill();
    Eventually.assertThat(WAIT, () -> assertThat(b.leads()).as("b leads").isTrue());
    Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
    System.out.println("takeover after kill -9: " + takeover.toMillis() + " ms");
    assertThat(takeover).isLessThan(LeaderElection.LEASE_DURATION.plusSeconds(10));
    createMicroservice("second");
    awaitReady("second");
    assertThat(b.reconciliations(KIND)).isPositive();
    assertThat(queuesTaggedWith(uid("first"))).as("queues of first").hasSize(1);
    assertThat(queuesTaggedWith(uid("second"))).as("queues of second").hasSize(1);

    // 3. SIGTERM to the leader: it releases the lease, the standby takes over at its next retry.
    OperatorProcess c = start("e2e-c");
    assertThat(c.leads()).isFalse();
    long terminated = System.nanoTime();
    b.process().destroy(); // SIGTERM
    Eventually.assertThat(WAIT, () -> assertThat(c.leads()).as("c leads").isTrue());
    Duration handover = Duration.ofNanos(System.nanoTime() - terminated);
    System.out.println("takeover after SIGTERM: " + handover.toMillis() + " ms");
    assertThat(handover).isLessThan(LeaderElection.LEASE_DURATION);
    assertThat(b.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(b.log())).contains("released lease " + namespace + "/" + LEASE);
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("e2e-c");
    createMicroservice("third");
    awaitReady("third");
    assertThat(c.reconciliations(KIND)).isPositive();
  }

  private static OperatorProcess start(String name) throws IOException {
    OperatorProcess started = OperatorProcess.start(name, namespace, LEASE, Map.of());
    processes.add(started);
    return started;
  }

  private static void createMicroservice(String name) {
    Microservices.apply(
        client, namespace, name, "{image: \"nginx:1\", replicas: 1, port: 8080, queue: {}}", "e2e");
  }

  private static void awaitReady(String name) {
    Eventually.assertThat(
        WAIT,
        () -> {
          Microservice microservice = get(name);
          assertThat(microservice.getStatus()).as(name + " status").isNotNull();
          assertThat(microservice.getStatus().getConditions())
              .as(name + " conditions")
              .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        });
  }

  private static Microservice get(String name) {
    return client.resources(Microservice.class).inNamespace(namespace).withName(name).get();
  }

  private static String uid(String name) {
    return get(name).getMetadata().getUid();
  }

  private static Lease lease() {
    return client.resources(Lease.class).inNamespace(namespace).withName(LEASE).get();
  }

  private static List<String> queuesTaggedWith(String uid) {
    List<String> found = new ArrayList<>();
    for (String url : sqs.listQueuesPaginator(r -> r.maxResults(1000)).queueUrls()) {
      if (uid.equals(sqs.listQueueTags(r -> r.queueUrl(url)).tags().get("msa.dev/uid"))) {
        found.add(url);
      }
    }
    return found;
  }
}
