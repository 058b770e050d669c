package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.DeploymentController;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.StatusReads;
import dev.msa.operator.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Microservice reconciler against a real kube-apiserver: children, ownership, server-side
 * apply, reverting manual edits, deleting what no longer applies, status and steady state.
 * kube-api-test runs no controller-manager, so the test plays the Deployment controller by writing
 * Deployment status itself.
 */
class MicroserviceReconcilerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String OIDC_PROVIDER =
      "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/IT";
  private static KubernetesClient client;
  private static OperatorHarness operator;
  private static String namespace;

  @BeforeAll
  static void startOperator() {
    client = TestApiServer.get().newClient();
    Crds.install(client);
    namespace = Namespaces.create(client, "msvc");
    operator =
        new OperatorHarness(
            client,
            List.of(namespace),
            Map.of(
                OperatorConfig.CLUSTER_NAME, "it",
                OperatorConfig.REGION, "eu-west-1",
                OperatorConfig.NETWORK_POLICIES, "true",
                OperatorConfig.NETWORK_POLICY_ALLOWED_NAMESPACES, "monitoring",
                OperatorConfig.OIDC_PROVIDER_ARN, OIDC_PROVIDER),
            List.of());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
    if (namespace != null) {
      client.namespaces().withName(namespace).delete();
    }
    client.close();
  }

  @Test
  void childrenAreOwnedAppliedByTheOperatorAndCarryNoArgoCdTracking() {
    Microservice web =
        apply(
            """
            apiVersion: msa.dev/v1alpha1
            kind: Microservice
            metadata:
              name: web
              labels: {argocd.argoproj.io/instance: shop, team: a}
              annotations: {argocd.argoproj.io/tracking-id: "shop:msa.dev/Microservice:x/web"}
            spec:
              image: nginx:1
              replicas: 2
              port: 8080
              probes: {readinessPath: /ready, livenessPath: /health}
              env: [{name: LOG_LEVEL, value: debug}]
            """);

    List<HasMetadata> children =
        List.of(
            await(ServiceAccount.class, "web"),
            await(Deployment.class, "web"),
            await(Service.class, "web"),
            await(PodDisruptionBudget.class, "web"),
            await(NetworkPolicy.class, "web"));
    for (HasMetadata child : children) {
      assertThat(child.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              owner -> {
                assertThat(owner.getUid()).isEqualTo(web.getMetadata().getUid());
                assertThat(owner.getController()).isTrue();
              });
      assertThat(child.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "msa-operator")
          .doesNotContainKeys("argocd.argoproj.io/instance", "team");
      assertThat(child.getMetadata().getAnnotations())
          .satisfiesAnyOf(
              a -> assertThat(a).isNull(),
              a -> assertThat(a).doesNotContainKey("argocd.argoproj.io/tracking-id"));
      assertThat(child.getMetadata().getManagedFields())
          .anySatisfy(
              f -> {
                assertThat(f.getManager()).isEqualTo("msa-operator");
                assertThat(f.getOperation()).isEqualTo("Apply");
              });
    }
    Deployment deployment = get(Deployment.class, "web");
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getEnv())
        .extracting(EnvVar::getName)
        .containsExactly("LOG_LEVEL", "AWS_REGION");
    assertThat(get(ServiceAccount.class, "web").getMetadata().getAnnotations())
        .containsEntry(
            "eks.amazonaws.com/role-arn",
            "arn:aws:iam::123456789012:role/it-" + namespace + "-web");
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("web");
  }

  @Test
  void aSpecChangePropagatesAndAManualEditIsReverted() {
    apply(microservice("edit", "image: nginx:1\n  replicas: 1"));
    await(Deployment.class, "edit");

    apply(microservice("edit", "image: nginx:2\n  replicas: 1"));
    Eventually.assertThat(WAIT, () -> assertThat(image("edit")).isEqualTo("nginx:2"));

    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName("edit")
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil:latest");
              return d;
            });
    Eventually.assertThat(WAIT, () -> assertThat(image("edit")).isEqualTo("nginx:2"));
  }

  @Test
  void childrenThatNoLongerApplyAreDeleted() {
    apply(microservice("shrink", "image: nginx:1\n  replicas: 3\n  port: 8080"));
    await(Service.class, "shrink");
    await(PodDisruptionBudget.class, "shrink");

    apply(
        microservice("shrink", "image: nginx:1\n  autoscaling: {minReplicas: 1, maxReplicas: 4}"));
    await(HorizontalPodAutoscaler.class, "shrink");
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(find(Service.class, "shrink")).as("Service without a port").isEmpty();
          assertThat(find(PodDisruptionBudget.class, "shrink")).as("PDB with min 1").isEmpty();
        });
    HorizontalPodAutoscaler hpa = get(HorizontalPodAutoscaler.class, "shrink");
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(4);
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("shrink");
  }

  @Test
  void statusExplainsTheWorkloadAndTheCalls() {
    apply(microservice("caller", "image: nginx:1\n  replicas: 2\n  calls: [{name: callee}]"));
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(condition("caller", "CallsResolved").getReason()).isEqualTo("CalleeNotFound");
          assertThat(condition("caller", "CallsResolved").getMessage())
              .contains(namespace + "/callee does not exist");
          assertThat(condition("caller", "Ready").getStatus()).isEqualTo("False");
          assertThat(condition("caller", "WorkloadAvailable").getReason())
              .isEqualTo("RolloutInProgress");
        });

    apply(microservice("callee", "image: nginx:1\n  port: 9090"));
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(condition("caller", "CallsResolved").getStatus()).isEqualTo("True");
          assertThat(env("caller"))
              .containsEntry(
                  "MSA_SERVICE_CALLEE_URL",
                  "http://callee." + namespace + ".svc.cluster.local:9090");
          NetworkPolicy policy = get(NetworkPolicy.class, "callee");
          assertThat(Serialization.asJson(policy.getSpec().getIngress()))
              .contains("\"msa.dev/microservice\":\"caller\"")
              .contains("\"kubernetes.io/metadata.name\":\"monitoring\"")
              .contains("9090");
        });

    playDeploymentController("caller", 2);
    Eventually.assertThat(
        WAIT,
        () -> {
          Microservice caller = get(Microservice.class, "caller");
          assertThat(condition("caller", "Ready").getStatus()).isEqualTo("True");
          assertThat(caller.getStatus().getAvailableReplicas()).isEqualTo(2);
          assertThat(caller.getStatus().getServiceAccountName()).isEqualTo("caller");
          assertThat(caller.getStatus().getObservedGeneration())
              .isEqualTo(caller.getMetadata().getGeneration());
        });
  }

  @Test
  void aSteadyStateReconcileWritesNothing() {
    apply(microservice("steady", "image: nginx:1\n  replicas: 2\n  port: 8080"));
    await(Service.class, "steady");
    playDeploymentController("steady", 2);
    Eventually.assertThat(
        WAIT, () -> assertThat(condition("steady", "Ready").getStatus()).isEqualTo("True"));

    Map<String, String> before = resourceVersions("steady");
    operator.awaitReconciles(Microservice.class, 3);
    assertThat(resourceVersions("steady")).isEqualTo(before);
  }

  private Map<String, String> resourceVersions(String name) {
    Map<String, String> versions = new LinkedHashMap<>();
    for (Class<? extends HasMetadata> type :
        List.of(
            Microservice.class,
            ServiceAccount.class,
            Deployment.class,
            Service.class,
            PodDisruptionBudget.class,
            NetworkPolicy.class)) {
      versions.put(type.getSimpleName(), get(type, name).getMetadata().getResourceVersion());
    }
    return versions;
  }

  /**
   * Found by FuzzedSpecsIT: what the CRD passes through (env, resources, podTemplate) and the
   * apiserver refuses on the Deployment was a ReconcileError retried for ever. It is
   * WorkloadInvalid and Stalled, naming the field, until the spec is fixed; then the Deployment is
   * applied.
   */
  @Test
  void aPodSpecTheApiserverRefusesIsWorkloadInvalidUntilTheSpecIsFixed() {
    String bad =
        "image: nginx:1\n  env: [{name: A, value: '1'}, {name: A, value: '2'},"
            + " {name: B, valueFrom: {fieldRef: {fieldPath: spec.nothing}}}]";
    apply(microservice("refused", bad));
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition workload = condition("refused", WorkloadAvailability.TYPE);
          assertThat(workload.getReason()).isEqualTo(Reasons.WORKLOAD_INVALID);
          assertThat(workload.getMessage()).startsWith("Deployment refused: ");
          assertThat(condition("refused", "Ready").getReason()).isEqualTo(Reasons.WORKLOAD_INVALID);
          assertThat(condition("refused", "Stalled").getStatus()).isEqualTo("True");
        });
    assertThat(condition("refused", WorkloadAvailability.TYPE).getMessage())
        .as("server-side apply refuses the duplicate before validation names the path")
        .contains("duplicate entries for key [name=\"A\"]");
    assertThat(find(Deployment.class, "refused")).isEmpty();

    apply(microservice("refused", "image: nginx:1\n  env: [{name: A, value: '1'}]"));
    assertThat(await(Deployment.class, "refused").getSpec().getTemplate().getSpec())
        .extracting(pod -> pod.getContainers().get(0).getEnv().get(0).getValue())
        .isEqualTo("1");
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(condition("refused", WorkloadAvailability.TYPE).getReason())
                .isNotEqualTo(Reasons.WORKLOAD_INVALID));
  }

  /** What kube-controller-manager would write once the pods are up. */
  private static void playDeploymentController(String name, int replicas) {
    DeploymentController.markAvailable(client, namespace, name, replicas);
  }

  private static Microservice apply(String yaml) {
    Microservice microservice = Serialization.unmarshal(yaml, Microservice.class);
    return client
        .resources(Microservice.class)
        .inNamespace(namespace)
        .resource(microservice)
        .fieldManager("test-user")
        .forceConflicts()
        .serverSideApply();
  }

  private static String microservice(String name, String spec) {
    return """
        apiVersion: msa.dev/v1alpha1
        kind: Microservice
        metadata: {name: %s}
        spec:
          %s
        """
        .formatted(name, spec);
  }

  private static String image(String name) {
    return get(Deployment.class, name)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  private static Map<String, String> env(String name) {
    return StatusReads.containerEnv(get(Deployment.class, name));
  }

  private static Condition condition(String name, String type) {
    return StatusReads.condition(get(Microservice.class, name), type);
  }

  private static <T extends HasMetadata> T await(Class<T> type, String name) {
    return Eventually.get(WAIT, () -> find(type, name).orElse(null));
  }

  private static <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name)
        .orElseThrow(() -> new AssertionError(type.getSimpleName() + " " + name));
  }

  private static <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return Optional.ofNullable(client.resources(type).inNamespace(namespace).withName(name).get());
  }
}
