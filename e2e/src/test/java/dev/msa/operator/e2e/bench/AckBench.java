package dev.msa.operator.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.e2e.OperatorProcess;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.PrometheusScrape;
import dev.msa.operator.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code make bench-ack}: msa-operator and ACK's SQS, SNS and IAM controllers, one after the other
 * on the same local environment (kwok + moto), provisioning the same N services: queue and
 * dead-letter queue with redrive, topic, subscription into the queue with its queue policy, IRSA
 * role with its inline policy. ACK runs at its defaults (one reconcile at a time per kind) and at a
 * tuned concurrency. Each is measured the same way: time to all Ready/synced, AWS calls during
 * provisioning and per resync from moto's request recorder, peak RSS and heap sampled each second,
 * CPU seconds from /proc, lines of YAML the user writes. Then moto's own ceiling for the same call
 * mix ({@link MotoCeiling}). Writes e2e/target/bench/ack-N.json and its sections of
 * docs/benchmarks.md. Not a test: run by {@code make bench-ack} only.
 */
public final class AckBench {
  private static final BenchWaits WAITS = new BenchWaits(Duration.ofSeconds(1));

  private static final Duration SHORTEST_RESYNC = Duration.ofSeconds(30);
  private static final Pattern READ = Pattern.compile("^(Get|List|Describe).*");
  private static final String ACK_SYNCED = "ACK.ResourceSynced";

  /** The ACK kinds of one service, each with its controller: api version, kind, plural. */
  private static final List<List<String>> ACK_KINDS =
      List.of(
          List.of("sqs", "sqs.services.k8s.aws/v1alpha1", "Queue"),
          List.of("sns", "sns.services.k8s.aws/v1alpha1", "Topic"),
          List.of("sns", "sns.services.k8s.aws/v1alpha1", "Subscription"),
          List.of("iam", "iam.services.k8s.aws/v1alpha1", "Role"));

  private static final Map<String, String> ACK_RESOURCES =
      Map.of("sqs", "Queue", "sns", "Topic,Subscription", "iam", "Role");

  /**
   * Whether SNS is part of the work: only when ACK's SNS controller could be built (tools.sh
   * --ack); without it both sides provision the queues and the role only.
   */
  private final boolean withSns;

  private final List<List<String>> ackKinds;

  private final int n;
  private final int tunedConcurrency;
  private final Duration resync;
  private final boolean withService;
  private final Path root = RepoPaths.root();
  private final Path out;
  private final Path cache;
  private final String run = Long.toString(System.currentTimeMillis() % 100000, 36);
  private final KubernetesClient client = new KubernetesClientBuilder().build();
  private final MotoRecorder recorder = new MotoRecorder(System.getenv("AWS_ENDPOINT_URL"));
  private final Map<String, Object> results = new LinkedHashMap<>();
  private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
  private final AtomicReference<String> phase = new AtomicReference<>("start");
  private final List<Process> processes = new ArrayList<>();
  private final long started = System.nanoTime();

  private AckBench(int n, int tunedConcurrency) {
    this.n = n;
    this.tunedConcurrency = tunedConcurrency;
    this.out = root.resolve("e2e/target/bench");
    this.cache =
        Path.of(
            System.getenv()
                .getOrDefault(
                    "MSA_CACHE_DIR", System.getProperty("user.home") + "/.cache/msa-operator"));
    // the same interval as `make bench` uses for N: msa's IAM reads at 20/s with a third to spare
    this.resync =
        Duration.ofSeconds(
            Math.max(SHORTEST_RESYNC.toSeconds(), (long) Math.ceil(n * 2 / 20.0 * 1.5)));
    this.withService = n + 20 <= 200;
    this.withSns = Files.isExecutable(cache.resolve("bin/ack-sns-controller"));
    this.ackKinds = ACK_KINDS.stream().filter(k -> withSns || !k.get(0).equals("sns")).toList();
  }

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args.length > 0 ? args[0] : "100");
    int tuned = Integer.parseInt(args.length > 1 ? args[1] : "10");
    AckBench bench = new AckBench(n, tuned);
    Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll, "stop-processes"));
    int rc = 0;
    try {
      bench.run();
    } catch (Throwable e) {
      e.printStackTrace();
      bench.results.put("error", String.valueOf(e));
      rc = 1;
    } finally {
      bench.stopAll();
      bench.ticker.shutdownNow();
      try {
        bench.write();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }
    System.exit(rc);
  }

  private void run() throws Exception {
    for (String variable : List.of("KUBECONFIG", "AWS_ENDPOINT_URL", OperatorConfig.CLUSTER_NAME)) {
      if (System.getenv(variable) == null) {
        throw new IllegalStateException(variable + " is not set: source .local/env.sh");
      }
    }
    Files.createDirectories(out);
    results.put("n", n);
    results.put("date", Instant.now().toString());
    results.put("machine", machine());
    results.put("resyncIntervalSeconds", resync.toSeconds());
    results.put(
        "work",
        withSns
            ? "queue + dead-letter queue with redrive, topic, subscription into the queue with the"
                + " queue policy, IRSA role with its inline policy"
            : "queue + dead-letter queue with redrive, IRSA role with its inline policy (no SNS:"
                + " ACK's SNS controller could not be built here, so neither side makes topics or"
                + " subscriptions)");
    results.put(
        "ackVersions",
        versions(
            "ACK_SQS_VERSION",
            "ACK_SNS_VERSION",
            "ACK_IAM_VERSION",
            "ACK_REPLACE_RUNTIME",
            "ACK_REPLACE_KMS_CONTROLLER",
            "ACK_REPLACE_IAM_CONTROLLER"));
    ticker.scheduleAtFixedRate(this::progress, 10, 10, TimeUnit.SECONDS);

    results.put("msa", runMsa());
    results.put("ackDefault", runAck(1));
    results.put("ackTuned", runAck(tunedConcurrency));
    phase.set("moto ceiling");
    Map<String, Object> msa = castMap(results.get("msa"));
    results.put(
        "motoCeiling",
        MotoCeiling.measure(
            n,
            withSns,
            recorder,
            (Double) msa.get("allReadySeconds"),
            castMap(msa.get("provisionAwsCalls"))));
  }

  // ------------------------------------------------------------------------------------------
  // msa-operator

  private Map<String, Object> runMsa() throws Exception {
    phase.set("msa");
    String namespace = "ack-bench-msa-" + run;
    createNamespace(namespace);
    Crds.install(client);
    int port = BenchWaits.freePort();
    Path log = out.resolve("ack-bench-" + n + "-msa-operator.log");
    ProcessBuilder builder = OperatorProcess.command(log);
    Map<String, String> env = builder.environment();
    env.put(OperatorConfig.WATCH_NAMESPACES, namespace);
    env.put(OperatorConfig.RESYNC_INTERVAL, resync.toSeconds() + "s");
    // Both sides resync at the same interval: the read budget would otherwise stretch msa's period
    // to 6 reads × N / 5 per second (120 s at N=100), longer than the two-interval window.
    env.put(OperatorConfig.AWS_READ_BUDGET, "10000");
    env.put(OperatorConfig.HTTP_ADDRESS, "127.0.0.1");
    env.put(OperatorConfig.HTTP_PORT, String.valueOf(port));
    env.put(OperatorConfig.LEADER_ELECTION, "false");
    Process operator = start(builder);
    WAITS.await(
        Duration.ofMinutes(2),
        () -> alive(operator) && PrometheusScrape.status(port, "/readyz") == 200,
        "msa /readyz");

    Map<String, Object> r = new LinkedHashMap<>();
    String microservice = microserviceYaml(0);
    String subscription = subscriptionYaml(0);
    String written = withSns ? microservice + "---\n" + subscription : microservice;
    Files.writeString(out.resolve("ack-bench-msa-one-service.yaml"), written);
    r.put("yamlLinesPerService", AckManifests.lines(written));
    r.put("objectsPerService", withSns ? 2 : 1);
    Peak peak =
        new Peak(
            () -> List.of(operator.pid()),
            () -> PrometheusScrape.of(port).sum("jvm_memory_used_bytes", Map.of("area", "heap")));
    Map<String, Double> operatorCallsBefore = operatorCalls(port);
    provision(
        r,
        namespace,
        peak,
        List.of(operator.pid()),
        i -> {
          create(namespace, microserviceYaml(i), Microservice.class);
          create(namespace, subscriptionYaml(i), EventSubscription.class);
        },
        () -> {
          Map<String, Long> states = new LinkedHashMap<>();
          for (Microservice m :
              client.resources(Microservice.class).inNamespace(namespace).list().getItems()) {
            if (ready(m.getStatus() == null ? null : m.getStatus().getConditions(), "Ready")) {
              states.put("Microservice/" + m.getMetadata().getName(), 0L);
            }
          }
          for (EventSubscription s :
              client.resources(EventSubscription.class).inNamespace(namespace).list().getItems()) {
            if (ready(s.getStatus() == null ? null : s.getStatus().getConditions(), "Ready")) {
              states.put("EventSubscription/" + s.getMetadata().getName(), 0L);
            }
          }
          return states.keySet();
        },
        withSns ? 2 * n : n);
    // the cross-check: moto's recording against the operator's own count of its calls
    Map<String, Double> operatorCalls = diff(operatorCallsBefore, operatorCalls(port));
    r.put(
        "operatorOwnCountOfItsAwsCalls",
        operatorCalls.values().stream().mapToDouble(Double::doubleValue).sum());
    steady(r, List.of(operator.pid()));
    r.put("peakRssMiB", peak.rssMiB());
    r.put("peakHeapMiB", peak.heapMiB());
    peak.close();
    phase.set("msa delete");
    client.resources(EventSubscription.class).inNamespace(namespace).delete();
    client.resources(Microservice.class).inNamespace(namespace).delete();
    long t0 = System.nanoTime();
    boolean gone =
        WAITS.awaitQuietly(
            Duration.ofMinutes(15),
            () ->
                client
                        .resources(Microservice.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .isEmpty()
                    && client
                        .resources(EventSubscription.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .isEmpty());
    r.put("deleteSeconds", gone ? seconds(System.nanoTime() - t0) : null);
    stop(operator);
    client.namespaces().withName(namespace).delete();
    return r;
  }

  private String microserviceYaml(int i) {
    return """
        apiVersion: msa.dev/v1alpha1
        kind: Microservice
        metadata: {name: %s}
        spec:
          image: "nginx:1"
          replicas: 1
          %s
          queue: {deadLetter: {maxReceiveCount: 5}}
          %s
        """
        .formatted(
            msaName(i),
            withService ? "port: 8080" : "# no port: a worker, no Service",
            withSns ? "publishes: [{name: events}]" : "");
  }

  private String subscriptionYaml(int i) {
    return """
        apiVersion: msa.dev/v1alpha1
        kind: EventSubscription
        metadata: {name: %s}
        spec:
          subscriber: %s
          source: {topic: {microservice: %s, name: events}}
        """
        .formatted("sub-" + msaName(i), msaName((i + 1) % n), msaName(i));
  }

  private static String msaName(int i) {
    return String.format("svc-%04d", i);
  }

  private Map<String, Double> operatorCalls(int port) {
    Map<String, Double> calls = new LinkedHashMap<>();
    for (PrometheusScrape.Sample s :
        PrometheusScrape.of(port).named("msa_aws_calls_seconds_count")) {
      calls.merge(
          s.labels().get("service") + "/" + s.labels().get("operation"), s.value(), Double::sum);
    }
    return calls;
  }

  // ------------------------------------------------------------------------------------------
  // ACK

  private Map<String, Object> runAck(int concurrency) throws Exception {
    phase.set("ack x" + concurrency);
    String namespace = "ack-bench-ack" + concurrency + "-" + run;
    createNamespace(namespace);
    installAckCrds();
    String account;
    String oidc;
    try (StsClient sts = StsClient.create();
        IamClient iam = IamClient.builder().build()) {
      account = sts.getCallerIdentity().account();
      oidc = iam.listOpenIDConnectProviders().openIDConnectProviderList().get(0).arn();
    }
    AckManifests manifests =
        new AckManifests(
            account,
            System.getenv().getOrDefault("AWS_REGION", "us-east-1"),
            oidc,
            namespace,
            withSns);
    Map<String, Object> r = new LinkedHashMap<>();
    String awsSide = manifests.awsSide(0, n - 1);
    String kubeSide = manifests.kubernetesSide(0, withService);
    Files.writeString(out.resolve("ack-bench-ack-one-service.yaml"), awsSide + "---\n" + kubeSide);
    r.put("concurrency", concurrency);
    r.put("yamlLinesPerService", AckManifests.lines(awsSide));
    r.put(
        "yamlLinesPerServiceWithDeploymentAndServiceAccount",
        AckManifests.lines(awsSide) + AckManifests.lines(kubeSide));
    r.put("objectsPerService", withSns ? 5 : 3);

    Map<String, Integer> metricsPorts = new LinkedHashMap<>();
    List<Process> controllers = new ArrayList<>();
    for (Map.Entry<String, String> c : ACK_RESOURCES.entrySet()) {
      if (!withSns && c.getKey().equals("sns")) {
        continue;
      }
      int metrics = BenchWaits.freePort();
      metricsPorts.put(c.getKey(), metrics);
      controllers.add(startAck(c.getKey(), c.getValue(), namespace, concurrency, metrics));
    }
    for (Map.Entry<String, Integer> m : metricsPorts.entrySet()) {
      WAITS.await(
          Duration.ofMinutes(1),
          () ->
              controllers.stream().allMatch(this::alive)
                  && PrometheusScrape.status(m.getValue(), "/metrics") == 200,
          "ACK " + m.getKey() + " /metrics");
    }
    List<Long> pids = controllers.stream().map(Process::pid).toList();
    Peak peak =
        new Peak(
            () -> pids,
            () ->
                metricsPorts.values().stream()
                    .mapToDouble(
                        port ->
                            PrometheusScrape.of(port).sum("go_memstats_heap_alloc_bytes", Map.of()))
                    .sum());
    provision(
        r,
        namespace,
        peak,
        pids,
        i -> {
          for (String doc : manifests.awsSide(i, (i + n - 1) % n).split("(?m)^---$")) {
            GenericKubernetesResource resource =
                Serialization.unmarshal(doc, GenericKubernetesResource.class);
            client
                .genericKubernetesResources(resource.getApiVersion(), resource.getKind())
                .inNamespace(namespace)
                .resource(resource)
                .create();
          }
        },
        () -> {
          List<String> synced = new ArrayList<>();
          for (List<String> kind : ackKinds) {
            for (GenericKubernetesResource g :
                client
                    .genericKubernetesResources(kind.get(1), kind.get(2))
                    .inNamespace(namespace)
                    .list()
                    .getItems()) {
              if (ackSynced(g)) {
                synced.add(kind.get(2) + "/" + g.getMetadata().getName());
              }
            }
          }
          return synced;
        },
        (withSns ? 5 : 3) * n);
    r.put("terminalOrRecoverableAtTheEnd", ackProblems(namespace));
    steady(r, pids);
    r.put("peakRssMiB", peak.rssMiB());
    r.put("peakHeapMiB", peak.heapMiB());
    peak.close();
    phase.set("ack x" + concurrency + " delete");
    long t0 = System.nanoTime();
    for (List<String> kind : ackKinds) {
      client.genericKubernetesResources(kind.get(1), kind.get(2)).inNamespace(namespace).delete();
    }
    boolean gone =
        WAITS.awaitQuietly(
            Duration.ofMinutes(15),
            () ->
                ackKinds.stream()
                    .allMatch(
                        k ->
                            client
                                .genericKubernetesResources(k.get(1), k.get(2))
                                .inNamespace(namespace)
                                .list()
                                .getItems()
                                .isEmpty()));
    r.put("deleteSeconds", gone ? seconds(System.nanoTime() - t0) : null);
    controllers.forEach(this::stop);
    if (!gone) {
      // what ACK did not delete keeps its finalizer; drop it so the namespace can go
      for (List<String> kind : ackKinds) {
        for (GenericKubernetesResource g :
            client
                .genericKubernetesResources(kind.get(1), kind.get(2))
                .inNamespace(namespace)
                .list()
                .getItems()) {
          client
              .genericKubernetesResources(kind.get(1), kind.get(2))
              .inNamespace(namespace)
              .withName(g.getMetadata().getName())
              .edit(
                  x -> {
                    x.getMetadata().setFinalizers(List.of());
                    return x;
                  });
        }
      }
    }
    client.namespaces().withName(namespace).delete();
    return r;
  }

  private Process startAck(
      String service, String resources, String namespace, int concurrency, int metricsPort)
      throws IOException {
    Path binary = cache.resolve("bin/ack-" + service + "-controller");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " is missing: run e2e/local/tools.sh --ack");
    }
    String endpoint = System.getenv("AWS_ENDPOINT_URL");
    List<String> command =
        List.of(
            binary.toString(),
            "--aws-region=" + System.getenv().getOrDefault("AWS_REGION", "us-east-1"),
            "--aws-endpoint-url=" + endpoint,
            "--aws-identity-endpoint-url=" + endpoint,
            "--allow-unsafe-aws-endpoint-urls",
            "--enable-carm=false",
            "--enable-leader-election=false",
            "--watch-namespace=" + namespace,
            "--reconcile-resources=" + resources,
            "--reconcile-default-resync-seconds=" + resync.toSeconds(),
            "--reconcile-default-max-concurrent-syncs=" + concurrency,
            "--metrics-addr=127.0.0.1:" + metricsPort,
            "--healthz-addr=127.0.0.1:" + BenchWaits.freePort(),
            "--log-level=info");
    Path log = out.resolve("ack-bench-" + n + "-ack-" + service + "-x" + concurrency + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // The AWS SDK for Go refuses a custom CA bundle with the HTTP client ACK builds ("unable to add
    // custom RootCAs HTTPClient"); moto is plain HTTP, so ACK gets none.
    builder.environment().remove("AWS_CA_BUNDLE");
    System.out.println("[ack-bench] " + String.join(" ", command) + " > " + log);
    return start(builder);
  }

  private void installAckCrds() throws Exception {
    Path crds = cache.resolve("ack");
    Process kubectl =
        new ProcessBuilder(
                cache.resolve("bin/kubectl").toString(),
                "apply",
                "--server-side",
                "--force-conflicts",
                "-R",
                "-f",
                crds.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(kubectl.getInputStream().readAllBytes());
    if (kubectl.waitFor() != 0) {
      throw new IllegalStateException("installing ACK's CRDs from " + crds + " failed: " + output);
    }
    for (List<String> kind : ackKinds) {
      WAITS.await(
          Duration.ofMinutes(1),
          () ->
              client.genericKubernetesResources(kind.get(1), kind.get(2)).inAnyNamespace().list()
                  != null,
          kind.get(2) + " CRD");
    }
  }

  private static boolean ackSynced(GenericKubernetesResource g) {
    Object status = g.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
      return false;
    }
    return conditions.stream()
        .anyMatch(
            c ->
                c instanceof Map<?, ?> m
                    && ACK_SYNCED.equals(m.get("type"))
                    && "True".equals(m.get("status")));
  }

  /** ACK's Terminal and Recoverable conditions still set after provisioning, by kind and reason. */
  private Map<String, Long> ackProblems(String namespace) {
    Map<String, Long> problems = new java.util.TreeMap<>();
    for (List<String> kind : ackKinds) {
      for (GenericKubernetesResource g :
          client
              .genericKubernetesResources(kind.get(1), kind.get(2))
              .inNamespace(namespace)
              .list()
              .getItems()) {
        if (g.getAdditionalProperties().get("status") instanceof Map<?, ?> s
            && s.get("conditions") instanceof List<?> conditions) {
          for (Object c : conditions) {
            if (c instanceof Map<?, ?> m
                && "True".equals(m.get("status"))
                && String.valueOf(m.get("type")).matches("ACK\\.(Terminal|Recoverable)")) {
              problems.merge(kind.get(2) + " " + m.get("type"), 1L, Long::sum);
            }
          }
        }
      }
    }
    return problems;
  }

  // ------------------------------------------------------------------------------------------
  // one measurement, the same for both

  private interface Apply {
    void service(int i) throws Exception;
  }

  /**
   * Applies N services with 8 threads while moto records; waits until {@code expected} objects are
   * Ready/synced (polled every second, as seen by the bench); AWS calls, CPU seconds.
   */
  private void provision(
      Map<String, Object> r,
      String namespace,
      Peak peak,
      List<Long> pids,
      Apply apply,
      Supplier<java.util.Collection<String>> readyObjects,
      int expected)
      throws Exception {
    Map<String, Long> cpuBefore = cpu(pids);
    recorder.start();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<?>> applied = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      applied.add(
          pool.submit(
              () -> {
                apply.service(index);
                return null;
              }));
    }
    pool.shutdown();
    for (java.util.concurrent.Future<?> f : applied) {
      f.get();
    }
    r.put("applySeconds", seconds(System.nanoTime() - t0));
    Map<String, Long> readyAt = new ConcurrentHashMap<>();
    Duration timeout = Duration.ofMinutes(n >= 1000 ? 60 : 15);
    boolean all =
        WAITS.awaitQuietly(
            timeout,
            () -> {
              long now = System.nanoTime();
              readyObjects.get().forEach(k -> readyAt.putIfAbsent(k, now));
              progressLine = "Ready/synced " + readyAt.size() + "/" + expected;
              return readyAt.size() >= expected;
            });
    long last = readyAt.values().stream().mapToLong(Long::longValue).max().orElse(t0);
    r.put("allReadySeconds", all ? seconds(last - t0) : null);
    r.put(
        "readyWithinTimeout",
        readyAt.size() + "/" + expected + (all ? "" : " (timed out after " + timeout + ")"));
    List<Double> latencies = readyAt.values().stream().map(t -> (t - t0) / 1e9).sorted().toList();
    r.put("readyP50Seconds", round(latencies.isEmpty() ? 0 : latencies.get(latencies.size() / 2)));
    Map<String, Long> calls = recorder.stop();
    r.put("provisionAwsCalls", calls);
    long total = calls.values().stream().mapToLong(Long::longValue).sum();
    r.put("provisionAwsCallsTotal", total);
    r.put("provisionAwsCallsPerService", round((double) total / n));
    r.put("provisionCpuSeconds", cpuSeconds(cpuBefore, cpu(pids)));
  }

  private volatile String progressLine = "";

  /** Two resync intervals with nothing changed: AWS calls per resync (all, reads, writes). */
  private void steady(Map<String, Object> r, List<Long> pids) throws Exception {
    String before = phase.get();
    phase.set(before + " steady");
    Thread.sleep(5_000); // the last status writes and requeues of provisioning
    Map<String, Long> cpuBefore = cpu(pids);
    recorder.start();
    Duration window = resync.multipliedBy(2);
    Thread.sleep(window.toMillis());
    Map<String, Long> calls = recorder.stop();
    double resyncs = 2;
    long reads = 0;
    long writes = 0;
    for (Map.Entry<String, Long> e : calls.entrySet()) {
      if (READ.matcher(e.getKey().substring(e.getKey().indexOf('/') + 1)).matches()) {
        reads += e.getValue();
      } else {
        writes += e.getValue();
      }
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("windowSeconds", window.toSeconds());
    s.put("awsCalls", calls);
    s.put("awsCallsPerServicePerResync", round((reads + writes) / resyncs / n));
    s.put("awsReadsPerServicePerResync", round(reads / resyncs / n));
    s.put("awsWritesPerResync", round(writes / resyncs));
    s.put("cpuSeconds", cpuSeconds(cpuBefore, cpu(pids)));
    r.put("steadyState", s);
    phase.set(before);
  }

  /** Sums of RSS (VmRSS of the processes) and heap, sampled each second; the largest sums. */
  private final class Peak implements AutoCloseable {
    private volatile double rssKiB;
    private volatile double heapBytes;
    private final java.util.concurrent.ScheduledFuture<?> task;

    Peak(Supplier<List<Long>> pids, Supplier<Double> heap) {
      task =
          ticker.scheduleAtFixedRate(
              () -> {
                try {
                  rssKiB = Math.max(rssKiB, pids.get().stream().mapToLong(AckBench::rssKiB).sum());
                  heapBytes = Math.max(heapBytes, heap.get());
                } catch (RuntimeException e) {
                  // a sample missed; the next one counts
                }
              },
              0,
              1,
              TimeUnit.SECONDS);
    }

    double rssMiB() {
      return round(rssKiB / 1024);
    }

    double heapMiB() {
      return round(heapBytes / (1 << 20));
    }

    @Override
    public void close() {
      task.cancel(false);
    }
  }

  // ------------------------------------------------------------------------------------------
  // helpers

  private void createNamespace(String namespace) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  private <T extends HasMetadata> void create(String namespace, String yaml, Class<T> kind) {
    client
        .resources(kind)
        .inNamespace(namespace)
        .resource(Serialization.unmarshal(yaml, kind))
        .create();
  }

  private static boolean ready(
      List<io.fabric8.kubernetes.api.model.Condition> conditions, String type) {
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private Process start(ProcessBuilder builder) throws IOException {
    Process p = builder.start();
    processes.add(p);
    return p;
  }

  private boolean alive(Process p) {
    if (!p.isAlive()) {
      throw new IllegalStateException(
          "a process the bench started exited: " + p.info().commandLine().orElse("?"));
    }
    return true;
  }

  private void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stopAll() {
    processes.stream().filter(Process::isAlive).forEach(this::stop);
  }

  private static Map<String, Long> cpu(List<Long> pids) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    ticks.put("operator", pids.stream().mapToLong(AckBench::ticks).sum());
    ticks.put("moto", ticks(pidFile(RepoPaths.root().resolve(".local/moto.pid"))));
    ticks.put(
        "kube-apiserver",
        ticks(
            pidFile(RepoPaths.root().resolve(".local/kwok/clusters/msa/pids/kube-apiserver.pid"))));
    return ticks;
  }

  private static Map<String, Double> cpuSeconds(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Double> s = new LinkedHashMap<>();
    after.forEach((k, v) -> s.put(k, round((v - before.getOrDefault(k, 0L)) / 100.0)));
    return s;
  }

  static long pidFile(Path file) {
    try {
      return Long.parseLong(Files.readString(file).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** utime + stime of a process, in clock ticks (100 per second). */
  static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long rssKiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      // gone
    }
    return 0;
  }

  private Map<String, Object> machine() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        m.put("memoryGiB", round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0));
      }
    }
    m.put("loadAverageAtStart", Files.readString(Path.of("/proc/loadavg")).trim());
    m.put("java", System.getProperty("java.version"));
    m.put("kubernetes", client.getKubernetesVersion().getGitVersion() + " (kwok)");
    m.putAll(versions("MOTO_VERSION"));
    return m;
  }

  private Map<String, String> versions(String... names) throws IOException {
    String env = Files.readString(root.resolve("e2e/local/versions.env"));
    Map<String, String> v = new LinkedHashMap<>();
    for (String name : names) {
      Matcher m = Pattern.compile("(?m)^" + name + "=(\\S+)").matcher(env);
      v.put(name, m.find() ? m.group(1) : "?");
    }
    return v;
  }

  private void progress() {
    System.out.printf(
        "[ack-bench] N=%d %4.0fs %s %s%n",
        n, (System.nanoTime() - started) / 1e9, phase.get(), progressLine);
  }

  private static Map<String, Double> diff(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> d = new LinkedHashMap<>();
    after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
    return d;
  }

  static double seconds(long nanos) {
    return round(nanos / 1e9);
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> castMap(Object o) {
    return o instanceof Map<?, ?> ? (Map<String, Object>) o : Map.of();
  }

  // ------------------------------------------------------------------------------------------
  // report

  private void write() throws IOException {
    Files.createDirectories(out);
    Path json = out.resolve("ack-" + n + ".json");
    Files.writeString(
        json,
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results));
    System.out.println("[ack-bench] wrote " + json);
    Path md = root.resolve("docs/benchmarks.md");
    String doc = Files.readString(md);
    doc = BenchSections.replace(doc, "ack " + n, AckReport.sideBySide(results, tunedConcurrency));
    doc = BenchSections.replace(doc, "moto-ceiling " + n, AckReport.ceiling(results));
    Files.writeString(md, doc);
    System.out.println("[ack-bench] updated " + md);
  }
}
