package dev.msa.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.ObservedStatus;
import dev.msa.operator.testing.AwsCallCounts;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.RecordingAwsProxy;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Failover under load, counted in AWS calls: two operator processes elect a leader, 100
 * Microservices (queue, DLQ, topic, role each) and 75 EventSubscriptions (50 SNS, 25 EventBridge)
 * are applied at once, and the leader is killed with {@code kill -9} in the middle of the burst.
 * The standby takes over and every object becomes Ready; then all are deleted. Both processes reach
 * moto through a {@link RecordingAwsProxy}, which records what AWS answered even to the killed
 * process: every create (and every delete) succeeded exactly once per resource over both processes.
 * Names are deterministic and most creates idempotent, so checking what exists could not catch work
 * done twice; counting the calls can.
 */
class FailoverUnderLoadE2E {
  private static final Duration WAIT = Duration.ofMinutes(5);
  private static final String LEASE = "msa-operator-failover";
  private static final int SERVICES = 100;
  private static final int SNS_SUBSCRIPTIONS = 50;
  private static final int RULE_SUBSCRIPTIONS = 25;

  /** The calls that make a resource, and how many resources of each the objects above need. */
  private static final Map<String, Long> CREATES =
      Map.of(
          "CreateQueue", 2L * SERVICES, // queue and DLQ
          "CreateTopic", (long) SERVICES,
          "CreateRole", (long) SERVICES,
          "PutRolePolicy", (long) SERVICES,
          "Subscribe", (long) SNS_SUBSCRIPTIONS,
          "PutRule", (long) RULE_SUBSCRIPTIONS,
          "PutTargets", (long) RULE_SUBSCRIPTIONS);

  private static final Map<String, Long> DELETES =
      Map.of(
          "DeleteQueue", 2L * SERVICES,
          "DeleteTopic", (long) SERVICES,
          "DeleteRole", (long) SERVICES,
          "DeleteRolePolicy", (long) SERVICES,
          "Unsubscribe", (long) SNS_SUBSCRIPTIONS,
          "DeleteRule", (long) RULE_SUBSCRIPTIONS,
          "RemoveTargets", (long) RULE_SUBSCRIPTIONS);

  private static final List<OperatorProcess> processes = new CopyOnWriteArrayList<>();
  private static KubernetesClient client;
  private static RecordingAwsProxy aws;
  private static String namespace;

  @BeforeAll
  static void connect() {
    for (String variable : List.of("KUBECONFIG", "AWS_ENDPOINT_URL")) {
      if (System.getenv(variable) == null || System.getenv(variable).isBlank()) {
        fail(variable + " is not set: run `make up` and `source .local/env.sh`");
      }
    }
    client = new KubernetesClientBuilder().build();
    Crds.install(client);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> processes.forEach(p -> p.process().destroyForcibly()), "kill-ops"));
  }

  /** Each run: a namespace, a lease and a count of its own. */
  @BeforeEach
  void prepare() {
    namespace = Namespaces.create(client, "e2e-failover");
    aws = new RecordingAwsProxy(URI.create(System.getenv("AWS_ENDPOINT_URL")));
  }

  /**
   * What a failed run left is deleted while a process still runs, so its finalizers give the AWS
   * resources back: 100 more roles and topics would push other suites' look-ups past one page.
   */
  @AfterEach
  void cleanUp() {
    if (processes.stream().anyMatch(p -> p.process().isAlive())) {
      try {
        delete(EventSubscription.class);
        delete(Microservice.class);
      } catch (AssertionError e) {
        System.out.println("left behind in " + namespace + ": " + e.getMessage());
      }
    }
    processes.forEach(OperatorProcess::kill);
    processes.clear();
    aws.close();
    client.namespaces().withName(namespace).delete();
  }

  @AfterAll
  static void disconnect() {
    if (client != null) {
      client.close();
    }
  }

  /**
   * @param phase the operation whose successful calls by the leader trigger the kill
   * @param after how many of them
   */
  @ParameterizedTest(name = "killed after {1} {0}")
  @CsvSource({"CreateRole, 33", "Subscribe, 12"})
  void aLeaderKilledMidBurstLeavesEveryResourceCreatedOnceAndEveryObjectReady(
      String phase, int after) throws Exception {
    OperatorProcess a = start("failover-a");
    Eventually.assertThat(WAIT, () -> assertThat(a.leads()).as("a leads").isTrue());
    OperatorProcess b = start("failover-b");
    assertThat(b.leads()).isFalse();

    // kill -9 mid-burst: while roles are being made, or while subscriptions are.
    CompletableFuture<Long> killed =
        CompletableFuture.supplyAsync(
            () -> {
              while (successes("failover-a", phase) < after) {
                Eventually.sleep(Duration.ofMillis(20));
              }
              a.kill();
              return System.nanoTime();
            });
    long applied = System.nanoTime();
    applyAll();
    int objects = SERVICES + SNS_SUBSCRIPTIONS + RULE_SUBSCRIPTIONS;
    long killedAt = killed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    long readyAtKill = ready();
    System.out.printf(
        "killed the leader %d ms after the apply began, %d of %d objects Ready, creates by a: %s%n",
        millis(applied, killedAt), readyAtKill, objects, successes("failover-a"));
    assertThat(readyAtKill).as("objects Ready when the leader was killed").isLessThan(objects);
    assertThat(aws.calls())
        .as("AWS writes of the standby while the leader lived")
        .filteredOn(
            c -> c.via().equals("failover-b") && !isRead(c.operation()) && c.atNanos() < killedAt)
        .isEmpty();

    Eventually.assertThat(WAIT, () -> assertThat(b.leads()).as("b leads").isTrue());
    long tookOver = System.nanoTime();
    Eventually.assertThat(WAIT, () -> assertThat(ready()).as("objects Ready").isEqualTo(objects));
    long allReady = System.nanoTime();
    System.out.printf(
        "b led %d ms after the kill; all %d Ready %d ms after the kill (%d ms after the apply);"
            + " creates by a %s, by b %s%n",
        millis(killedAt, tookOver),
        objects,
        millis(killedAt, allReady),
        millis(applied, allReady),
        successes("failover-a"),
        successes("failover-b"));
    assertThat(aws.successes(CREATES::containsKey)).as("successful creates").isEqualTo(CREATES);
    assertThat(aws.repeatedSuccesses(CREATES::containsKey)).as("created twice").isEmpty();

    // Every finalizer completes under the new leader, and deletes too happen once each.
    delete(EventSubscription.class);
    delete(Microservice.class);
    assertThat(aws.successes(DELETES::containsKey)).as("successful deletes").isEqualTo(DELETES);
    assertThat(aws.repeatedSuccesses(DELETES::containsKey)).as("deleted twice").isEmpty();
  }

  private static OperatorProcess start(String name) throws Exception {
    OperatorProcess started =
        OperatorProcess.start(
            name, namespace, LEASE, Map.of("AWS_ENDPOINT_URL", aws.endpoint(name).toString()));
    processes.add(started);
    return started;
  }

  /** Everything at once, as a platform team's first sync would: services, then subscriptions. */
  private static void applyAll() {
    for (int i = 0; i < SERVICES; i++) {
      apply(
          """
          kind: Microservice
          metadata: {name: svc-%03d}
          spec:
            image: nginx:1
            replicas: 0
            queue: {deadLetter: {maxReceiveCount: 5}}
            publishes: [{name: events}]
          """
              .formatted(i));
    }
    for (int i = 0; i < SNS_SUBSCRIPTIONS; i++) {
      apply(
          """
          kind: EventSubscription
          metadata: {name: sns-%03d}
          spec:
            subscriber: svc-%03d
            source: {topic: {microservice: svc-%03d, name: events}}
            filterPolicy: {eventType: [Created]}
          """
              .formatted(i, i, (i + 1) % SERVICES));
    }
    for (int i = 0; i < RULE_SUBSCRIPTIONS; i++) {
      apply(
          """
          kind: EventSubscription
          metadata: {name: rule-%03d}
          spec:
            subscriber: svc-%03d
            source: {eventBus: {name: default, pattern: {source: [e2e.failover.%d]}}}
          """
              .formatted(i, SNS_SUBSCRIPTIONS + i, i));
    }
  }

  private static void apply(String yaml) {
    GenericKubernetesResource object =
        Serialization.unmarshal(
            "apiVersion: msa.dev/v1alpha1\n" + yaml, GenericKubernetesResource.class);
    client.resource(object).inNamespace(namespace).fieldManager("e2e").serverSideApply();
  }

  private static long ready() {
    return ready(Microservice.class) + ready(EventSubscription.class);
  }

  private static long ready(Class<? extends CustomResource<?, ? extends ObservedStatus>> type) {
    return client.resources(type).inNamespace(namespace).list().getItems().stream()
        .map(CustomResource::getStatus)
        .filter(
            status ->
                status != null
                    && status.getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
        .count();
  }

  private static void delete(Class<? extends CustomResource<?, ?>> type) {
    client.resources(type).inNamespace(namespace).delete();
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(client.resources(type).inNamespace(namespace).list().getItems())
                .as(type.getSimpleName() + "s left")
                .isEmpty());
  }

  private static long successes(String via, String operation) {
    return aws.calls().stream()
        .filter(c -> c.via().equals(via) && c.operation().equals(operation) && c.succeeded())
        .count();
  }

  /** Successful creates sent by {@code via}, by operation. */
  private static Map<String, Long> successes(String via) {
    return aws.calls().stream()
        .filter(c -> c.via().equals(via) && c.succeeded() && CREATES.containsKey(c.operation()))
        .collect(
            Collectors.groupingBy(
                RecordingAwsProxy.Call::operation, TreeMap::new, Collectors.counting()));
  }

  /** EKS is a REST protocol: its reads are GETs. */
  private static boolean isRead(String operation) {
    return AwsCallCounts.isRead(operation) || operation.startsWith("GET ");
  }

  private static long millis(long from, long to) {
    return Duration.ofNanos(to - from).toMillis();
  }
}
