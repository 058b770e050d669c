package dev.msa.operator.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msa.operator.MsaOperator;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.aws.AwsException;
import dev.msa.operator.aws.StsIdentity;
import dev.msa.operator.aws.StubAws;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.DeploymentController;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.FaultInjection;
import dev.msa.operator.testing.Microservices;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.ObservabilityPack;
import dev.msa.operator.testing.PrometheusScrape;
import dev.msa.operator.testing.PrometheusScrape.Sample;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operations surface of one operator process against a real kube-apiserver and moto: the probes
 * before, while and after it runs, and the meters on /metrics after it reconciled a few
 * Microservices (one of them failing) — with the expected tags and never an object's name — and
 * covering every series the chart's Grafana dashboard and PrometheusRule query.
 */
class OperationsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String> NAMES = List.of("ops-orders", "ops-payments", "ops-catalog");

  /** Its Deployment is invalid, so its reconciles fail: the failure meters appear. */
  private static final String BROKEN = "ops-broken";

  private static final FaultInjection faults = new FaultInjection();

  private static final String THROTTLED =
      """
      <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
        <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
        <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
      </ErrorResponse>
      """;
  private static final String OIDC_PROVIDER =
      "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/OPS";

  private static KubernetesClient client;
  private static String namespace;
  private static PrometheusMeterRegistry registry;
  private static Probes probes;
  private static OperationsServer server;
  private static AwsClients aws;

  @BeforeAll
  static void serve() throws Exception {
    client = TestApiServer.get().newClient();
    Crds.install(client);
    namespace = Namespaces.create(client, "ops");
    registry = PrometheusMetrics.create();
    probes = new Probes();
    server =
        OperationsServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry, probes);
    aws = TestMoto.get().clients(registry, List.of(faults));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (namespace != null) {
      client.namespaces().withName(namespace).delete();
    }
    if (aws != null) {
      aws.close();
    }
    client.close();
  }

  @Test
  void probesFollowTheOperatorAndMetricsDescribeItsWorkWithoutObjectNames() {
    assertProbes(503, 503); // the server is up, no operator yet
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(
                OperatorConfig.CLUSTER_NAME,
                "ops",
                OperatorConfig.REGION,
                "eu-west-1",
                OperatorConfig.WATCH_NAMESPACES,
                namespace,
                OperatorConfig.OIDC_PROVIDER_ARN,
                OIDC_PROVIDER));
    Operator operator = MsaOperator.create(config, client, aws, registry, Optional.empty());
    probes.watch(operator, Optional.empty());
    OperatorMeters.bindLeader(registry, operator, config.leaseName(), Optional.empty());
    assertProbes(503, 503); // created, starting
    try {
      operator.start();
      assertProbes(200, 200);

      NAMES.forEach(OperationsIT::apply);
      NAMES.forEach(OperationsIT::playDeploymentController);
      awaitAllReady();
      client
          .apps()
          .deployments()
          .inNamespace(namespace)
          .withName(NAMES.get(0))
          .edit(
              d -> {
                d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil:1");
                return d;
              });
      Eventually.assertThat(
          WAIT,
          () ->
              assertThat(
                      scrape()
                          .sum(
                              "msa_drift_corrections_total",
                              Map.of("kind", "Microservice", "part", "Deployment")))
                  .isGreaterThanOrEqualTo(1));
      playDeploymentController(NAMES.get(0)); // the image put back is a new rollout
      awaitAllReady();

      failReconciles();
      throttleOneCall();
      assertMeters(scrape());
    } finally {
      operator.stop();
    }
    assertProbes(503, 503);
  }

  private static void assertMeters(PrometheusScrape scrape) {
    Map<String, String> microservice =
        Map.of("kind", "Microservice", "group", "msa.dev", "version", "v1alpha1");
    // JOSDK's reconcile meters, per kind only
    assertThat(scrape.sum("operator_sdk_reconciliations_started_total", microservice))
        .isGreaterThanOrEqualTo(NAMES.size());
    assertThat(scrape.sum("operator_sdk_reconciliations_success_total", microservice))
        .isGreaterThanOrEqualTo(NAMES.size());
    assertThat(
            scrape.sum(
                "operator_sdk_controllers_execution_reconcile_seconds_count",
                Map.of("controller", "microservice", "resource_kind", "Microservice")))
        .isGreaterThanOrEqualTo(NAMES.size());
    assertThat(scrape.named("operator_sdk_reconciliations_started_total"))
        .allSatisfy(s -> assertThat(s.labels()).doesNotContainKeys("name", "namespace"));

    // the AWS layer's calls by service, operation and outcome
    assertThat(
            scrape.sum(
                "msa_aws_calls_seconds_count",
                Map.of("service", "sqs", "operation", "CreateQueue", "outcome", "success")))
        .isGreaterThanOrEqualTo(NAMES.size());
    assertThat(
            scrape.sum(
                "msa_aws_calls_seconds_count",
                Map.of("service", "iam", "operation", "CreateRole", "outcome", "success")))
        .isGreaterThanOrEqualTo(NAMES.size());
    assertThat(scrape.named("msa_aws_calls_seconds_count"))
        .allSatisfy(
            s -> assertThat(s.labels()).containsOnlyKeys("service", "operation", "outcome"));

    // ours: managed objects by Ready state, apply-to-Ready, drift, leadership, start-up
    assertThat(scrape.sum("msa_managed_objects", Map.of("kind", "Microservice", "ready", "True")))
        .isEqualTo(NAMES.size());
    assertThat(scrape.sum("msa_managed_objects", Map.of("kind", "DataStore", "ready", "True")))
        .isZero();
    assertThat(scrape.named("msa_managed_objects"))
        .extracting(s -> s.labels().get("ready"))
        .contains("True", "False", "Unknown");
    assertThat(scrape.sum("msa_apply_to_ready_seconds_count", Map.of("kind", "Microservice")))
        .isGreaterThanOrEqualTo(NAMES.size());
    assertThat(scrape.named("msa_apply_to_ready_seconds_bucket"))
        .extracting(s -> s.labels().get("le"))
        .contains("1.0", "30.0", "1800.0", "+Inf");
    assertThat(scrape.named("leader_election_master_status"))
        .singleElement()
        .satisfies(
            leader -> {
              assertThat(leader.labels()).containsExactly(Map.entry("name", "msa-operator"));
              assertThat(leader.value()).isEqualTo(1);
            });

    // JVM and process
    for (String jvm :
        List.of(
            "jvm_memory_used_bytes",
            "jvm_threads_live_threads",
            "jvm_classes_loaded_classes",
            "process_cpu_usage",
            "process_uptime_seconds",
            "process_files_open_files",
            "system_cpu_count")) {
      assertThat(scrape.named(jvm)).as(jvm).isNotEmpty();
    }

    assertObservabilityPackQueries(scrape);

    // no meter tagged by an object's name, namespace or namespace/name
    Set<String> forbidden = new HashSet<>(Set.of(namespace, BROKEN, namespace + "/" + BROKEN));
    for (String name : NAMES) {
      forbidden.add(name);
      forbidden.add(namespace + "/" + name);
    }
    for (Sample sample : scrape.samples()) {
      assertThat(sample.labels().values())
          .as(sample.name() + " " + sample.labels())
          .doesNotContainAnyElementsOf(forbidden)
          .allSatisfy(value -> assertThat(value).doesNotContain(namespace));
    }
  }

  /**
   * The chart's Grafana dashboard and PrometheusRule query only series that this live scrape has,
   * so no panel stays empty and no alert watches a name the operator does not expose.
   */
  private static void assertObservabilityPackQueries(PrometheusScrape scrape) {
    Set<String> exposed =
        scrape.samples().stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
    List<String> queries =
        new ArrayList<>(ObservabilityPack.dashboardQueries(ObservabilityPack.dashboard()));
    ObservabilityPack.objects(
            ObservabilityPack.render("--set", "metrics.prometheusRule.enabled=true"),
            "PrometheusRule")
        .forEach(rule -> queries.addAll(ObservabilityPack.ruleExpressions(rule)));
    assertThat(queries).hasSizeGreaterThan(10);
    Set<String> queried = new TreeSet<>();
    for (String query : queries) {
      Set<String> names = ObservabilityPack.metricNames(query);
      assertThat(names).as(query).isNotEmpty();
      queried.addAll(names);
    }
    assertThat(queried)
        .contains(
            "leader_election_master_status",
            "msa_managed_objects",
            "msa_aws_throttles_total",
            "operator_sdk_reconciliations_failed_total",
            "msa_apply_to_ready_seconds_bucket",
            "msa_aws_calls_seconds_bucket");
    assertThat(exposed).containsAll(queried);
  }

  /**
   * A Microservice whose queue step fails with an error that is no AWS answer (as a bug would): its
   * reconciles throw and retry. (A spec the apiserver refuses is reported, not thrown.)
   */
  private static void failReconciles() {
    faults.failWhen(
        "CreateQueue",
        request -> request.toString().contains(BROKEN),
        () -> new IllegalStateException("injected: not an AWS answer"));
    try {
      Microservices.apply(
          client, namespace, BROKEN, "{image: \"nginx:1\", queue: {}}", "test-user");
      Eventually.assertThat(
          WAIT,
          () ->
              assertThat(
                      scrape()
                          .sum(
                              "operator_sdk_reconciliations_failed_total",
                              Map.of("kind", "Microservice")))
                  .isGreaterThanOrEqualTo(1));
    } finally {
      faults.clear();
    }
  }

  /** One AWS call that AWS throttles, through the operator's clients on the same registry. */
  private static void throttleOneCall() {
    try (StubAws stub = new StubAws();
        AwsClients throttled = stub.clients(registry)) {
      stub.answer("POST", "/", 400, "text/xml", THROTTLED);
      assertThatThrownBy(() -> new StsIdentity(throttled.sts()).accountId())
          .isInstanceOf(AwsException.class);
    }
    assertThat(scrape().sum("msa_aws_throttles_total", Map.of("service", "sts"))).isPositive();
  }

  private static void assertProbes(int healthz, int readyz) {
    assertThat(PrometheusScrape.status(server.port(), "/healthz"))
        .as("/healthz")
        .isEqualTo(healthz);
    assertThat(PrometheusScrape.status(server.port(), "/readyz")).as("/readyz").isEqualTo(readyz);
  }

  private static PrometheusScrape scrape() {
    return PrometheusScrape.of(server.port());
  }

  private static void awaitAllReady() {
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(
                    scrape()
                        .sum(
                            "msa_managed_objects", Map.of("kind", "Microservice", "ready", "True")))
                .isEqualTo(NAMES.size()));
  }

  private static void apply(String name) {
    Microservices.apply(
        client,
        namespace,
        name,
        "{image: \"nginx:1\", replicas: 1, port: 8080, queue: {visibilityTimeoutSeconds: 30}}",
        "test-user");
  }

  /** What kube-controller-manager would write once the pods are up. */
  private static void playDeploymentController(String name) {
    DeploymentController.markAvailable(client, namespace, name, 1);
  }
}
