package dev.msa.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.ObservabilityPack;
import dev.msa.operator.testing.RepoPaths;
import dev.msa.operator.testing.Run;
import dev.msa.operator.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Helm chart against the real helm and a real kube-apiserver: it lints strictly and packages,
 * its output for the default and the fully-set values is accepted by a server-side dry run, its
 * RBAC lets the operator's ServiceAccount do what the operator does and nothing else, and its
 * optional PrometheusRule and Grafana dashboard render only when asked for and parse with promtool.
 */
class HelmChartIT {
  private static final Path CHART = RepoPaths.root().resolve("helm/msa-operator");
  private static final String MINIMAL = "ci/minimal-values.yaml";
  private static final String FULL = "ci/full-values.yaml";
  private static final List<String> SENSITIVE =
      List.of("secrets", "configmaps", "pods", "pods/exec", "nodes", "*");

  private static KubernetesClient client;

  @BeforeAll
  static void connect() {
    client = TestApiServer.get().newClient();
  }

  @AfterAll
  static void close() {
    if (client != null) {
      client.close();
    }
  }

  @ParameterizedTest(name = "helm lint --strict with {0}")
  @ValueSource(strings = {"the chart's defaults", MINIMAL, FULL})
  void theChartLintsStrictly(String values) {
    List<String> args = new ArrayList<>(List.of("lint", "--strict", CHART.toString()));
    if (values.startsWith("ci/")) {
      args.addAll(List.of("--values", CHART.resolve(values).toString()));
    }
    Run lint = helm(args.toArray(String[]::new));
    assertThat(lint.exit()).as(lint.output()).isZero();
    assertThat(lint.output()).contains("0 chart(s) failed").doesNotContain("[WARNING]");
  }

  /** What `make chart` publishes: the packaged chart lints and renders its dashboard file. */
  @Test
  void thePackagedChartIsCompleteAndLints() throws IOException {
    Path dist = Files.createTempDirectory("msa-chart");
    Run packaged = helm("package", CHART.toString(), "--destination", dist.toString());
    assertThat(packaged.exit()).as(packaged.output()).isZero();
    String version =
        new ObjectMapper(new YAMLFactory())
            .readTree(CHART.resolve("Chart.yaml").toFile())
            .path("version")
            .asText();
    Path archive = dist.resolve("msa-operator-" + version + ".tgz");
    assertThat(archive).isRegularFile();

    Run lint = helm("lint", "--strict", archive.toString(), "--values", path(MINIMAL));
    assertThat(lint.exit()).as(lint.output()).isZero();
    Run rendered =
        helm(
            templateArgs(
                "msa",
                "msa-system",
                "--values",
                path(MINIMAL),
                "--set",
                "metrics.grafanaDashboard.enabled=true"));
    Run fromArchive =
        helm(
            Stream.concat(
                    Stream.of(templateArgs("msa", "msa-system", "--values", path(MINIMAL))),
                    Stream.of("--set", "metrics.grafanaDashboard.enabled=true"))
                .map(arg -> arg.equals(CHART.toString()) ? archive.toString() : arg)
                .toArray(String[]::new));
    assertThat(fromArchive.exit()).as(fromArchive.output()).isZero();
    assertThat(fromArchive.stdout())
        .isEqualTo(rendered.stdout())
        .contains("\"uid\": \"msa-operator\"");
  }

  @Test
  void theDefaultValuesPassAServerSideDryRun() {
    String namespace = Namespaces.create(client, "chart-default");
    String manifest = template("msa-operator", namespace, "--values", path(MINIMAL));

    assertThat(kinds(manifest))
        .containsExactlyInAnyOrder(
            "CustomResourceDefinition",
            "CustomResourceDefinition",
            "CustomResourceDefinition",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "ClusterRole", // reading namespaces
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment");
    assertDryRunAccepts(manifest);
  }

  @Test
  void theFullValuesPassAServerSideDryRun() {
    String namespace = Namespaces.create(client, "chart-full");
    // the namespaces ci/full-values.yaml names
    Stream.of("shop", "payments", "msa-leases", "monitoring").forEach(HelmChartIT::ensureNamespace);
    installStandIn("/servicemonitor-crd-stand-in.yaml", "servicemonitors.monitoring.coreos.com");
    installStandIn("/prometheusrule-crd-stand-in.yaml", "prometheusrules.monitoring.coreos.com");

    String manifest =
        template(
            "msa",
            namespace,
            "--values",
            path(FULL),
            "--api-versions",
            "monitoring.coreos.com/v1/ServiceMonitor");

    assertThat(kinds(manifest))
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRole", // reading namespaces, bound cluster-wide
            "ClusterRoleBinding",
            "RoleBinding", // shop
            "RoleBinding", // payments
            "Role",
            "RoleBinding", // leader election
            "Service",
            "Deployment",
            "PodDisruptionBudget",
            "ServiceMonitor",
            "PrometheusRule",
            "ConfigMap"); // the Grafana dashboard
    assertDryRunAccepts(manifest);
  }

  @Test
  void thePrometheusRuleParsesWithPromtoolAndTheApiserverAcceptsIt() {
    String manifest =
        ObservabilityPack.render(
            "--set",
            "metrics.prometheusRule.enabled=true",
            "--set",
            "metrics.prometheusRule.alertLabels.team=platform",
            "--set",
            "metrics.prometheusRule.notReadyFor=20m");
    JsonNode rule = single(ObservabilityPack.objects(manifest, "PrometheusRule"));

    Run promtool = ObservabilityPack.promtoolCheckRules(ObservabilityPack.ruleFile(rule));
    assertThat(promtool.exit()).as(promtool.output()).isZero();
    assertThat(promtool.output()).contains("SUCCESS: 4 rules found");

    JsonNode rules = rule.path("spec").path("groups").path(0).path("rules");
    assertThat(rules.findValuesAsText("alert"))
        .containsExactly(
            "MsaObjectsNotReady", "MsaAwsThrottled", "MsaReconcilesFailing", "MsaNoLeader");
    assertThat(rules.path(0).path("for").asText()).isEqualTo("20m");
    for (JsonNode alert : rules) {
      assertThat(alert.path("labels").path("team").asText()).isEqualTo("platform");
      assertThat(alert.path("labels").path("severity").asText()).isIn("warning", "critical");
      assertThat(alert.path("expr").asText())
          .contains("job=\"msa-msa-operator-metrics\", namespace=\"msa-system\"");
    }
    assertThat(
            ObservabilityPack.ruleExpressions(
                single(
                    ObservabilityPack.objects(
                        ObservabilityPack.render(
                            "--set",
                            "metrics.prometheusRule.enabled=true",
                            "--set-string",
                            "metrics.prometheusRule.selector=cluster=\"eu\"\\,job=\"msa\""),
                        "PrometheusRule"))))
        .allSatisfy(
            expr ->
                assertThat(expr)
                    .contains("{cluster=\"eu\",job=\"msa\"")
                    .doesNotContain("msa-system"));

    String namespace = Namespaces.create(client, "chart-rule");
    installStandIn("/prometheusrule-crd-stand-in.yaml", "prometheusrules.monitoring.coreos.com");
    String rendered =
        template(
            "msa",
            namespace,
            "--values",
            path(MINIMAL),
            "--set",
            "crds.install=false",
            "--set",
            "metrics.prometheusRule.enabled=true",
            "--show-only",
            "templates/prometheusrule.yaml");
    assertDryRunAccepts(rendered);
    // the stand-in's schema has teeth: a misnamed field is refused
    Run misnamed =
        kubectl(
            rendered.replace("expr:", "expression:"),
            "apply",
            "--server-side",
            "--dry-run=server",
            "-f",
            "-");
    assertThat(misnamed.exit()).as(misnamed.output()).isNotZero();
    assertThat(misnamed.output()).contains("expression");
  }

  @Test
  void promtoolRefusesAnExpressionThatDoesNotParse() {
    Run promtool =
        ObservabilityPack.promtoolCheckRules(
            ObservabilityPack.recordingRules(
                List.of("sum by (kind) (rate(msa_aws_calls_seconds_count[5m])")));
    assertThat(promtool.exit()).isNotZero();
    assertThat(promtool.output()).contains("unclosed left parenthesis");
  }

  @Test
  void theDashboardIsAConfigMapForGrafanasSidecarWithJsonWhoseQueriesParse() throws Exception {
    String manifest =
        ObservabilityPack.render(
            "--set",
            "metrics.grafanaDashboard.enabled=true",
            "--set",
            "metrics.grafanaDashboard.namespace=monitoring",
            "--set",
            "metrics.grafanaDashboard.annotations.grafana_folder=Operators");
    JsonNode configMap = single(ObservabilityPack.objects(manifest, "ConfigMap"));
    assertThat(configMap.path("metadata").path("namespace").asText()).isEqualTo("monitoring");
    assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asText())
        .isEqualTo("1");
    assertThat(configMap.path("metadata").path("annotations").path("grafana_folder").asText())
        .isEqualTo("Operators");

    JsonNode dashboard =
        new ObjectMapper().readTree(configMap.path("data").path("msa-operator.json").asText());
    assertThat(dashboard).isEqualTo(ObservabilityPack.dashboard());
    assertThat(dashboard.path("uid").asText()).isEqualTo("msa-operator");
    assertThat(dashboard.path("panels")).isNotEmpty();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
    }

    List<String> queries = ObservabilityPack.dashboardQueries(dashboard);
    Run promtool = ObservabilityPack.promtoolCheckRules(ObservabilityPack.recordingRules(queries));
    assertThat(promtool.exit()).as(promtool.output()).isZero();
    assertThat(promtool.output()).contains("SUCCESS: " + queries.size() + " rules found");
  }

  @Test
  void theClusterRoleGrantsNoSecretsAndNoWildcards() {
    for (String values : List.of(MINIMAL, FULL)) {
      List<HasMetadata> objects = parse(template("msa", "msa-system", "--values", path(values)));
      List<PolicyRule> rules = new ArrayList<>();
      objects.stream()
          .filter(ClusterRole.class::isInstance)
          .forEach(o -> rules.addAll(((ClusterRole) o).getRules()));
      objects.stream()
          .filter(Role.class::isInstance)
          .forEach(o -> rules.addAll(((Role) o).getRules()));

      assertThat(rules).as("rules rendered with %s", values).isNotEmpty();
      assertThat(rules)
          .as("rules rendered with %s", values)
          .allSatisfy(
              rule -> {
                assertThat(rule.getResources()).doesNotContainAnyElementsOf(SENSITIVE);
                if (rule.getResources().contains("namespaces")) {
                  // their annotations choose an account and region: read, never written
                  assertThat(rule.getResources()).containsExactly("namespaces");
                  assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
                }
                assertThat(rule.getApiGroups()).doesNotContain("*");
                assertThat(rule.getVerbs())
                    .doesNotContain("*", "escalate", "bind", "impersonate", "deletecollection");
              });
    }
  }

  @Test
  void theServiceAccountMayDoWhatTheOperatorDoesAndNothingElse() {
    String release = Namespaces.create(client, "chart-rbac");
    String workloads = Namespaces.create(client, "chart-rbac-workloads");
    String manifest =
        template(release, release, "--values", path(MINIMAL), "--set", "crds.install=false");
    Run apply = kubectl(manifest, "apply", "--server-side", "-f", "-");
    assertThat(apply.exit()).as(apply.output()).isZero();
    Identity operator = Identity.of(release, release + "-msa-operator");
    String lease = release + "-msa-operator";

    for (String kind : List.of("microservices", "datastores", "eventsubscriptions")) {
      operator.may("list", "msa.dev", kind, "");
      operator.may("watch", "msa.dev", kind, "");
      operator.may("get", "msa.dev", kind, workloads);
      operator.may("patch", "msa.dev", kind, workloads);
      operator.may("patch", "msa.dev", kind + "/status", workloads);
      operator.may("update", "msa.dev", kind + "/finalizers", workloads);
      operator.mayNot("update", "msa.dev", kind, workloads);
      operator.mayNot("create", "msa.dev", kind, workloads);
      operator.mayNot("delete", "msa.dev", kind, workloads);
    }
    for (String[] child :
        List.of(
            new String[] {"", "serviceaccounts"},
            new String[] {"", "services"},
            new String[] {"apps", "deployments"},
            new String[] {"autoscaling", "horizontalpodautoscalers"},
            new String[] {"policy", "poddisruptionbudgets"},
            new String[] {"keda.sh", "scaledobjects"},
            new String[] {"keda.sh", "triggerauthentications"})) {
      for (String verb : List.of("list", "watch", "get", "create", "patch", "delete")) {
        operator.may(verb, child[0], child[1], workloads);
      }
      operator.mayNot("update", child[0], child[1], workloads);
    }
    for (String verb : List.of("create", "get", "patch")) {
      operator.may(verb, "", "events", workloads);
    }
    operator.mayNot("list", "", "events", workloads);
    operator.mayNot("delete", "", "events", workloads);
    operator.may("create", "coordination.k8s.io", "leases", release);
    operator.may("get", "coordination.k8s.io", "leases", release, lease);
    operator.may("update", "coordination.k8s.io", "leases", release, lease);

    for (String resource : List.of("secrets", "configmaps", "pods")) {
      for (String namespace : List.of("", release, workloads)) {
        operator.mayNot("get", "", resource, namespace);
        operator.mayNot("list", "", resource, namespace);
        operator.mayNot("watch", "", resource, namespace);
      }
    }
    operator.mayNot("create", "", "serviceaccounts/token", workloads);
    operator.may("list", "", "namespaces", "");
    operator.may("watch", "", "namespaces", "");
    operator.may("get", "", "namespaces", "", workloads);
    for (String verb : List.of("create", "update", "patch", "delete")) {
      operator.mayNot(verb, "", "namespaces", "", workloads);
    }
    operator.mayNot("create", "networking.k8s.io", "networkpolicies", workloads);
    operator.mayNot("create", "keda.sh", "scaledjobs", workloads);
    operator.mayNot("list", "keda.sh", "clustertriggerauthentications", "");
    operator.mayNot("get", "coordination.k8s.io", "leases", release, "another-lease");
    operator.mayNot("update", "coordination.k8s.io", "leases", workloads, lease);
    operator.mayNot("create", "coordination.k8s.io", "leases", workloads);
  }

  /** What the operator does with its token, done with its identity. */
  @Test
  void theOperatorsRequestsPassAndASecretReadFails() {
    String release = Namespaces.create(client, "chart-requests");
    String workloads = Namespaces.create(client, "chart-requests-workloads");
    String manifest =
        template(release, release, "--values", path(MINIMAL), "--set", "crds.install=false");
    Run apply = kubectl(manifest, "apply", "--server-side", "-f", "-");
    assertThat(apply.exit()).as(apply.output()).isZero();
    Identity operator = Identity.of(release, release + "-msa-operator");

    try (KubernetesClient asOperator = operator.client()) {
      // server-side apply that creates a child, as the operator's dependents do
      var applied =
          asOperator
              .serviceAccounts()
              .inNamespace(workloads)
              .resource(
                  new ServiceAccountBuilder()
                      .withNewMetadata()
                      .withName("orders")
                      .addToLabels("app.kubernetes.io/managed-by", "msa-operator")
                      .endMetadata()
                      .build())
              .fieldManager("msa-operator")
              .forceConflicts()
              .serverSideApply();
      assertThat(applied.getMetadata().getUid()).isNotBlank();

      // java-operator-sdk refuses to start leader election unless this review shows the three verbs
      List<String> leaseVerbs =
          asOperator
              .authorization()
              .v1()
              .selfSubjectRulesReview()
              .create(
                  new SelfSubjectRulesReviewBuilder()
                      .withNewSpec()
                      .withNamespace(release)
                      .endSpec()
                      .build())
              .getStatus()
              .getResourceRules()
              .stream()
              .filter(r -> r.getApiGroups().contains("coordination.k8s.io"))
              .filter(r -> r.getResources().contains("leases"))
              .filter(
                  r ->
                      r.getResourceNames().isEmpty()
                          || r.getResourceNames().contains(release + "-msa-operator"))
              .map(ResourceRule::getVerbs)
              .flatMap(List::stream)
              .toList();
      assertThat(leaseVerbs).contains("create", "get", "update");

      assertThatThrownBy(() -> asOperator.secrets().inNamespace(workloads).list())
          .as("listing Secrets as the operator")
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  @Test
  void watchingSomeNamespacesGrantsRightsInThoseOnly() {
    String release = Namespaces.create(client, "chart-scoped");
    String watched = Namespaces.create(client, "chart-scoped-watched");
    String other = Namespaces.create(client, "chart-scoped-other");
    String manifest =
        template(
            release,
            release,
            "--values",
            path(MINIMAL),
            "--set",
            "crds.install=false",
            "--set",
            "config.watchNamespaces={" + watched + "}");
    assertThat(
            parse(manifest).stream()
                .filter(o -> o.getKind().equals("ClusterRoleBinding"))
                .map(o -> o.getMetadata().getName())
                .toList())
        .as("bound cluster-wide: only the reading of namespaces")
        .containsExactly(release + "-msa-operator-namespaces");
    Run apply = kubectl(manifest, "apply", "--server-side", "-f", "-");
    assertThat(apply.exit()).as(apply.output()).isZero();
    Identity operator = Identity.of(release, release + "-msa-operator");

    operator.may("get", "", "namespaces", "", watched);
    operator.may("list", "msa.dev", "microservices", watched);
    operator.may("patch", "apps", "deployments", watched);
    operator.mayNot("list", "msa.dev", "microservices", other);
    operator.mayNot("list", "msa.dev", "microservices", "");
    operator.mayNot("patch", "apps", "deployments", other);
  }

  @Test
  void optionalObjectsAppearOnlyWhenTheyApply() {
    assertThat(kinds(template("msa", "msa-system", "--values", path(MINIMAL))))
        .as(
            "one replica: no PodDisruptionBudget; no monitoring API: no ServiceMonitor; no"
                + " PrometheusRule or dashboard unless asked for")
        .doesNotContain("PodDisruptionBudget", "ServiceMonitor", "PrometheusRule", "ConfigMap");
    assertThat(
            kinds(
                template(
                    "msa",
                    "msa-system",
                    "--values",
                    path(MINIMAL),
                    "--api-versions",
                    "monitoring.coreos.com/v1/PrometheusRule")))
        .as("the PrometheusRule is off by default even where the API is served")
        .doesNotContain("PrometheusRule");
    assertThat(
            kinds(
                template(
                    "msa",
                    "msa-system",
                    "--values",
                    path(MINIMAL),
                    "--set",
                    "metrics.prometheusRule.enabled=true",
                    "--set",
                    "metrics.grafanaDashboard.enabled=true")))
        .contains("PrometheusRule", "ConfigMap");
    assertThat(
            kinds(
                template(
                    "msa",
                    "msa-system",
                    "--values",
                    path(MINIMAL),
                    "--set",
                    "replicaCount=2",
                    "--api-versions",
                    "monitoring.coreos.com/v1/ServiceMonitor")))
        .contains("PodDisruptionBudget", "ServiceMonitor");
    String withoutLeaderElection =
        template(
            "msa",
            "msa-system",
            "--values",
            path(MINIMAL),
            "--set",
            "leaderElection.enabled=false");
    assertThat(kinds(withoutLeaderElection)).doesNotContain("Role");
    assertThat(withoutLeaderElection).contains("type: Recreate");
  }

  @Test
  void mistakesInTheValuesAreRefusedWithAMessage() {
    assertThat(templateFails("--set", "config.region=eu-west-1"))
        .contains("config.clusterName is required");
    assertThat(templateFails("--values", path(MINIMAL), "--set", "config.clusterNmae=typo"))
        .contains("clusterNmae");
    assertThat(templateFails("--values", path(MINIMAL), "--set", "config.identityMode=kiam"))
        .contains("identityMode");
    assertThat(
            templateFails(
                "--values",
                path(MINIMAL),
                "--set",
                "replicaCount=2",
                "--set",
                "leaderElection.enabled=false"))
        .contains("replicaCount > 1 needs leaderElection.enabled=true");
    assertThat(
            templateFails(
                "--values", path(MINIMAL), "--set", "config.defaultTags.msa\\.dev/uid=forged"))
        .as("the operator's own tag keys")
        .contains("invalid propertyName 'msa.dev/uid'");
  }

  @Test
  void defaultTagsReachTheOperatorAsOneSetting() {
    assertThat(template("msa", "msa-system", "--values", path(FULL)))
        .contains("- name: MSA_OPERATOR_DEFAULT_TAGS")
        .contains("value: \"cost-center=cc-42,team=platform\"");
    assertThat(template("msa", "msa-system", "--values", path(MINIMAL)))
        .doesNotContain("MSA_OPERATOR_DEFAULT_TAGS");
  }

  private static void installStandIn(String resource, String crdName) {
    try (var in = HelmChartIT.class.getResourceAsStream(resource)) {
      Run standIn =
          kubectl(
              new String(in.readAllBytes(), StandardCharsets.UTF_8),
              "apply",
              "--server-side",
              "-f",
              "-");
      assertThat(standIn.exit()).as(standIn.output()).isZero();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crdName)
        .waitUntilCondition(
            crd ->
                crd.getStatus() != null
                    && crd.getStatus().getConditions().stream()
                        .anyMatch(
                            c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())),
            30,
            TimeUnit.SECONDS);
  }

  private static <T> T single(List<T> objects) {
    assertThat(objects).hasSize(1);
    return objects.get(0);
  }

  private static void assertDryRunAccepts(String manifest) {
    // --force-conflicts: the ITs share one apiserver, and those that run first have applied the
    // CRDs as field manager "fabric8"; a conflict over who owns a field says nothing of validity.
    Run dryRun =
        kubectl(
            manifest, "apply", "--server-side", "--force-conflicts", "--dry-run=server", "-f", "-");
    assertThat(dryRun.exit()).as(dryRun.output()).isZero();
    assertThat(dryRun.output().lines().filter(l -> l.endsWith("(server dry run)")).count())
        .as(dryRun.output())
        .isEqualTo(kinds(manifest).size());
  }

  private static String template(String release, String namespace, String... args) {
    Run run = helm(templateArgs(release, namespace, args));
    assertThat(run.exit()).as(run.output()).isZero();
    return run.stdout();
  }

  private static String templateFails(String... args) {
    Run run = helm(templateArgs("msa", "msa-system", args));
    assertThat(run.exit()).as("helm template %s should fail", List.of(args)).isNotZero();
    return run.output();
  }

  private static String[] templateArgs(String release, String namespace, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "template",
                release,
                CHART.toString(),
                "--namespace",
                namespace,
                // helm built from source defaults to an old version without a cluster to ask
                "--kube-version",
                RepoPaths.pinnedVersion("K8S_VERSION")));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  private static List<HasMetadata> parse(String manifest) {
    return client.load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8))).items();
  }

  private static List<String> kinds(String manifest) {
    return parse(manifest).stream().map(HasMetadata::getKind).toList();
  }

  private static String path(String values) {
    return CHART.resolve(values).toString();
  }

  private static void ensureNamespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  private static Run helm(String... args) {
    return Run.of(null, RepoPaths.cache().resolve("bin/helm").toString(), args);
  }

  private static Run kubectl(String stdin, String... args) {
    List<String> all =
        new ArrayList<>(List.of("--kubeconfig", TestApiServer.get().kubeconfigFile().toString()));
    all.addAll(List.of(args));
    return Run.of(stdin, TestApiServer.get().kubectl().toString(), all.toArray(String[]::new));
  }

  /** A ServiceAccount as the apiserver sees it when the account's token is used. */
  private record Identity(String namespace, String name) {
    static Identity of(String namespace, String name) {
      return new Identity(namespace, name);
    }

    String user() {
      return "system:serviceaccount:" + namespace + ":" + name;
    }

    List<String> groups() {
      return List.of(
          "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    }

    void may(String verb, String group, String resource, String namespace) {
      may(verb, group, resource, namespace, null);
    }

    void may(String verb, String group, String resource, String namespace, String name) {
      assertThat(allowed(verb, group, resource, namespace, name))
          .as("%s may %s", user(), describe(verb, group, resource, namespace, name))
          .isTrue();
    }

    void mayNot(String verb, String group, String resource, String namespace) {
      mayNot(verb, group, resource, namespace, null);
    }

    void mayNot(String verb, String group, String resource, String namespace, String name) {
      assertThat(allowed(verb, group, resource, namespace, name))
          .as("%s may not %s", user(), describe(verb, group, resource, namespace, name))
          .isFalse();
    }

    private boolean allowed(
        String verb, String group, String resource, String namespace, String name) {
      String[] parts = resource.split("/", 2);
      return client
          .authorization()
          .v1()
          .subjectAccessReview()
          .create(
              new SubjectAccessReviewBuilder()
                  .withNewSpec()
                  .withUser(user())
                  .withGroups(groups())
                  .withNewResourceAttributes()
                  .withVerb(verb)
                  .withGroup(group)
                  .withResource(parts[0])
                  .withSubresource(parts.length > 1 ? parts[1] : null)
                  .withNamespace(namespace)
                  .withName(name)
                  .endResourceAttributes()
                  .endSpec()
                  .build())
          .getStatus()
          .getAllowed();
    }

    private static String describe(
        String verb, String group, String resource, String namespace, String name) {
      return verb
          + " "
          + (group.isEmpty() ? "" : group + "/")
          + resource
          + (name == null ? "" : " " + name)
          + (namespace.isEmpty() ? " in all namespaces" : " in " + namespace);
    }

    /** A client that impersonates this ServiceAccount. */
    KubernetesClient client() {
      try {
        Config config =
            Config.fromKubeconfig(Files.readString(TestApiServer.get().kubeconfigFile()));
        config.setImpersonateUsername(user());
        config.setImpersonateGroups(groups().toArray(String[]::new));
        return new KubernetesClientBuilder().withConfig(config).build();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
