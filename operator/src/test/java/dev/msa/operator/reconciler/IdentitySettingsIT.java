package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.AwsTags;
import dev.msa.operator.model.PolicyDocuments;
import dev.msa.operator.testing.AwsInventory;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.PodIdentityStub;
import dev.msa.operator.testing.RecordingAwsProxy;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * The identity settings of the operator's configuration, through the reconciler against a real
 * kube-apiserver and moto: EKS Pod Identity (EKS on a recording stub through {@code
 * AWS_ENDPOINT_URL_EKS}, IAM on moto), the permissions boundary, the managed-policy allow-list, and
 * the watched namespaces.
 */
class IdentitySettingsIT {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final String CLUSTER = "itid";
  private static final String ACCOUNT = TestMoto.ACCOUNT_ID;
  private static KubernetesClient client;
  private static AwsClients sdk;

  @BeforeAll
  static void start() {
    client = TestApiServer.get().newClient();
    Crds.install(client);
    sdk = TestMoto.get().clients(new SimpleMeterRegistry());
  }

  @AfterAll
  static void stop() {
    sdk.close();
    client.close();
  }

  @Test
  void podIdentityTrustsEksPodsAndKeepsTheAssociationOnTheRoleUntilTheServiceGoes() {
    String eksCluster = "it-" + UUID.randomUUID().toString().substring(0, 8);
    try (PodIdentityStub eks = new PodIdentityStub(eksCluster);
        Harness harness =
            new Harness(
                Namespaces.create(client, "podid"),
                Map.of(
                    OperatorConfig.IDENTITY_MODE,
                    "pod-identity",
                    OperatorConfig.EKS_CLUSTER_NAME,
                    eksCluster,
                    OperatorConfig.DEFAULT_TAGS,
                    "team=platform",
                    "AWS_ENDPOINT_URL_EKS",
                    eks.endpoint().toString()))) {
      String ns = harness.namespace;
      String roleName = CLUSTER + "-" + ns + "-orders";
      String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/" + roleName;
      harness.apply("orders", "queue: {}");

      harness.awaitIdentityReady("orders");
      Role role = sdk.iam().getRole(r -> r.roleName(roleName)).role();
      assertThat(PolicyDocuments.parse(decode(role.assumeRolePolicyDocument())))
          .isEqualTo(PolicyDocuments.parse(PolicyDocuments.podIdentityTrust(ACCOUNT)));
      Eventually.assertThat(
          WAIT,
          () ->
              assertThat(eks.find(ns, "orders"))
                  .hasValueSatisfying(a -> assertThat(a.roleArn()).isEqualTo(roleArn)));
      assertThat(eks.creates()).isEqualTo(1);
      String uid = harness.get(Microservice.class, "orders").getMetadata().getUid();
      assertThat(eks.find(ns, "orders").orElseThrow().tags())
          .containsEntry(AwsTags.CLUSTER, CLUSTER)
          .containsEntry(AwsTags.UID, uid)
          .containsEntry("team", "platform");
      assertThat(eks.tagCalls()).as("tagged by its create").isZero();
      assertThat(harness.get(ServiceAccount.class, "orders").getMetadata().getAnnotations())
          .as("no IRSA annotation in pod-identity mode")
          .doesNotContainKey(MicroserviceIdentity.ROLE_ARN_ANNOTATION);

      // someone points the association at another role: the next resync points it back
      String id = eks.find(ns, "orders").orElseThrow().id();
      eks.repoint(id, "arn:aws:iam::" + ACCOUNT + ":role/someone-else");
      Eventually.assertThat(
          WAIT,
          () ->
              assertThat(eks.find(ns, "orders"))
                  .hasValueSatisfying(a -> assertThat(a.roleArn()).isEqualTo(roleArn)));
      assertThat(eks.updates()).isEqualTo(1);
      assertThat(eks.creates()).isEqualTo(1);

      // someone removes a default tag: the next resync puts it back with one TagResource
      eks.untag(id, "team");
      Eventually.assertThat(
          WAIT,
          () ->
              assertThat(eks.find(ns, "orders"))
                  .hasValueSatisfying(a -> assertThat(a.tags()).containsEntry("team", "platform")));
      assertThat(eks.tagCalls()).isEqualTo(1);

      harness.delete(Microservice.class, "orders");
      harness.awaitGone(Microservice.class, "orders");
      assertThat(eks.find(ns, "orders")).isEmpty();
      assertThat(eks.deletes()).isEqualTo(1);
      assertThat(AwsInventory.roles(sdk)).noneMatch(r -> r.roleName().equals(roleName));
    }
  }

  @Test
  void aBoundaryFromConfigIsAttachedAndRestoredAndOnlyAllowListedPoliciesAreAttached() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String boundary = createPolicy("it-boundary-" + suffix);
    String reads = createPolicy("it-reads-" + suffix);
    String writes = createPolicy("it-writes-" + suffix);
    String refused = createPolicy("it-refused-" + suffix);
    try (Harness harness =
        new Harness(
            Namespaces.create(client, "iamcfg"),
            Map.of(
                OperatorConfig.PERMISSIONS_BOUNDARY_ARN,
                boundary,
                OperatorConfig.ALLOWED_MANAGED_POLICY_ARNS,
                reads + "," + writes))) {
      String roleName = CLUSTER + "-" + harness.namespace + "-billing";
      harness.apply("billing", "iam: {managedPolicyArns: ['%s', '%s']}".formatted(reads, refused));

      Eventually.assertThat(
          WAIT,
          () -> {
            Condition identity = harness.condition("billing", "IdentityReady");
            assertThat(identity.getReason()).isEqualTo("ManagedPolicyNotAllowed");
            assertThat(identity.getStatus()).isEqualTo("False");
            assertThat(identity.getMessage()).contains(refused).doesNotContain(reads);
          });
      assertThat(boundaryOf(roleName)).isEqualTo(boundary);
      assertThat(attached(roleName)).containsExactly(reads);

      sdk.iam().deleteRolePermissionsBoundary(r -> r.roleName(roleName));
      Eventually.assertThat(WAIT, () -> assertThat(boundaryOf(roleName)).isEqualTo(boundary));

      harness.apply("billing", "iam: {managedPolicyArns: ['%s']}".formatted(writes));
      Eventually.assertThat(WAIT, () -> assertThat(attached(roleName)).containsExactly(writes));
      harness.awaitIdentityReady("billing");
      assertThat(attached(roleName)).doesNotContain(refused);
    }
  }

  @Test
  void anObjectInAnUnwatchedNamespaceGetsNoStatusAndNoAwsCall() {
    String watched = Namespaces.create(client, "watched");
    String unwatched = Namespaces.create(client, "unwatched");
    List<String> requests = new CopyOnWriteArrayList<>();
    try (RecordingAwsProxy proxy = new RecordingAwsProxy(TestMoto.get().endpoint());
        Harness harness =
            new Harness(
                watched,
                Map.of(),
                List.of(new RequestTexts(requests)),
                proxy.endpoint("operator"))) {
      harness.apply(Microservice.class, unwatched, microservice("ghost", "queue: {}"));
      harness.apply("seen", "queue: {}");

      harness.awaitIdentityReady("seen");
      harness.awaitReconciles(Microservice.class, 3);

      Microservice ghost = harness.get(Microservice.class, unwatched, "ghost");
      assertThat(ghost.getStatus()).as("status of %s/ghost", unwatched).isNull();
      assertThat(ghost.getMetadata().getFinalizers()).isEmpty();
      assertThat(proxy.calls())
          .as("the watched namespace's calls, so that the check below can fail")
          .anyMatch(c -> c.subject().contains(watched));
      assertThat(proxy.calls()).noneMatch(c -> c.subject().contains(unwatched));
      assertThat(requests).isNotEmpty().noneMatch(r -> r.contains(unwatched));
      assertThat(AwsInventory.queueUrls(sdk)).noneMatch(url -> url.contains(unwatched));
      assertThat(AwsInventory.roles(sdk)).noneMatch(r -> r.roleName().contains(unwatched));
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static String createPolicy(String name) {
    return sdk.iam()
        .createPolicy(
            r ->
                r.policyName(name)
                    .policyDocument(
                        """
                        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                         "Action": "sqs:GetQueueUrl", "Resource": "arn:aws:sqs:*:%s:itid-*"}]}
                        """
                            .formatted(ACCOUNT)))
        .policy()
        .arn();
  }

  private static String boundaryOf(String roleName) {
    Role role = sdk.iam().getRole(r -> r.roleName(roleName)).role();
    return role.permissionsBoundary() == null
        ? null
        : role.permissionsBoundary().permissionsBoundaryArn();
  }

  private static List<String> attached(String roleName) {
    return sdk.iam().listAttachedRolePolicies(r -> r.roleName(roleName)).attachedPolicies().stream()
        .map(AttachedPolicy::policyArn)
        .toList();
  }

  private static String decode(String document) {
    return URLDecoder.decode(document, StandardCharsets.UTF_8);
  }

  private static String microservice(String name, String spec) {
    return """
        kind: Microservice
        metadata: {name: %s}
        spec:
          image: nginx:1
          %s
        """
        .formatted(name, spec);
  }

  /** Every request the operator's AWS clients send, as the SDK prints it (all its fields). */
  private record RequestTexts(List<String> texts) implements ExecutionInterceptor {
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      texts.add(context.request().toString());
    }
  }

  /** One operator watching one namespace, with an IRSA provider and the settings under test. */
  private static final class Harness extends OperatorHarness {
    Harness(String namespace, Map<String, String> settings) {
      this(namespace, settings, List.of(), TestMoto.get().endpoint());
    }

    Harness(
        String namespace,
        Map<String, String> settings,
        List<ExecutionInterceptor> interceptors,
        URI aws) {
      super(
          IdentitySettingsIT.client, List.of(namespace), withDefaults(settings), interceptors, aws);
    }

    private static Map<String, String> withDefaults(Map<String, String> settings) {
      Map<String, String> all = new HashMap<>();
      all.put(OperatorConfig.CLUSTER_NAME, CLUSTER);
      all.put(
          OperatorConfig.OIDC_PROVIDER_ARN,
          "arn:aws:iam::" + ACCOUNT + ":oidc-provider/oidc.example.com/id/" + CLUSTER);
      all.putAll(settings);
      return all;
    }

    void apply(String name, String spec) {
      apply(Microservice.class, microservice(name, spec));
    }

    void awaitIdentityReady(String name) {
      Eventually.assertThat(
          WAIT,
          () -> {
            Condition identity = condition(name, "IdentityReady");
            assertThat(identity.getStatus()).as(identity.getMessage()).isEqualTo("True");
          });
    }

    Condition condition(String name, String type) {
      return condition(Microservice.class, namespace, name, type);
    }
  }
}
