package dev.msa.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.MsaOperator;
import dev.msa.operator.api.ObservedStatus;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The operator under test in an {@code *IT}: started against the test apiserver and moto, watching
 * its own namespaces, with its AWS calls counted and a {@link FaultInjection} in its AWS clients;
 * and what the tests do to objects and read back. Each IT adds what its kind needs.
 */
public class OperatorHarness implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(45);

  protected final KubernetesClient client;
  public final List<String> namespaces;

  /** The first namespace: where the one-argument methods act. */
  public final String namespace;

  public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  public final FaultInjection faults = new FaultInjection();
  private final AwsClients aws;
  private final Operator operator;

  /**
   * @param settings operator settings (cluster name, OIDC provider, …) over the test defaults: the
   *     moto region, a 2 s resync and the given namespaces watched; the SDK's per-service endpoint
   *     variables ({@code AWS_ENDPOINT_URL_EKS}, …) among them go to the operator's AWS clients
   * @param interceptors more SDK interceptors for the operator's AWS clients (recorders, faults)
   */
  public OperatorHarness(
      KubernetesClient client,
      List<String> namespaces,
      Map<String, String> settings,
      List<ExecutionInterceptor> interceptors) {
    this(client, namespaces, settings, interceptors, TestMoto.get().endpoint());
  }

  /** The same, with the operator's AWS calls sent to {@code awsEndpoint} (a proxy to moto). */
  public OperatorHarness(
      KubernetesClient client,
      List<String> namespaces,
      Map<String, String> settings,
      List<ExecutionInterceptor> interceptors,
      URI awsEndpoint) {
    this.client = client;
    this.namespaces = List.copyOf(namespaces);
    this.namespace = namespaces.get(0);
    Map<String, String> env = new HashMap<>();
    env.put(OperatorConfig.REGION, TestMoto.REGION);
    env.put(OperatorConfig.RESYNC_INTERVAL, "2s");
    // The default budget (5 reads/s) would stretch the 2 s resync the ITs wait on to several
    // seconds for a handful of objects; AdaptiveResyncIT sets its own.
    env.put(OperatorConfig.AWS_READ_BUDGET, "1000");
    env.put(OperatorConfig.WATCH_NAMESPACES, String.join(",", namespaces));
    env.putAll(settings);
    List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
    all.add(0, faults);
    aws = TestMoto.get().clients(registry, all, awsEndpoint, env);
    operator =
        MsaOperator.create(OperatorConfig.from(env), client, aws, registry, Optional.empty());
    operator.start();
  }

  /**
   * The CRDs installed, a fresh namespace {@code prefix-…}, and an operator watching it for cluster
   * {@code cluster} with an IRSA OIDC provider named after it, its AWS calls sent to {@code aws}.
   */
  public static OperatorHarness inNewNamespace(
      KubernetesClient client, String prefix, String cluster, URI aws) {
    Crds.install(client);
    return new OperatorHarness(
        client,
        List.of(Namespaces.create(client, prefix)),
        Map.of(
            OperatorConfig.CLUSTER_NAME,
            cluster,
            OperatorConfig.OIDC_PROVIDER_ARN,
            "arn:aws:iam::123456789012:oidc-provider/oidc.example.com/id/" + cluster),
        List.of(),
        aws);
  }

  public KubernetesClient client() {
    return client;
  }

  /** The running operator, for probes that watch it. */
  public Operator operator() {
    return operator;
  }

  /** Server-side applies the YAML as "test-user"; {@code apiVersion} is added when missing. */
  public <T extends HasMetadata> void apply(Class<T> type, String ns, String yaml) {
    String document = yaml.contains("apiVersion:") ? yaml : "apiVersion: msa.dev/v1alpha1\n" + yaml;
    client
        .resources(type)
        .inNamespace(ns)
        .resource(Serialization.unmarshal(document, type))
        .fieldManager("test-user")
        .forceConflicts()
        .serverSideApply();
  }

  public <T extends HasMetadata> void apply(Class<T> type, String yaml) {
    apply(type, namespace, yaml);
  }

  public <T extends HasMetadata> T find(Class<T> type, String ns, String name) {
    return client.resources(type).inNamespace(ns).withName(name).get();
  }

  public <T extends HasMetadata> T find(Class<T> type, String name) {
    return find(type, namespace, name);
  }

  public <T extends HasMetadata> T get(Class<T> type, String ns, String name) {
    T object = find(type, ns, name);
    assertThat(object).as(type.getSimpleName() + " " + name).isNotNull();
    return object;
  }

  public <T extends HasMetadata> T get(Class<T> type, String name) {
    return get(type, namespace, name);
  }

  public <T extends HasMetadata> void delete(Class<T> type, String ns, String name) {
    client.resources(type).inNamespace(ns).withName(name).delete();
  }

  public <T extends HasMetadata> void delete(Class<T> type, String name) {
    delete(type, namespace, name);
  }

  public <T extends HasMetadata> void awaitGone(Class<T> type, String ns, String name) {
    Eventually.assertThat(WAIT, () -> assertThat(find(type, ns, name)).isNull());
  }

  public <T extends HasMetadata> void awaitGone(Class<T> type, String name) {
    awaitGone(type, namespace, name);
  }

  /** Successful and failed calls of the AWS operation, from the operator's own meters. */
  public long calls(String operation) {
    return AwsCallCounts.of(registry, operation);
  }

  /** Reconciles of {@code type} that finished without an exception, from JOSDK's own meter. */
  public double reconciles(Class<? extends HasMetadata> type) {
    return registry
        .find("operator.sdk.reconciliations.success")
        .tag("kind", HasMetadata.getKind(type))
        .counters()
        .stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /**
   * A quiet window measured in work, not seconds: waits until every object of {@code type} in the
   * harness's namespaces could have been reconciled {@code rounds} more times — that many
   * reconciles per object have finished since the call (resyncs come every 2 s).
   */
  public void awaitReconciles(Class<? extends HasMetadata> type, int rounds) {
    long objects =
        namespaces.stream()
            .mapToLong(ns -> client.resources(type).inNamespace(ns).list().getItems().size())
            .sum();
    double target = reconciles(type) + rounds * Math.max(1, objects);
    Eventually.assertThat(
        WAIT.plusSeconds(2L * rounds * objects / 10),
        () ->
            assertThat(reconciles(type))
                .as("reconciles of " + HasMetadata.getKind(type))
                .isGreaterThanOrEqualTo(target));
  }

  /**
   * Without resyncs to count on: waits until no reconcile of {@code type} is running — as many
   * started as finished, in two polls in a row.
   */
  public void awaitIdle(Class<? extends HasMetadata> type) {
    String kind = HasMetadata.getKind(type);
    double[] last = {-1};
    Eventually.assertThat(
        WAIT,
        () -> {
          double started = count("operator.sdk.reconciliations.started", kind);
          double finished =
              count("operator.sdk.reconciliations.success", kind)
                  + count("operator.sdk.reconciliations.failed", kind);
          assertThat(started).as("%s reconciles started (JOSDK's meter)", kind).isPositive();
          boolean idle = started == finished && started == last[0];
          last[0] = started == finished ? started : -1;
          assertThat(idle)
              .as("%s reconciles: %s started, %s finished", kind, started, finished)
              .isTrue();
        });
  }

  private double count(String meter, String kind) {
    return registry.find(meter).tag("kind", kind).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  public <T extends CustomResource<?, ? extends ObservedStatus>> Condition condition(
      Class<T> type, String ns, String name, String conditionType) {
    return StatusReads.condition(get(type, ns, name), conditionType);
  }

  public Map<String, String> env(String name) {
    return StatusReads.containerEnv(get(Deployment.class, name));
  }

  public List<String> events(String ns, String name, String reason) {
    return StatusReads.eventMessages(client, ns, name, reason);
  }

  public List<String> events(String name, String reason) {
    return events(namespace, name, reason);
  }

  @Override
  public void close() {
    operator.stop();
    aws.close();
  }
}
