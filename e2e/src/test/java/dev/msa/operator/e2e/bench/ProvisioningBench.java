package dev.msa.operator.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.e2e.OperatorProcess;
import dev.msa.operator.model.AwsTags;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.PrometheusScrape;
import dev.msa.operator.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code make bench}: SPEC §8 measured against the local environment (kwok + moto) with the
 * operator as its own JVM. Applies N Microservices and N EventSubscriptions, measures apply to
 * Ready, holds steady for two resync intervals counting the operator's AWS calls (from its
 * /metrics) and its Kubernetes writes (resourceVersion changes seen by watches), records heap and
 * RSS, restarts the operator, changes one field on 10% of the services, deletes everything and
 * writes e2e/target/bench/bench-N.json and docs/benchmarks.md. Not a test: run by {@code make
 * bench} only.
 */
public final class ProvisioningBench {
  private static final BenchWaits WAITS = new BenchWaits(Duration.ofMillis(100));

  /**
   * The configured resync interval: the shortest; the operator stretches it to its AWS read budget
   * (msa_resync_period_seconds), which is what the steady state is measured over.
   */
  private static final Duration CONFIGURED_RESYNC = Duration.ofSeconds(30);

  private static final String RESYNC_PERIOD = "msa_resync_period_seconds";

  private static final Set<String> ALL_PHASES =
      Set.of("steady", "memory", "single", "restart", "change", "delete");

  private static final Pattern READ = Pattern.compile("^(Get|List|Describe).*");
  private static final String OPERATOR_COMPONENT = "msa-operator";
  private static final String AWS_CALLS = "msa_aws_calls_seconds_count";
  private static final String AWS_SECONDS = "msa_aws_calls_seconds_sum";
  private static final String RATE_LIMIT_WAIT = "msa_aws_rate_limit_wait_seconds_total";

  private final int n;
  private final String rateLimits =
      System.getenv().getOrDefault(OperatorConfig.AWS_RATE_LIMITS, "").replace(" ", "");
  private final String label;

  /** The operator's resync period after provisioning, as its gauge tells (set by steadyState). */
  private Duration resync = CONFIGURED_RESYNC;

  /**
   * The operator JVM's maximum heap: {@code -Dbench.xmx} ({@code make bench XMX=...}), else 256m up
   * to N=1000 (SPEC §8's heap target) and 1g beyond (issue 17's target at N=10,000).
   */
  private final String xmx;

  /**
   * More flags for the operator JVM ({@code -Dbench.jvmOptions}, {@code make bench JVM="..."}),
   * after its {@code -Xmx}; none by default.
   */
  private final List<String> jvmOptions;

  /**
   * The local cluster's Service ClusterIP range (kwokctl's default /24) holds about 250 Services;
   * beyond that the apiserver answers "range is full". Larger runs use workers: no port, no Service
   * (everything else, AWS included, is the same).
   */
  private final boolean withService;

  /**
   * The steps after provisioning to run ({@code -Dbench.phases}, {@code make bench PHASES=...}; all
   * by default). A run without {@code delete} leaves its objects for {@code make down}: at N=10,000
   * deleting takes the IAM budget as long again as creating.
   */
  private final Set<String> phases;

  /**
   * The longest steady-state window ({@code -Dbench.steadySeconds}, {@code make bench STEADY=...});
   * unset, one resync period and its tenth. A shorter window still gives the read rate, and the
   * reads per resync from the resyncs that happened in it.
   */
  private final long steadyCapSeconds;

  /**
   * Services applied, made Ready and deleted before the timed burst ({@code -Dbench.warmUp}, {@code
   * make bench WARMUP=...}; none by default): the burst then meets an operator whose JVM has loaded
   * and compiled its paths, as a long-running operator's has, instead of one started a second
   * before.
   */
  private final int warmUp;

  private static final String BURST = "svc";
  private static final String WARM_UP = "warm";

  private final Path root = RepoPaths.root();
  private final Path out;
  private final Map<String, Object> results = new LinkedHashMap<>();
  private final KubernetesClient client = new KubernetesClientBuilder().build();
  private final SqsClient sqs = SqsClient.create();
  private final SnsClient sns = SnsClient.create();
  private final IamClient iam = IamClient.builder().build();
  private final String namespace;
  private final AtomicReference<String> phase = new AtomicReference<>("start");
  private final Map<String, Long> created = new ConcurrentHashMap<>();
  private final Map<String, Long> ready = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final long started = System.nanoTime();
  private final Instant startedWall = Instant.now();
  private Process operator;
  private int port;

  private ProvisioningBench(int n) {
    this.n = n;
    this.namespace = "bench-" + n + "-" + Long.toString(System.currentTimeMillis() % 100000, 36);
    this.out = root.resolve("e2e/target/bench");
    this.withService = n + 20 <= 200;
    String xmxProperty = System.getProperty("bench.xmx", "");
    this.xmx = !xmxProperty.isBlank() ? xmxProperty : n <= 1000 ? "256m" : "1g";
    String jvmProperty = System.getProperty("bench.jvmOptions", "").strip();
    this.jvmOptions = jvmProperty.isEmpty() ? List.of() : List.of(jvmProperty.split("\\s+"));
    String phaseList = System.getProperty("bench.phases", "");
    this.phases =
        phaseList.isBlank()
            ? ALL_PHASES
            : Set.copyOf(Arrays.asList(phaseList.replace(" ", "").split(",")));
    if (!ALL_PHASES.containsAll(phases)) {
      throw new IllegalArgumentException(
          "bench.phases=" + phaseList + ": choose from " + ALL_PHASES);
    }
    String warmUpProperty = System.getProperty("bench.warmUp", "");
    this.warmUp = warmUpProperty.isBlank() ? 0 : Integer.parseInt(warmUpProperty);
    String steadyProperty = System.getProperty("bench.steadySeconds", "");
    this.steadyCapSeconds = steadyProperty.isBlank() ? 0 : Long.parseLong(steadyProperty);
    this.label =
        rateLimits.isEmpty()
            ? String.valueOf(n)
            : n + "-" + rateLimits.replaceAll("[^a-z0-9]+", "-");
  }

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args.length > 0 ? args[0] : System.getProperty("bench.n", "100"));
    ProvisioningBench bench = new ProvisioningBench(n);
    Runtime.getRuntime().addShutdownHook(new Thread(bench::killOperator, "kill-operator"));
    int rc = 0;
    try {
      bench.run();
    } catch (Throwable e) {
      e.printStackTrace();
      bench.results.put("error", String.valueOf(e));
      rc = 1;
    } finally {
      bench.killOperator();
      bench.ticker.shutdownNow();
      bench.informers.forEach(SharedIndexInformer::stop);
      try {
        bench.write();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }
    System.exit(rc);
  }

  // ------------------------------------------------------------------------------------------

  private void run() throws Exception {
    for (String variable : List.of("KUBECONFIG", "AWS_ENDPOINT_URL", OperatorConfig.CLUSTER_NAME)) {
      if (System.getenv(variable) == null) {
        throw new IllegalStateException(variable + " is not set: source .local/env.sh");
      }
    }
    Files.createDirectories(out);
    results.put("n", n);
    results.put("namespace", namespace);
    results.put("date", Instant.now().toString());
    results.put("machine", machine());
    results.put("configuredResyncSeconds", CONFIGURED_RESYNC.toSeconds());
    results.put("operatorXmx", xmx);
    results.put("operatorJvmOptions", String.join(" ", jvmOptions));
    results.put("operatorJavaToolOptions", OperatorProcess.chartJvmOptions());
    results.put("microservicesHaveAService", withService);
    results.put(
        "awsRateLimits",
        rateLimits.isEmpty() ? OperatorConfig.DEFAULT_AWS_RATE_LIMITS + " (default)" : rateLimits);
    ticker.scheduleAtFixedRate(this::progress, 5, 5, TimeUnit.SECONDS);

    Crds.install(client);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    startOperator("bench-1");
    results.put("heapAtStartMiB", round(heapAfterGc()));
    watchReady(Microservice.class, "ms/");
    watchReady(EventSubscription.class, "es/");

    results.put("phases", new TreeSet<>(phases));
    results.put("warmUp", warmUp);
    boolean deleted = false;
    try {
      if (warmUp > 0) {
        warmUp();
      }
      provision();
      if (phases.contains("steady")) {
        steadyState();
      }
      if (phases.contains("memory")) {
        memory();
      }
      if (phases.contains("single")) {
        single();
      }
      if (phases.contains("restart")) {
        restart();
      }
      if (phases.contains("change")) {
        change();
      }
      deleted = true;
      if (phases.contains("delete")) {
        delete();
      } else {
        System.out.println(
            "[bench] left "
                + 2 * n
                + " objects in namespace "
                + namespace
                + " and their AWS resources: `make down` drops them");
      }
    } finally {
      if (!deleted && phases.contains("delete") && operator != null && operator.isAlive()) {
        // a failed run still cleans up what it made, while its operator can remove finalizers
        try {
          delete();
        } catch (Exception cleanup) {
          System.out.println("[bench] clean-up after the failure failed: " + cleanup);
        }
      }
    }
  }

  /**
   * 0. Optional: {@link #warmUp} services and their subscriptions, applied, Ready and deleted (AWS
   * resources included, as the finalizers wait for them) before the timed burst.
   */
  private void warmUp() throws Exception {
    phase.set("warm-up");
    long t0 = System.nanoTime();
    for (int i = 0; i < warmUp; i++) {
      createMicroservice(WARM_UP, i);
      createSubscription(WARM_UP, i, warmUp);
    }
    WAITS.await(
        Duration.ofMinutes(5),
        () -> ready.keySet().stream().filter(k -> k.contains(WARM_UP)).count() >= 2L * warmUp,
        "the warm-up services Ready");
    for (int i = 0; i < warmUp; i++) {
      client
          .resources(EventSubscription.class)
          .inNamespace(namespace)
          .withName("sub-" + name(WARM_UP, i))
          .delete();
      client
          .resources(Microservice.class)
          .inNamespace(namespace)
          .withName(name(WARM_UP, i))
          .delete();
    }
    WAITS.await(Duration.ofMinutes(5), this::noObjectsLeft, "the warm-up services deleted");
    ready.keySet().removeIf(k -> k.contains(WARM_UP));
    created.keySet().removeIf(k -> k.contains(WARM_UP));
    results.put("warmUpSeconds", seconds(System.nanoTime() - t0));
  }

  /** 1. Applies N Microservices and N EventSubscriptions; apply-to-Ready per object. */
  private void provision() throws Exception {
    phase.set("provision");
    Map<String, Double> callsBefore = awsCalls(AWS_CALLS);
    Map<String, Double> secondsBefore = awsCalls(AWS_SECONDS);
    Map<String, Double> waitsBefore = rateLimitWaits();
    Map<String, Long> cpuBefore = cpuTicks();
    Map<String, Double> errorsBefore = errors(); // a warm-up's are not the burst's
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < n; i++) {
      int index = i;
      pool.submit(
          () -> {
            createMicroservice(BURST, index);
            createSubscription(BURST, index, n);
          });
    }
    pool.shutdown();
    pool.awaitTermination(n > 1000 ? 120 : 30, TimeUnit.MINUTES);
    long applied = System.nanoTime();
    results.put("applySeconds", seconds(applied - t0));
    WAITS.await(
        Duration.ofMinutes(n > 1000 ? 120 : n >= 1000 ? 40 : 10),
        () -> {
          if (!operator.isAlive()) {
            // e.g. out of memory under a small XMX (the chart's -XX:+ExitOnOutOfMemoryError)
            throw new IllegalStateException(
                "the operator exited with "
                    + operator.exitValue()
                    + " while provisioning; see e2e/target/bench/operator-"
                    + n
                    + "-*.log");
          }
          return ready.size() >= 2 * n;
        },
        "all Ready");
    Thread.sleep(1_000); // the last Ready may still be on its way to the informer
    long allReady = ready.values().stream().mapToLong(Long::longValue).max().orElse(t0);
    results.put("allReadySeconds", seconds(allReady - t0));
    results.put("microserviceApplyToReady", percentiles("ms/"));
    results.put("microserviceReadyBreakdown", readyBreakdown());
    results.put("subscriptionApplyToReady", percentiles("es/"));
    results.put("provisionCpuSeconds", cpuSeconds(cpuBefore, cpuTicks()));
    Map<String, Double> calls = diff(callsBefore, awsCalls(AWS_CALLS));
    Map<String, Double> secs = diff(secondsBefore, awsCalls(AWS_SECONDS));
    Map<String, Object> latency = new TreeMap<>();
    calls.forEach(
        (op, c) -> {
          if (c > 0) {
            latency.put(
                op, Map.of("calls", c, "meanMs", round(secs.getOrDefault(op, 0.0) / c * 1000)));
          }
        });
    results.put("provisionAwsCalls", latency);
    Map<String, Object> waits = new TreeMap<>();
    diff(waitsBefore, rateLimitWaits()).forEach((service, w) -> waits.put(service, round(w)));
    results.put("provisionRateLimitWaitSeconds", waits);
    results.put("provisionReconciles", reconciles());
    Map<String, Double> provisionErrors = diff(errorsBefore, errors());
    provisionErrors
        .entrySet()
        .removeIf(e -> e.getKey().startsWith("aws ") && e.getValue() == 0); // kept: failed, turns
    results.put("provisionErrors", provisionErrors);
  }

  /** 2. Two resync intervals with nothing changed: AWS calls and Kubernetes writes. */
  private void steadyState() throws Exception {
    phase.set("settle");
    Thread.sleep(5_000); // let the last status patches and Events land
    // Writes by kind; Events are the operator's only when it reported them (the controller-manager
    // and the scheduler write Events of their own into the namespace too).
    Map<String, AtomicLong> writes = new ConcurrentSkipListMap<>();
    Map<String, AtomicLong> othersEvents = new ConcurrentSkipListMap<>();
    AtomicReference<Boolean> counting = new AtomicReference<>(false);
    AtomicReference<Instant> countingSince = new AtomicReference<>(Instant.MAX);
    List<SharedIndexInformer<?>> watches = new ArrayList<>();
    for (Class<? extends HasMetadata> kind :
        List.of(
            Microservice.class,
            EventSubscription.class,
            Deployment.class,
            ServiceAccount.class,
            Service.class,
            PodDisruptionBudget.class,
            io.fabric8.kubernetes.api.model.events.v1.Event.class,
            io.fabric8.kubernetes.api.model.Event.class)) {
      String name =
          kind.getSimpleName() + (kind.getPackageName().endsWith("events.v1") ? "(v1)" : "");
      writes.put(name, new AtomicLong());
      Consumer<HasMetadata> count =
          obj -> {
            if (!counting.get()) {
              return;
            }
            String reporter = eventReporter(obj);
            if (reporter == null || reporter.equals(OPERATOR_COMPONENT)) {
              writes.get(name).incrementAndGet();
            } else {
              othersEvents
                  .computeIfAbsent(name + " by " + reporter, k -> new AtomicLong())
                  .incrementAndGet();
            }
          };
      watches.add(
          client
              .resources(kind)
              .inNamespace(namespace)
              .inform(
                  new ResourceEventHandler<HasMetadata>() {
                    @Override
                    public void onAdd(HasMetadata obj) {
                      // The informer's first list arrives as additions too, and at N=10,000 (some
                      // 70,000 Events) it is still being delivered well into the window: only an
                      // object created in the window is a write in it.
                      if (createdSince(obj, countingSince.get())) {
                        count.accept(obj);
                      }
                    }

                    @Override
                    public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
                      if (!oldObj
                          .getMetadata()
                          .getResourceVersion()
                          .equals(newObj.getMetadata().getResourceVersion())) {
                        count.accept(newObj);
                      }
                    }

                    @Override
                    public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
                      count.accept(obj);
                    }
                  },
                  0));
    }
    phase.set("steady");
    double period = operatorMetric(RESYNC_PERIOD);
    if (!(period > 0)) {
      throw new IllegalStateException(RESYNC_PERIOD + " is " + period + ": no period to wait for");
    }
    resync = Duration.ofMillis(Math.round(period * 1000));
    Map<String, Double> before = awsCalls(AWS_CALLS);
    Map<String, Double> reconcilesBefore = reconciles();
    Map<String, Long> cpuBefore = cpuTicks();
    countingSince.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    counting.set(true);
    // One period and its tenth of jitter: every object resyncs about once (docs/operations.md).
    Duration window = resync.multipliedBy(11).dividedBy(10).plusSeconds(10);
    if (steadyCapSeconds > 0 && window.toSeconds() > steadyCapSeconds) {
      window = Duration.ofSeconds(steadyCapSeconds);
    }
    Thread.sleep(window.toMillis());
    counting.set(false);
    watches.forEach(SharedIndexInformer::stop);
    Map<String, Double> calls = diff(before, awsCalls(AWS_CALLS));
    double resyncs = (double) window.toMillis() / resync.toMillis();
    double reads = 0;
    double written = 0;
    Map<String, Double> byOperation = new TreeMap<>();
    for (Map.Entry<String, Double> e : calls.entrySet()) {
      if (e.getValue() == 0) {
        continue;
      }
      byOperation.put(e.getKey(), e.getValue());
      String operation = e.getKey().substring(e.getKey().indexOf('/') + 1);
      if (READ.matcher(operation).matches()) {
        reads += e.getValue();
      } else {
        written += e.getValue();
      }
    }
    Map<String, Object> steady = new LinkedHashMap<>();
    steady.put("windowSeconds", window.toSeconds());
    steady.put("resyncPeriodSeconds", round(resync.toMillis() / 1000.0));
    steady.put("driftBoundSeconds", round(resync.toMillis() * 1.1 / 1000.0));
    steady.put("resyncs", round(resyncs));
    steady.put("awsCallsByOperation", byOperation);
    steady.put("awsReads", reads);
    steady.put("awsReadsPerSecond", round(reads / (window.toMillis() / 1000.0)));
    steady.put("awsWrites", written);
    Map<String, Double> reconciled = diff(reconcilesBefore, reconciles());
    // the resyncs that really happened: Microservice reconciles in the window per Microservice
    double actual = reconciled.getOrDefault("Microservice", 0.0) / n;
    steady.put("microserviceReconcilesPerMicroservice", round(actual));
    double per = actual > 0 ? actual : resyncs;
    steady.put("awsReadsPerMicroservicePerResync", round(reads / n / per));
    steady.put(
        "awsReadsPerMicroservicePerResyncWithoutSubscriptionReads",
        round((reads - byOperation.getOrDefault("sns/GetSubscriptionAttributes", 0.0)) / n / per));
    steady.put("awsWritesPerResync", round(written / per));
    Map<String, Long> k8s = new TreeMap<>();
    writes.forEach((k, v) -> k8s.put(k, v.get()));
    steady.put("kubernetesWritesByKind", k8s);
    steady.put("kubernetesWrites", k8s.values().stream().mapToLong(Long::longValue).sum());
    Map<String, Long> others = new TreeMap<>();
    othersEvents.forEach((k, v) -> others.put(k, v.get()));
    steady.put("eventsByOtherComponents", others);
    steady.put("reconciles", reconciled);
    steady.put("errors", errors());
    steady.put("cpuSeconds", cpuSeconds(cpuBefore, cpuTicks()));
    results.put("steadyState", steady);
  }

  /** Who reported an Event (null for anything that is not an Event). */
  /**
   * Whether the object was created at or after {@code since} (whole seconds, as Kubernetes has).
   */
  private static boolean createdSince(HasMetadata obj, Instant since) {
    String created = obj.getMetadata().getCreationTimestamp();
    return created != null && !Instant.parse(created).isBefore(since);
  }

  private static String eventReporter(HasMetadata obj) {
    if (obj instanceof io.fabric8.kubernetes.api.model.Event e) {
      return e.getReportingComponent() != null && !e.getReportingComponent().isEmpty()
          ? e.getReportingComponent()
          : e.getSource() == null ? "" : String.valueOf(e.getSource().getComponent());
    }
    if (obj instanceof io.fabric8.kubernetes.api.model.events.v1.Event e) {
      return e.getReportingController() != null && !e.getReportingController().isEmpty()
          ? e.getReportingController()
          : e.getDeprecatedSource() == null
              ? ""
              : String.valueOf(e.getDeprecatedSource().getComponent());
    }
    return null;
  }

  /** 3a. Heap after a full GC and RSS, at steady state. */
  private void memory() throws Exception {
    phase.set("memory");
    double heap = heapAfterGc();
    results.put("heapAfterGcMiB", round(heap));
    double atStart = (double) results.get("heapAtStartMiB");
    // Both kinds per service: one Microservice and its EventSubscription, with their children.
    results.put("heapPerServiceKiB", round((heap - atStart) * 1024 / n));
    results.put("rssMiB", round(rssKiB(operator.pid()) / 1024.0));
    // The copies of each custom resource the operator's caches hold: instances in the heap per
    // object (jcmd GC.class_histogram counts only live objects: it runs a full GC first).
    String histogram = jcmd("GC.class_histogram");
    Map<String, Object> copies = new LinkedHashMap<>();
    for (Class<?> kind : List.of(Microservice.class, EventSubscription.class)) {
      Matcher m =
          Pattern.compile(
                  "\\s(\\d+)\\s+(\\d+)\\s+" + Pattern.quote(kind.getName()) + "\\s*$",
                  Pattern.MULTILINE)
              .matcher(histogram);
      long instances = m.find() ? Long.parseLong(m.group(1)) : 0;
      copies.put(kind.getSimpleName(), round((double) instances / n));
    }
    results.put("cachedCopiesPerObject", copies);
  }

  /** {@code jcmd <operator pid> <command>}, its output. */
  private String jcmd(String command) throws Exception {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(operator.pid()),
                command)
            .redirectErrorStream(true)
            .start();
    String output = new String(jcmd.getInputStream().readAllBytes());
    jcmd.waitFor(60, TimeUnit.SECONDS);
    return output;
  }

  /** The operator's heap in MiB right after a full GC. */
  private double heapAfterGc() throws Exception {
    jcmd("GC.run");
    Thread.sleep(1_000);
    return operatorMetric("jvm_memory_used_bytes", Map.of("area", "heap")) / (1 << 20);
  }

  private double operatorMetric(String name) {
    return operatorMetric(name, Map.of());
  }

  private double operatorMetric(String name, Map<String, String> labels) {
    return PrometheusScrape.of(port).sum(name, labels);
  }

  /** Apply-to-Ready of one service at a time on the loaded operator (no burst in front of it). */
  private void single() throws Exception {
    phase.set("single");
    int count = 20;
    List<Double> latencies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String key = "ms/single-" + i;
      String yaml =
          """
          apiVersion: msa.dev/v1alpha1
          kind: Microservice
          metadata: {name: single-%d}
          spec:
            image: "nginx:1"
            replicas: 1
            %s
            queue: {deadLetter: {maxReceiveCount: 5}}
            publishes: [{name: events}]
          """
              .formatted(i, portLine());
      long t0 = System.nanoTime();
      created.put(key, t0);
      client
          .resources(Microservice.class)
          .inNamespace(namespace)
          .resource(Serialization.unmarshal(yaml, Microservice.class))
          .create();
      // Not fatal: behind a resync backlog (a resync interval too short for N saturates the IAM
      // rate limit) a new object waits its turn; that is recorded, and the run goes on.
      if (!WAITS.awaitQuietly(Duration.ofSeconds(60), () -> ready.containsKey(key))) {
        results.put("singleMicroserviceNotReadyWithin60s", key.substring(3));
        break;
      }
      latencies.add((ready.get(key) - t0) / 1e9);
    }
    if (latencies.isEmpty()) {
      return;
    }
    latencies.sort(null);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("count", latencies.size());
    p.put("p50Seconds", round(pct(latencies, 50)));
    p.put("p90Seconds", round(pct(latencies, 90)));
    p.put("p99Seconds", round(pct(latencies, 99)));
    p.put("maxSeconds", round(latencies.get(latencies.size() - 1)));
    results.put("singleMicroserviceApplyToReady", p);
  }

  /**
   * Failed reconciles, provisioning turns reclaimed unclaimed and AWS calls that did not succeed,
   * so far.
   */
  private Map<String, Double> errors() {
    PrometheusScrape m = PrometheusScrape.of(port);
    Map<String, Double> e = new TreeMap<>();
    e.put("failedReconciles", m.sum("operator_sdk_reconciliations_failed_total", Map.of()));
    // A turn kept for an object whose wake-up did not bring its reconcile within 10 s.
    e.put("turnsReclaimed", m.sum("msa_provisioning_turns_reclaimed_total", Map.of()));
    for (PrometheusScrape.Sample s : m.named(AWS_CALLS)) {
      if (!"success".equals(s.labels().get("outcome"))) {
        e.merge(
            "aws " + s.labels().get("operation") + " " + s.labels().get("outcome"),
            s.value(),
            Double::sum);
      }
    }
    return e;
  }

  /** 3b. Restart with N objects present: JVM start to /readyz 200, and to all reconciled. */
  private void restart() throws Exception {
    phase.set("restart");
    operator.destroy();
    operator.waitFor(30, TimeUnit.SECONDS);
    long t0 = System.nanoTime();
    startOperator("bench-2");
    results.put("startupToReadySeconds", seconds(System.nanoTime() - t0));
    results.put(
        "startupGaugeSeconds",
        round(PrometheusScrape.of(port).sum("msa_operator_startup_seconds", Map.of())));
    Map<String, String> kind = Map.of("kind", "Microservice");
    Map<String, String> subscriptions = Map.of("kind", "EventSubscription");
    boolean done =
        WAITS.awaitQuietly(
            Duration.ofMinutes(5),
            () -> {
              PrometheusScrape m = PrometheusScrape.of(port);
              return m.sum("operator_sdk_reconciliations_success_total", kind) >= n
                  && m.sum("operator_sdk_reconciliations_success_total", subscriptions) >= n;
            });
    results.put("startupToAllReconciledSeconds", done ? seconds(System.nanoTime() - t0) : null);
  }

  /** 4. visibilityTimeoutSeconds changed on 10% of the services: time until SQS shows it. */
  private void change() throws Exception {
    phase.set("change");
    Map<String, String> urls = new LinkedHashMap<>();
    for (int i = 0; i < n; i += 10) {
      Microservice m =
          client.resources(Microservice.class).inNamespace(namespace).withName(name(i)).get();
      urls.put(name(i), m.getStatus().getQueue().getUrl());
    }
    Map<String, Long> changed = new ConcurrentHashMap<>();
    long t0 = System.nanoTime();
    for (String name : urls.keySet()) {
      client
          .resources(Microservice.class)
          .inNamespace(namespace)
          .withName(name)
          .patch(
              io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                  io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
              "{\"spec\":{\"queue\":{\"visibilityTimeoutSeconds\":45}}}");
    }
    WAITS.await(
        Duration.ofMinutes(5),
        () -> {
          for (Map.Entry<String, String> e : urls.entrySet()) {
            if (!changed.containsKey(e.getKey())) {
              String value =
                  sqs.getQueueAttributes(
                          r ->
                              r.queueUrl(e.getValue())
                                  .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                      .attributes()
                      .get(QueueAttributeName.VISIBILITY_TIMEOUT);
              if ("45".equals(value)) {
                changed.put(e.getKey(), System.nanoTime());
              }
            }
          }
          return changed.size() == urls.size();
        },
        "the change on AWS");
    List<Double> latencies = changed.values().stream().map(t -> (t - t0) / 1e9).sorted().toList();
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("services", urls.size());
    change.put("p50Seconds", round(pct(latencies, 50)));
    change.put("maxSeconds", round(latencies.get(latencies.size() - 1)));
    results.put("changeToAws", change);
  }

  /** 5. Deletes everything; time until nothing tagged with the namespace remains on AWS. */
  private void delete() throws Exception {
    phase.set("delete");
    Set<String> queueArns = new HashSet<>();
    for (Microservice m :
        client.resources(Microservice.class).inNamespace(namespace).list().getItems()) {
      if (m.getStatus() != null && m.getStatus().getQueue() != null) {
        queueArns.add(m.getStatus().getQueue().getArn());
      }
    }
    long t0 = System.nanoTime();
    client.resources(EventSubscription.class).inNamespace(namespace).delete();
    client.resources(Microservice.class).inNamespace(namespace).delete();
    WAITS.await(Duration.ofMinutes(15), this::noObjectsLeft, "the objects to go");
    results.put("deleteObjectsGoneSeconds", seconds(System.nanoTime() - t0));
    WAITS.await(Duration.ofMinutes(15), () -> leftovers(queueArns) == 0, "nothing tagged on AWS");
    results.put("deleteAwsCleanSeconds", seconds(System.nanoTime() - t0));
    client.namespaces().withName(namespace).delete();
  }

  /** No Microservice or EventSubscription left in the namespace (their finalizers are done). */
  private boolean noObjectsLeft() {
    return client.resources(Microservice.class).inNamespace(namespace).list().getItems().isEmpty()
        && client
            .resources(EventSubscription.class)
            .inNamespace(namespace)
            .list()
            .getItems()
            .isEmpty();
  }

  private int leftovers(Set<String> queueArns) {
    int left = 0;
    for (String url : sqs.listQueuesPaginator(r -> r.maxResults(1000)).queueUrls()) {
      try {
        if (namespace.equals(
            sqs.listQueueTags(r -> r.queueUrl(url)).tags().get(AwsTags.NAMESPACE))) {
          left++;
        }
      } catch (RuntimeException gone) {
        // deleted between the list and the look-up
      }
    }
    for (Topic topic : sns.listTopicsPaginator().topics()) {
      try {
        if (sns.listTagsForResource(r -> r.resourceArn(topic.topicArn())).tags().stream()
            .anyMatch(t -> t.key().equals(AwsTags.NAMESPACE) && t.value().equals(namespace))) {
          left++;
        }
      } catch (RuntimeException gone) {
        // deleted between the list and the look-up
      }
    }
    for (Subscription s : sns.listSubscriptionsPaginator().subscriptions()) {
      if (queueArns.contains(s.endpoint())) {
        left++;
      }
    }
    for (Role role : iam.listRolesPaginator().roles()) {
      try {
        if (iam.listRoleTags(r -> r.roleName(role.roleName())).tags().stream()
            .anyMatch(t -> t.key().equals(AwsTags.NAMESPACE) && t.value().equals(namespace))) {
          left++;
        }
      } catch (RuntimeException gone) {
        // deleted between the list and the look-up
      }
    }
    return left;
  }

  // ------------------------------------------------------------------------------------------

  private static String name(int i) {
    return name(BURST, i);
  }

  private static String name(String prefix, int i) {
    return String.format("%s-%04d", prefix, i);
  }

  /** The service named {@code prefix-i}. */
  private void createMicroservice(String prefix, int i) {
    String yaml =
        """
        apiVersion: msa.dev/v1alpha1
        kind: Microservice
        metadata: {name: %s}
        spec:
          image: "nginx:1"
          replicas: 1
          %s
          queue: {deadLetter: {maxReceiveCount: 5}}
          publishes: [{name: events}]
        """
            .formatted(name(prefix, i), portLine());
    created.put("ms/" + name(prefix, i), System.nanoTime());
    client
        .resources(Microservice.class)
        .inNamespace(namespace)
        .resource(Serialization.unmarshal(yaml, Microservice.class))
        .create();
  }

  private String portLine() {
    return withService ? "port: 8080" : "# no port: a worker, no Service";
  }

  /**
   * Its subscription, of {@code count}: service {@code i+1}'s queue to {@code i}'s topic, the last
   * to the first.
   */
  private void createSubscription(String prefix, int i, int count) {
    String yaml =
        """
        apiVersion: msa.dev/v1alpha1
        kind: EventSubscription
        metadata: {name: %s}
        spec:
          subscriber: %s
          source: {topic: {microservice: %s, name: events}}
        """
            .formatted("sub-" + name(prefix, i), name(prefix, (i + 1) % count), name(prefix, i));
    created.put("es/sub-" + name(prefix, i), System.nanoTime());
    client
        .resources(EventSubscription.class)
        .inNamespace(namespace)
        .resource(Serialization.unmarshal(yaml, EventSubscription.class))
        .create();
  }

  private <T extends HasMetadata> void watchReady(Class<T> kind, String prefix) {
    ResourceEventHandler<T> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(T obj) {
            check(obj);
          }

          @Override
          public void onUpdate(T oldObj, T newObj) {
            check(newObj);
          }

          @Override
          public void onDelete(T obj, boolean deletedFinalStateUnknown) {}

          private void check(T obj) {
            String key = prefix + obj.getMetadata().getName();
            // created: not a warm-up service whose last events come after its warm-up ended
            if (created.containsKey(key) && !ready.containsKey(key) && isReady(obj)) {
              ready.putIfAbsent(key, System.nanoTime());
            }
          }
        };
    informers.add(client.resources(kind).inNamespace(namespace).inform(handler, 0));
  }

  private static boolean isReady(HasMetadata obj) {
    List<Condition> conditions =
        obj instanceof Microservice m && m.getStatus() != null
            ? m.getStatus().getConditions()
            : obj instanceof EventSubscription s && s.getStatus() != null
                ? s.getStatus().getConditions()
                : List.of();
    return conditions.stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * Where a Microservice's apply→Ready went, from the objects' own timestamps (whole seconds):
   * until its Deployment was created (the AWS side: queues, topic, role; the Deployment waits for
   * the role), until the Deployment was Available (controller-manager, scheduler and kwok), and
   * until Ready (the operator seeing it and writing status).
   */
  private Map<String, Object> readyBreakdown() {
    List<Double> toDeployment = new ArrayList<>();
    List<Double> toAvailable = new ArrayList<>();
    List<Double> toReady = new ArrayList<>();
    for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
      String key = "ms/" + d.getMetadata().getName();
      Long applied = created.get(key);
      Long readyAt = ready.get(key);
      Instant deploymentCreated = Instant.parse(d.getMetadata().getCreationTimestamp());
      Instant available =
          d.getStatus() == null
              ? null
              : d.getStatus().getConditions().stream()
                  .filter(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()))
                  .map(c -> Instant.parse(c.getLastTransitionTime()))
                  .findFirst()
                  .orElse(null);
      if (applied == null || readyAt == null || available == null) {
        continue;
      }
      Instant appliedWall = startedWall.plusNanos(applied - started);
      Instant readyWall = startedWall.plusNanos(readyAt - started);
      toDeployment.add(Duration.between(appliedWall, deploymentCreated).toMillis() / 1e3);
      toAvailable.add(Duration.between(deploymentCreated, available).toMillis() / 1e3);
      toReady.add(Duration.between(available, readyWall).toMillis() / 1e3);
    }
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("applyToDeploymentCreated", summary(toDeployment));
    b.put("deploymentCreatedToAvailable", summary(toAvailable));
    b.put("availableToReady", summary(toReady));
    return b;
  }

  private static Map<String, Object> summary(List<Double> values) {
    values.sort(null);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("count", values.size());
    p.put("p50Seconds", round(pct(values, 50)));
    p.put("p90Seconds", round(pct(values, 90)));
    p.put("maxSeconds", round(values.isEmpty() ? 0 : values.get(values.size() - 1)));
    return p;
  }

  private Map<String, Object> percentiles(String prefix) {
    List<Double> latencies = new ArrayList<>();
    ready.forEach(
        (key, t) -> {
          if (key.startsWith(prefix) && !key.contains("single-") && created.containsKey(key)) {
            latencies.add((t - created.get(key)) / 1e9);
          }
        });
    latencies.sort(null);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("count", latencies.size());
    p.put("p50Seconds", round(pct(latencies, 50)));
    p.put("p90Seconds", round(pct(latencies, 90)));
    p.put("p99Seconds", round(pct(latencies, 99)));
    p.put("maxSeconds", round(latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1)));
    return p;
  }

  private static double pct(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private void startOperator(String name) throws Exception {
    port = BenchWaits.freePort();
    Path log = out.resolve("operator-" + n + "-" + name + ".log");
    ProcessBuilder builder = OperatorProcess.command(log);
    builder.command().add(1, "-Xmx" + xmx);
    builder.command().addAll(2, jvmOptions);
    Map<String, String> env = builder.environment();
    env.put(OperatorConfig.WATCH_NAMESPACES, namespace);
    env.put(OperatorConfig.RESYNC_INTERVAL, CONFIGURED_RESYNC.toSeconds() + "s");
    env.put(OperatorConfig.HTTP_ADDRESS, "127.0.0.1");
    env.put(OperatorConfig.HTTP_PORT, String.valueOf(port));
    env.put(OperatorConfig.LEADER_ELECTION, "false");
    operator = builder.start();
    System.out.println("[bench] operator " + name + " pid " + operator.pid() + " logs to " + log);
    WAITS.await(
        Duration.ofMinutes(2),
        () -> {
          if (!operator.isAlive()) {
            throw new IllegalStateException("the operator exited; see " + log);
          }
          return PrometheusScrape.status(port, "/readyz") == 200;
        },
        "/readyz");
  }

  private void killOperator() {
    Process p = operator;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** AWS calls (or seconds) by "service/operation", all outcomes. */
  /** Seconds AWS calls waited for the operator's client-side rate limit, by AWS service. */
  private Map<String, Double> rateLimitWaits() {
    Map<String, Double> waits = new TreeMap<>();
    for (PrometheusScrape.Sample s : PrometheusScrape.of(port).named(RATE_LIMIT_WAIT)) {
      waits.merge(s.labels().get("service"), s.value(), Double::sum);
    }
    return waits;
  }

  private Map<String, Double> awsCalls(String metric) {
    Map<String, Double> calls = new TreeMap<>();
    for (PrometheusScrape.Sample s : PrometheusScrape.of(port).named(metric)) {
      calls.merge(
          s.labels().get("service") + "/" + s.labels().get("operation"), s.value(), Double::sum);
    }
    return calls;
  }

  private Map<String, Double> reconciles() {
    Map<String, Double> r = new TreeMap<>();
    for (PrometheusScrape.Sample s :
        PrometheusScrape.of(port).named("operator_sdk_reconciliations_started_total")) {
      r.merge(s.labels().get("kind"), s.value(), Double::sum);
    }
    return r;
  }

  private static Map<String, Double> diff(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> d = new TreeMap<>();
    after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
    return d;
  }

  /** utime + stime in clock ticks of the operator, moto and the apiserver. */
  private Map<String, Long> cpuTicks() {
    Map<String, Long> ticks = new LinkedHashMap<>();
    ticks.put("operator", ticks(operator.pid()));
    ticks.put("moto", ticks(pidFile(root.resolve(".local/moto.pid"))));
    ticks.put(
        "kube-apiserver",
        ticks(pidFile(root.resolve(".local/kwok/clusters/msa/pids/kube-apiserver.pid"))));
    ticks.put("etcd", ticks(pidFile(root.resolve(".local/kwok/clusters/msa/pids/etcd.pid"))));
    ticks.put("bench (this JVM)", ticks(ProcessHandle.current().pid()));
    return ticks;
  }

  private static Map<String, Double> cpuSeconds(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Double> s = new LinkedHashMap<>();
    after.forEach((k, v) -> s.put(k, round((v - before.getOrDefault(k, 0L)) / 100.0)));
    return s;
  }

  private static long pidFile(Path file) {
    try {
      return Long.parseLong(Files.readString(file).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long rssKiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  private Map<String, Object> machine() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        m.put("memoryGiB", round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0));
      }
    }
    m.put(
        "java",
        System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
    m.put("kubernetes", client.getKubernetesVersion().getGitVersion() + " (kwok)");
    String moto = "?";
    Matcher v =
        Pattern.compile("MOTO_VERSION=(\\S+)")
            .matcher(Files.readString(root.resolve("e2e/local/versions.env")));
    if (v.find()) {
      moto = v.group(1);
    }
    m.put("moto", moto);
    return m;
  }

  private void progress() {
    try {
      String extra = "";
      if (phase.get().equals("provision")) {
        long ms = ready.keySet().stream().filter(k -> k.startsWith("ms/")).count();
        long es = ready.size() - ms;
        extra =
            " created "
                + created.size()
                + "/"
                + 2 * n
                + ", Ready: microservices "
                + ms
                + "/"
                + n
                + ", subscriptions "
                + es
                + "/"
                + n;
      }
      System.out.printf(
          "[bench] N=%d %4.0fs %s%s%n", n, (System.nanoTime() - started) / 1e9, phase.get(), extra);
    } catch (RuntimeException e) {
      // progress only
    }
  }

  private static double seconds(long nanos) {
    return round(nanos / 1e9);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  // ------------------------------------------------------------------------------------------

  private void write() throws IOException {
    Files.createDirectories(out);
    Path json = out.resolve("bench-" + label + ".json");
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.writeString(json, mapper.writeValueAsString(results));
    System.out.println("[bench] wrote " + json);
    Path md = root.resolve("docs/benchmarks.md");
    String doc =
        Files.exists(md)
            ? Files.readString(md)
            : """
              # Benchmarks

              Measured by `make bench` (N=100) and `make bench N=1000` against the local environment
              (kwok cluster + moto, `make up`) with the operator as its own JVM; targets from SPEC §8.
              The raw figures of a run are in `e2e/target/bench/bench-N.json`. A new run of the same N
              replaces its section.
              """;
    String begin = "<!-- bench " + label + " -->";
    String end = "<!-- /bench " + label + " -->";
    String section = begin + "\n" + markdown() + end;
    int b = doc.indexOf(begin);
    int e = doc.indexOf(end);
    doc =
        b >= 0 && e > b
            ? doc.substring(0, b) + section + doc.substring(e + end.length())
            : doc.stripTrailing() + "\n\n" + section + "\n";
    Files.writeString(md, doc);
    System.out.println("[bench] updated " + md);
    System.out.print(markdown());
  }

  @SuppressWarnings("unchecked")
  private String markdown() {
    StringBuilder s = new StringBuilder();
    Map<String, Object> m = (Map<String, Object>) results.getOrDefault("machine", Map.of());
    s.append("## N = ")
        .append(n)
        .append(rateLimits.isEmpty() ? "" : ", AWS rate limits " + rateLimits)
        .append(" (")
        .append(results.get("date"))
        .append(")\n\n");
    s.append("Machine: ")
        .append(m.get("cpus"))
        .append(" CPUs, ")
        .append(m.get("memoryGiB"))
        .append(" GiB; Java ")
        .append(m.get("java"))
        .append("; Kubernetes ")
        .append(m.get("kubernetes"))
        .append("; moto ")
        .append(m.get("moto"))
        .append("; resync interval configured ")
        .append(results.get("configuredResyncSeconds"))
        .append(" s, stretched by the operator to its AWS read budget; operator JVM -Xmx")
        .append(results.get("operatorXmx"))
        .append(jvmOptions.isEmpty() ? "" : " " + String.join(" ", jvmOptions))
        .append(" and the chart's jvm.options (")
        .append(results.get("operatorJavaToolOptions"))
        .append(")")
        .append(
            warmUp > 0
                ? "; before the burst "
                    + warmUp
                    + " services were applied, Ready and deleted (`WARMUP=`), in "
                    + results.get("warmUpSeconds")
                    + " s"
                : "")
        .append("; ")
        .append(
            withService
                ? "each Microservice has a port (and a Service)"
                : "the Microservices are workers without a port or Service (the kwok cluster's"
                    + " ClusterIP range holds ~250 Services)")
        .append("; AWS rate limits ")
        .append(results.get("awsRateLimits"))
        .append(".\n\n");
    if (results.containsKey("error")) {
      s.append("**The run failed:** `").append(results.get("error")).append("`\n\n");
    }
    s.append("| Figure | Measured | SPEC §8 target |\n|---|---|---|\n");
    Map<String, Object> ms =
        (Map<String, Object>) results.getOrDefault("microserviceApplyToReady", Map.of());
    Map<String, Object> es =
        (Map<String, Object>) results.getOrDefault("subscriptionApplyToReady", Map.of());
    Map<String, Object> st = (Map<String, Object>) results.getOrDefault("steadyState", Map.of());
    Map<String, Object> ch = (Map<String, Object>) results.getOrDefault("changeToAws", Map.of());
    String allTarget = n <= 100 ? "< 60 s" : n <= 1000 ? "< 600 s" : "—";
    row(
        s,
        "Apply of " + n + " Microservices + " + n + " EventSubscriptions (client side)",
        results.get("applySeconds"),
        "s",
        "—");
    row(s, "Apply to all Ready", results.get("allReadySeconds"), "s", allTarget);
    row(s, "Microservice apply→Ready p50 / p90 / p99 / max", quad(ms), "s", "p50 < 2 s, p99 < 5 s");
    Map<String, Map<String, Object>> parts =
        (Map<String, Map<String, Object>>)
            results.getOrDefault("microserviceReadyBreakdown", Map.of());
    for (List<String> part :
        List.of(
            List.of(
                "applyToDeploymentCreated",
                "of which apply → Deployment created (AWS side incl. the IAM role)"),
            List.of(
                "deploymentCreatedToAvailable",
                "of which Deployment created → Available (controller-manager, scheduler, kwok)"),
            List.of("availableToReady", "of which Deployment Available → Ready (the operator)"))) {
      Map<String, Object> p = parts.getOrDefault(part.get(0), Map.of());
      row(
          s,
          "&nbsp;&nbsp;" + part.get(1) + ", p50 / p90 / max (whole-second timestamps)",
          p.isEmpty()
              ? null
              : p.get("p50Seconds") + " / " + p.get("p90Seconds") + " / " + p.get("maxSeconds"),
          "s",
          "—");
    }
    row(
        s,
        "One Microservice at a time (20, after steady state) apply→Ready p50 / p90 / p99 / max",
        quad(
            (Map<String, Object>) results.getOrDefault("singleMicroserviceApplyToReady", Map.of())),
        "s",
        "p50 < 2 s, p99 < 5 s");
    if (results.containsKey("singleMicroserviceNotReadyWithin60s")) {
      row(
          s,
          "One Microservice at a time: not Ready within 60 s",
          results.get("singleMicroserviceNotReadyWithin60s"),
          "",
          "—");
    }
    row(s, "Errors during provisioning", results.get("provisionErrors"), "", "none");
    row(s, "EventSubscription apply→Ready p50 / p90 / p99 / max", quad(es), "s", "—");
    row(
        s,
        "Steady state: resync period (msa_resync_period_seconds) / drift caught within (1.1 ×)",
        st.isEmpty() ? null : st.get("resyncPeriodSeconds") + " / " + st.get("driftBoundSeconds"),
        "s",
        "—");
    row(
        s,
        "Steady state: AWS reads per second (all kinds) over the window",
        st.get("awsReadsPerSecond"),
        "",
        "≤ 5 (issue 17)");
    row(s, "Steady state: AWS write calls per resync", st.get("awsWritesPerResync"), "", "0");
    row(
        s,
        "Steady state: Microservice reconciles per Microservice in the window (= resyncs)",
        st.get("microserviceReconcilesPerMicroservice"),
        "",
        "—");
    row(
        s,
        "Steady state: AWS read calls per Microservice per resync (incl. its EventSubscription)",
        st.get("awsReadsPerMicroservicePerResync"),
        "",
        "≤ 6");
    row(
        s,
        "Steady state: the same without sns/GetSubscriptionAttributes (the EventSubscription's read)",
        st.get("awsReadsPerMicroservicePerResyncWithoutSubscriptionReads"),
        "",
        "≤ 6");
    row(
        s,
        "Steady state: Kubernetes writes by the operator in "
            + st.get("windowSeconds")
            + " s ("
            + st.get("resyncs")
            + " resyncs)",
        st.get("kubernetesWrites"),
        "",
        "0");
    row(s, "Steady state: AWS calls by operation", st.get("awsCallsByOperation"), "", "—");
    row(s, "Steady state: Kubernetes writes by kind", st.get("kubernetesWritesByKind"), "", "—");
    row(
        s,
        "Steady state: Events other components wrote (not counted above)",
        st.get("eventsByOtherComponents"),
        "",
        "—");
    row(s, "Steady state: CPU seconds in the window", st.get("cpuSeconds"), "", "—");
    row(s, "Steady state: errors (cumulative)", st.get("errors"), "", "none");
    row(
        s,
        "Operator heap after GC",
        results.get("heapAfterGcMiB"),
        "MiB",
        n > 1000 ? "< 1 GiB (issue 17)" : n == 1000 ? "< 256 MiB" : "(< 256 MiB at 1000)");
    row(
        s,
        "Operator heap after GC at start (no objects)",
        results.get("heapAtStartMiB"),
        "MiB",
        "—");
    row(
        s,
        "Operator heap per service (a Microservice, its EventSubscription and children): (heap −"
            + " heap at start) / N",
        results.get("heapPerServiceKiB"),
        "KiB",
        "—");
    row(
        s,
        "Copies of each object in the operator's heap (live instances / objects, jcmd"
            + " GC.class_histogram)",
        results.get("cachedCopiesPerObject"),
        "",
        "—");
    row(s, "Operator RSS", results.get("rssMiB"), "MiB", "—");
    row(
        s,
        "Restart with N present: JVM start → /readyz 200",
        results.get("startupToReadySeconds"),
        "s",
        "< 10 s");
    row(s, "msa_operator_startup_seconds", results.get("startupGaugeSeconds"), "s", "—");
    row(
        s,
        "Restart: JVM start → every object reconciled once",
        results.get("startupToAllReconciledSeconds"),
        "s",
        "—");
    row(
        s,
        "Change on " + ch.get("services") + " services → on SQS, p50 / max",
        ch.isEmpty() ? null : ch.get("p50Seconds") + " / " + ch.get("maxSeconds"),
        "s",
        "—");
    row(s, "Delete → objects gone", results.get("deleteObjectsGoneSeconds"), "s", "—");
    row(s, "Delete → nothing tagged on AWS", results.get("deleteAwsCleanSeconds"), "s", "—");
    row(s, "Provisioning: CPU seconds", results.get("provisionCpuSeconds"), "", "—");
    row(
        s,
        "Provisioning: seconds AWS calls waited for the client-side rate limit, by service (summed"
            + " over the calls)",
        results.get("provisionRateLimitWaitSeconds"),
        "",
        "—");
    row(
        s,
        "Provisioning: AWS calls and mean latency by operation",
        results.get("provisionAwsCalls"),
        "",
        "—");
    s.append('\n');
    return s.toString();
  }

  private static String quad(Map<String, Object> p) {
    return p.isEmpty()
        ? null
        : p.get("p50Seconds")
            + " / "
            + p.get("p90Seconds")
            + " / "
            + p.get("p99Seconds")
            + " / "
            + p.get("maxSeconds");
  }

  private static void row(
      StringBuilder s, String figure, Object value, String unit, String target) {
    String text =
        value == null
            ? "not measured"
            : value instanceof Map<?, ?> map
                ? map.isEmpty() ? "none" : compact(map)
                : value + (unit.isEmpty() ? "" : " " + unit);
    s.append("| ")
        .append(figure)
        .append(" | ")
        .append(text)
        .append(" | ")
        .append(target)
        .append(" |\n");
  }

  private static String compact(Map<?, ?> map) {
    List<String> parts = new ArrayList<>();
    map.forEach(
        (k, v) -> parts.add(k + ": " + (v instanceof Map<?, ?> inner ? compact(inner) : v)));
    return String.join(", ", parts);
  }
}
