package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.PolicyDocuments;
import dev.msa.operator.model.ScaledObject;
import dev.msa.operator.model.TriggerAuthentication;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.DeploymentController;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.KedaCrds;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Queue-depth autoscaling against a real kube-apiserver and moto, first on a cluster without KEDA,
 * then with KEDA's published CRDs installed (no KEDA controller runs: what is checked is what the
 * operator writes). The steps build on each other, in order: one worker, {@code notifications},
 * through a cluster without KEDA, KEDA arriving, a spec change, a manual edit, the switch back to
 * CPU, and KEDA removed and installed again. The apiserver is shared with the other ITs of the JVM,
 * so KEDA's CRDs are removed first (a cluster without KEDA is what the first step needs) and again
 * at the end (what the others expect).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueueDepthAutoscalingIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String CLUSTER = "itkeda";
  private static final String KEDA_ROLE = "arn:aws:iam::123456789012:role/keda-operator";
  private static final String NAME = "notifications";
  private static KubernetesClient client;
  private static AwsClients sdk;
  private static OperatorHarness operator;
  private static String ns;

  @BeforeAll
  static void startWithoutKeda() {
    client = TestApiServer.get().newClient();
    sdk = TestMoto.get().clients(new SimpleMeterRegistry());
    KedaCrds.remove(client);
    Crds.install(client);
    ns = Namespaces.create(client, "keda");
    operator =
        new OperatorHarness(
            client,
            List.of(ns),
            Map.of(
                OperatorConfig.CLUSTER_NAME, CLUSTER,
                OperatorConfig.OIDC_PROVIDER_ARN,
                    "arn:aws:iam::123456789012:oidc-provider/oidc.example.com/id/" + CLUSTER,
                OperatorConfig.KEDA_ROLE_ARN, KEDA_ROLE),
            List.of());
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (ns != null) {
      client.namespaces().withName(ns).delete();
    }
    KedaCrds.remove(client);
    sdk.close();
    client.close();
  }

  @Test
  @Order(1)
  void withoutKedaTheWorkerRunsAndSaysWhyItDoesNotScale() {
    assertThat(KedaCrds.served(client)).isEmpty();
    apply(
        """
        image: nginx:1
        queue: {}
        autoscaling: {queueDepth: {messagesPerReplica: 100, minReplicas: 0, maxReplicas: 20}}
        """);
    DeploymentController.markAvailable(client, ns, NAME);

    Eventually.assertThat(
        WAIT,
        () -> {
          Condition autoscaling = condition("AutoscalingReady");
          assertThat(autoscaling.getStatus()).isEqualTo("False");
          assertThat(autoscaling.getReason()).isEqualTo("AutoscalingUnavailable");
          assertThat(autoscaling.getMessage())
              .contains("the cluster serves no keda.sh/v1alpha1 ScaledObject API")
              .contains("install KEDA");
          Condition ready = condition("Ready");
          assertThat(ready.getStatus()).isEqualTo("False");
          assertThat(ready.getReason()).isEqualTo("AutoscalingUnavailable");
          assertThat(condition("Stalled").getStatus()).isEqualTo("True");
          for (String part : List.of("QueueReady", "IdentityReady", "WorkloadAvailable")) {
            assertThat(condition(part).getStatus()).as(part).isEqualTo("True");
          }
        });
    assertThat(operatorOwnsReplicas()).as("spec.replicas owned by msa-operator").isFalse();
    assertThat(operator.env(NAME)).containsKey("MSA_QUEUE_URL");
    assertThat(client.resources(HorizontalPodAutoscaler.class).inNamespace(ns).list().getItems())
        .isEmpty();

    // The role is ready for KEDA before KEDA is: its queue's depth, and KEDA may assume it.
    Microservice notifications = microservice();
    JsonNode depth = statement(inlinePolicy(), "ReadOwnQueueDepth");
    assertThat(depth.path("Action").toString()).isEqualTo("[\"sqs:GetQueueAttributes\"]");
    assertThat(depth.path("Resource").toString())
        .isEqualTo("[\"" + notifications.getStatus().getQueue().getArn() + "\"]");
    JsonNode trust = trustPolicy();
    assertThat(statement(trust, "KedaReadsQueueDepth").path("Condition").toString())
        .contains("system:serviceaccount:keda:keda-operator");
    assertThat(statement(trust, "KedaRoleReadsQueueDepth").at("/Principal/AWS").asText())
        .isEqualTo(KEDA_ROLE);
  }

  @Test
  @Order(2)
  void kedaInstalledLaterLeadsToTheScaledObjectAndItsTriggerAuthentication() {
    KedaCrds.install(client);

    ScaledObject scaledObject =
        Eventually.get(
            WAIT, () -> client.resources(ScaledObject.class).inNamespace(ns).withName(NAME).get());
    TriggerAuthentication auth =
        Eventually.get(
            WAIT,
            () ->
                client.resources(TriggerAuthentication.class).inNamespace(ns).withName(NAME).get());
    Microservice notifications = microservice();

    assertThat(spec(scaledObject))
        .isEqualTo(
            Serialization.unmarshal(
                """
                scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: notifications}
                minReplicaCount: 0
                maxReplicaCount: 20
                triggers:
                  - type: aws-sqs-queue
                    authenticationRef: {name: notifications}
                    metadata: {queueURL: "%s", queueLength: "100", awsRegion: %s}
                """
                    .formatted(notifications.getStatus().getQueue().getUrl(), TestMoto.REGION),
                Map.class));
    assertThat(spec(auth))
        .isEqualTo(
            Map.of(
                "podIdentity",
                Map.of("provider", "aws", "roleArn", notifications.getStatus().getRoleArn())));
    for (HasMetadata child : List.of(scaledObject, auth)) {
      assertThat(child.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              owner -> {
                assertThat(owner.getUid()).isEqualTo(notifications.getMetadata().getUid());
                assertThat(owner.getController()).isTrue();
              });
      assertThat(child.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "msa-operator")
          .doesNotContainKey("argocd.argoproj.io/instance");
      assertThat(child.getMetadata().getAnnotations())
          .satisfiesAnyOf(
              a -> assertThat(a).isNull(),
              a -> assertThat(a).doesNotContainKey("argocd.argoproj.io/tracking-id"));
      assertThat(child.getMetadata().getManagedFields())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.getManager()).isEqualTo("msa-operator");
                assertThat(f.getOperation()).isEqualTo("Apply");
              });
    }
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition autoscaling = condition("AutoscalingReady");
          assertThat(autoscaling.getStatus()).isEqualTo("True");
          assertThat(autoscaling.getMessage())
              .contains("ScaledObject notifications")
              .contains("between 0 and 20 pods, one per 100 messages");
          assertThat(condition("Ready").getStatus()).isEqualTo("True");
        });
    assertThat(operatorOwnsReplicas()).isFalse();
    assertThat(operator.events(NAME, "Created"))
        .contains(
            "ScaledObject notifications created", "TriggerAuthentication notifications created");
  }

  @Test
  @Order(3)
  void aSpecChangeIsAppliedAndAManualEditPutBack() {
    apply(
        """
        image: nginx:1
        queue: {}
        autoscaling: {queueDepth: {messagesPerReplica: 50, minReplicas: 1, maxReplicas: 5}}
        """);
    Eventually.assertThat(
        WAIT,
        () -> {
          Map<String, Object> spec = spec(scaledObject());
          assertThat(spec).containsEntry("minReplicaCount", 1).containsEntry("maxReplicaCount", 5);
          assertThat(Serialization.asJson(spec)).contains("\"queueLength\":\"50\"");
        });

    client
        .resources(ScaledObject.class)
        .inNamespace(ns)
        .withName(NAME)
        .edit(
            so -> {
              spec(so).put("maxReplicaCount", 99);
              return so;
            });
    Eventually.assertThat(
        WAIT, () -> assertThat(spec(scaledObject())).containsEntry("maxReplicaCount", 5));
  }

  @Test
  @Order(4)
  void backOnCpuKedasObjectsAndGrantsGoAndTheHorizontalPodAutoscalerComes() {
    apply(
        """
        image: nginx:1
        queue: {}
        autoscaling: {maxReplicas: 4}
        """);

    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(client.resources(ScaledObject.class).inNamespace(ns).withName(NAME).get())
              .isNull();
          assertThat(
                  client
                      .resources(TriggerAuthentication.class)
                      .inNamespace(ns)
                      .withName(NAME)
                      .get())
              .isNull();
          assertThat(
                  client
                      .resources(HorizontalPodAutoscaler.class)
                      .inNamespace(ns)
                      .withName(NAME)
                      .get())
              .isNotNull();
          assertThat(inlinePolicy().toString()).doesNotContain("ReadOwnQueueDepth");
          assertThat(trustPolicy().path("Statement")).hasSize(1);
          assertThat(trustPolicy().toString()).doesNotContain("keda-operator");
          assertThat(microservice().getStatus().getConditions())
              .noneMatch(c -> c.getType().equals("AutoscalingReady"));
        });
    assertThat(operatorOwnsReplicas()).isFalse();
  }

  @Test
  @Order(5)
  void kedaRemovedIsSaidAndKedaInstalledAgainIsUsedAgain() {
    apply(
        """
        image: nginx:1
        queue: {}
        autoscaling: {queueDepth: {messagesPerReplica: 10, maxReplicas: 3}}
        """);
    Eventually.assertThat(
        WAIT, () -> assertThat(condition("AutoscalingReady").getStatus()).isEqualTo("True"));
    assertThat(spec(scaledObject())).containsEntry("minReplicaCount", 1);

    KedaCrds.remove(client);
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(condition("AutoscalingReady").getReason())
                .isEqualTo("AutoscalingUnavailable"));

    KedaCrds.install(client);
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(client.resources(ScaledObject.class).inNamespace(ns).withName(NAME).get())
              .isNotNull();
          assertThat(condition("AutoscalingReady").getStatus()).isEqualTo("True");
        });
  }

  private static void apply(String spec) {
    operator.apply(
        Microservice.class,
        """
        kind: Microservice
        metadata:
          name: notifications
          labels: {argocd.argoproj.io/instance: shop}
          annotations: {argocd.argoproj.io/tracking-id: "shop:msa.dev/Microservice:shop/notifications"}
        spec:
        %s"""
            .formatted(spec.indent(2)));
  }

  private static Microservice microservice() {
    return operator.get(Microservice.class, NAME);
  }

  private static Condition condition(String type) {
    return operator.condition(Microservice.class, ns, NAME, type);
  }

  private static ScaledObject scaledObject() {
    return operator.get(ScaledObject.class, NAME);
  }

  /** Whether the operator's server-side apply owns the Deployment's spec.replicas. */
  private static boolean operatorOwnsReplicas() {
    return operator.get(Deployment.class, NAME).getMetadata().getManagedFields().stream()
        .filter(f -> f.getManager().equals("msa-operator"))
        .map(f -> (JsonNode) Serialization.jsonMapper().valueToTree(f.getFieldsV1()))
        .anyMatch(fields -> fields.path("f:spec").has("f:replicas"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }

  private static String roleName() {
    String arn = microservice().getStatus().getRoleArn();
    return arn.substring(arn.indexOf("role/") + "role/".length());
  }

  private static JsonNode inlinePolicy() {
    return PolicyDocuments.parse(
        decode(
            sdk.iam()
                .getRolePolicy(r -> r.roleName(roleName()).policyName("msa-operator"))
                .policyDocument()));
  }

  private static JsonNode trustPolicy() {
    return PolicyDocuments.parse(
        decode(sdk.iam().getRole(r -> r.roleName(roleName())).role().assumeRolePolicyDocument()));
  }

  private static JsonNode statement(JsonNode policy, String sid) {
    for (JsonNode statement : policy.path("Statement")) {
      if (sid.equals(statement.path("Sid").asText())) {
        return statement;
      }
    }
    throw new AssertionError("no statement " + sid + " in " + policy);
  }

  private static String decode(String document) {
    return URLDecoder.decode(document, StandardCharsets.UTF_8);
  }
}
