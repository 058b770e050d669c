package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.PolicyDocuments;
import dev.msa.operator.testing.AwsCallCounts;
import dev.msa.operator.testing.AwsInventory;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The AWS side of a Microservice against a real kube-apiserver and moto: what is created and how it
 * is scoped, updates that touch only what changed, drift, steady-state cost, name conflicts,
 * terminal errors, deletion, and resuming after a crash.
 */
class MicroserviceAwsIT {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final String CLUSTER = "itaws";
  private static KubernetesClient client;
  private static AwsClients sdk;
  private static String eksCluster;
  private static Harness main;

  @BeforeAll
  static void start() {
    client = TestApiServer.get().newClient();
    Crds.install(client);
    sdk = TestMoto.get().clients(new SimpleMeterRegistry());
    eksCluster = "it-" + UUID.randomUUID().toString().substring(0, 8);
    sdk.eks()
        .createCluster(
            c ->
                c.name(eksCluster)
                    .roleArn("arn:aws:iam::123456789012:role/eks")
                    .resourcesVpcConfig(v -> v.subnetIds(List.of())));
    main = new Harness(Namespaces.create(client, "aws"));
  }

  @AfterAll
  static void stop() {
    if (main != null) {
      main.close();
    }
    sdk.close();
    client.close();
  }

  @Test
  void createsQueueDeadLetterTopicAndARoleScopedToThem() {
    String ns = main.namespace;
    main.apply(
        "orders",
        "replicas: 1\n  queue: {visibilityTimeoutSeconds: 30, deadLetter: {maxReceiveCount: 3}}\n"
            + "  publishes: [{name: order-events}]");
    Microservice orders = main.awaitReady("orders");

    String queueName = CLUSTER + "-" + ns + "-orders";
    String queueUrl = orders.getStatus().getQueue().getUrl();
    String queueArn = "arn:aws:sqs:us-east-1:123456789012:" + queueName;
    String dlqArn = queueArn + "-dlq";
    String topicArn = "arn:aws:sns:us-east-1:123456789012:" + queueName + "-order-events";
    String roleArn = "arn:aws:iam::123456789012:role/" + queueName;
    assertThat(queueUrl).endsWith("/" + queueName);
    assertThat(orders.getStatus().getQueue().getArn()).isEqualTo(queueArn);
    assertThat(orders.getStatus().getQueue().getDeadLetterArn()).isEqualTo(dlqArn);
    assertThat(orders.getStatus().getTopics())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getName()).isEqualTo("order-events");
              assertThat(t.getArn()).isEqualTo(topicArn);
            });
    assertThat(orders.getStatus().getRoleArn()).isEqualTo(roleArn);

    Map<String, String> attributes = queueAttributes(queueUrl);
    assertThat(attributes).containsEntry("VisibilityTimeout", "30");
    assertThat(
            PolicyDocuments.parse(attributes.get("RedrivePolicy"))
                .get("deadLetterTargetArn")
                .asText())
        .isEqualTo(dlqArn);
    assertThat(
            PolicyDocuments.parse(attributes.get("RedrivePolicy")).get("maxReceiveCount").asInt())
        .isEqualTo(3);
    String uid = orders.getMetadata().getUid();
    assertThat(sdk.sqs().listQueueTags(r -> r.queueUrl(queueUrl)).tags())
        .containsEntry("msa.dev/uid", uid)
        .containsEntry("msa.dev/cluster", CLUSTER)
        .containsEntry("msa.dev/kind", "Microservice")
        .containsEntry("app.kubernetes.io/managed-by", "msa-operator");
    assertThat(sdk.sns().listTagsForResource(r -> r.resourceArn(topicArn)).tags())
        .anyMatch(t -> t.key().equals("msa.dev/uid") && t.value().equals(uid));
    assertThat(main.calls("TagQueue") + main.calls("TagResource") + main.calls("TagRole"))
        .as("tags are passed at creation, not added afterwards")
        .isZero();

    Role role = sdk.iam().getRole(r -> r.roleName(queueName)).role();
    assertThat(role.tags()).contains(Tag.builder().key("msa.dev/uid").value(uid).build());
    String issuer =
        sdk.eks()
            .describeCluster(r -> r.name(eksCluster))
            .cluster()
            .identity()
            .oidc()
            .issuer()
            .replaceFirst("^https://", "");
    assertThat(PolicyDocuments.parse(decode(role.assumeRolePolicyDocument())))
        .isEqualTo(
            PolicyDocuments.parse(
                PolicyDocuments.irsaTrust(
                    "arn:aws:iam::123456789012:oidc-provider/" + issuer, issuer, ns, "orders")));
    String inline =
        decode(
            sdk.iam()
                .getRolePolicy(r -> r.roleName(queueName).policyName("msa-operator"))
                .policyDocument());
    assertThat(PolicyDocuments.parse(inline))
        .isEqualTo(
            PolicyDocuments.parse(
                """
                {"Version":"2012-10-17","Statement":[
                  {"Sid":"ConsumeOwnQueue","Effect":"Allow",
                   "Action":["sqs:ChangeMessageVisibility","sqs:DeleteMessage","sqs:GetQueueAttributes",
                             "sqs:GetQueueUrl","sqs:ReceiveMessage"],
                   "Resource":["%s","%s"]},
                  {"Sid":"PublishOwnTopics","Effect":"Allow","Action":["sns:Publish"],"Resource":["%s"]}]}
                """
                    .formatted(queueArn, dlqArn, topicArn)));

    assertThat(main.get(ServiceAccount.class, "orders").getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", roleArn);
    assertThat(main.env("orders"))
        .containsEntry("MSA_QUEUE_URL", queueUrl)
        .containsEntry("MSA_QUEUE_ARN", queueArn)
        .containsEntry("MSA_DLQ_URL", orders.getStatus().getQueue().getDeadLetterUrl())
        .containsEntry("MSA_TOPIC_ORDER_EVENTS_ARN", topicArn)
        .containsEntry("AWS_REGION", "us-east-1");
  }

  @Test
  void anUpdateTouchesOnlyWhatChangedAndTheRoleIsUpdatedInPlace() {
    String ns = main.namespace;
    String spec = "replicas: 1\n  queue: {visibilityTimeoutSeconds: %d}\n  publishes: [%s]";
    main.apply("billing", spec.formatted(30, "{name: invoices}"));
    Microservice billing = main.awaitReady("billing");
    String queueUrl = billing.getStatus().getQueue().getUrl();
    String roleName = CLUSTER + "-" + ns + "-billing";
    String roleId = sdk.iam().getRole(r -> r.roleName(roleName)).role().roleId();
    long setAttributes = main.calls("SetQueueAttributes");
    long createRoles = main.calls("CreateRole");

    main.apply("billing", spec.formatted(45, "{name: invoices}"));
    Eventually.assertThat(
        WAIT, () -> assertThat(queueAttributes(queueUrl)).containsEntry("VisibilityTimeout", "45"));
    main.awaitReconciles(Microservice.class, 1);
    assertThat(main.calls("SetQueueAttributes") - setAttributes).isEqualTo(1);

    main.apply("billing", spec.formatted(45, "{name: invoices}, {name: refunds}"));
    String refunds = "arn:aws:sns:us-east-1:123456789012:" + roleName + "-refunds";
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(topicExists(refunds)).isTrue();
          assertThat(inlinePolicy(roleName)).contains(refunds);
          assertThat(main.env("billing")).containsKey("MSA_TOPIC_REFUNDS_ARN");
        });

    main.apply("billing", spec.formatted(45, "{name: refunds}"));
    String invoices = "arn:aws:sns:us-east-1:123456789012:" + roleName + "-invoices";
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(topicExists(invoices)).isFalse();
          assertThat(inlinePolicy(roleName)).doesNotContain(invoices).contains(refunds);
          assertThat(main.env("billing")).doesNotContainKey("MSA_TOPIC_INVOICES_ARN");
        });
    assertThat(main.calls("CreateRole")).isEqualTo(createRoles);
    assertThat(sdk.iam().getRole(r -> r.roleName(roleName)).role().roleId()).isEqualTo(roleId);
  }

  @Test
  void driftIsPutBackOnResyncAndAnnounced() {
    String ns = main.namespace;
    main.apply(
        "drift",
        "replicas: 1\n  queue: {visibilityTimeoutSeconds: 30}\n  publishes: [{name: events}]");
    Microservice drift = main.awaitReady("drift");
    String roleName = CLUSTER + "-" + ns + "-drift";
    String queueUrl = drift.getStatus().getQueue().getUrl();
    String topicArn = drift.getStatus().getTopics().get(0).getArn();
    String trust =
        decode(sdk.iam().getRole(r -> r.roleName(roleName)).role().assumeRolePolicyDocument());

    sdk.sqs()
        .setQueueAttributes(
            r -> r.queueUrl(queueUrl).attributesWithStrings(Map.of("VisibilityTimeout", "99")));
    sdk.iam().deleteRolePolicy(r -> r.roleName(roleName).policyName("msa-operator"));
    sdk.iam()
        .updateAssumeRolePolicy(
            r ->
                r.roleName(roleName)
                    .policyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}"));
    sdk.sns().deleteTopic(r -> r.topicArn(topicArn));

    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(queueAttributes(queueUrl)).containsEntry("VisibilityTimeout", "30");
          assertThat(inlinePolicy(roleName)).contains(topicArn);
          assertThat(
                  PolicyDocuments.same(
                      decode(
                          sdk.iam()
                              .getRole(r -> r.roleName(roleName))
                              .role()
                              .assumeRolePolicyDocument()),
                      trust))
              .isTrue();
          assertThat(topicExists(topicArn)).isTrue();
          assertThat(main.events("drift", "DriftCorrected"))
              .anySatisfy(m -> assertThat(m).contains("VisibilityTimeout"))
              .anySatisfy(m -> assertThat(m).contains("inline policy"))
              .anySatisfy(m -> assertThat(m).contains("trust policy"))
              .anySatisfy(m -> assertThat(m).contains("deleted outside the operator"));
        });
  }

  @Test
  void theSteadyStateWritesNothingAndReadsAtMostSixTimesPerResync() {
    try (Harness steady = new Harness(Namespaces.create(client, "steady"))) {
      steady.apply(
          "calm",
          "replicas: 1\n  queue: {deadLetter: {maxReceiveCount: 5}}\n  publishes: [{name: events}]");
      steady.awaitReady("calm");
      steady.awaitReconciles(Microservice.class, 1);
      Map<String, Long> before = AwsCallCounts.byOperation(steady.registry);
      steady.awaitReconciles(Microservice.class, 4);
      Map<String, Long> delta =
          AwsCallCounts.delta(before, AwsCallCounts.byOperation(steady.registry));

      long reconciles = delta.getOrDefault("GetRole", 0L); // exactly one per reconcile
      assertThat(reconciles).as("resyncs in 9 s: %s", delta).isGreaterThanOrEqualTo(3);
      assertThat(delta.keySet()).as("AWS calls in steady state").allMatch(AwsCallCounts::isRead);
      long reads = delta.values().stream().mapToLong(Long::longValue).sum();
      assertThat((double) reads / reconciles)
          .as("reads per resync: %s", delta)
          .isLessThanOrEqualTo(6);
      System.out.printf(
          "steady state: %d reconciles, %s (%.1f reads each, 0 writes)%n",
          reconciles, delta, (double) reads / reconciles);
    }
  }

  @Test
  void aResourceThatIsNotOursIsReportedAndLeftAlone() {
    String ns = main.namespace;
    String queueName = CLUSTER + "-" + ns + "-taken";
    String foreignUrl =
        sdk.sqs()
            .createQueue(
                r -> r.queueName(queueName).attributesWithStrings(Map.of("VisibilityTimeout", "7")))
            .queueUrl();

    main.apply("taken", "replicas: 1\n  queue: {visibilityTimeoutSeconds: 60}");
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition queue = main.condition("taken", "QueueReady");
          assertThat(queue.getReason()).isEqualTo("NameConflict");
          assertThat(queue.getMessage())
              .contains("SQS queue " + queueName)
              .contains("not created by msa-operator");
          assertThat(main.condition("taken", "Ready").getReason()).isEqualTo("NameConflict");
          assertThat(main.condition("taken", "IdentityReady").getStatus())
              .as("other parts go on")
              .isEqualTo("True");
        });
    assertThat(queueAttributes(foreignUrl)).containsEntry("VisibilityTimeout", "7");
    assertThat(sdk.sqs().listQueueTags(r -> r.queueUrl(foreignUrl)).tags()).isEmpty();

    main.client().resources(Microservice.class).inNamespace(ns).withName("taken").delete();
    main.awaitGone("taken");
    assertThat(sdk.sqs().getQueueUrl(r -> r.queueName(queueName)).queueUrl())
        .as("deletion leaves a queue that is not ours")
        .isEqualTo(foreignUrl);
  }

  /**
   * SQS refuses a queue name for 60 s after its queue was deleted (moto does not: injected here,
   * through the SDK's retry path): the operator keeps retrying and is Ready once SQS takes it.
   */
  @Test
  void aQueueDeletedOutsideIsRecreatedOnceSqsTakesTheNameAgain() {
    main.apply("phoenix", "replicas: 1\n  queue: {}");
    String url = main.awaitReady("phoenix").getStatus().getQueue().getUrl();
    AtomicInteger refused = new AtomicInteger();
    AtomicBoolean recently = new AtomicBoolean(true);
    main.faults.failWhen(
        "CreateQueue",
        request ->
            ((CreateQueueRequest) request).queueName().endsWith("-phoenix")
                && recently.get()
                && refused.incrementAndGet() > 0,
        () ->
            AwsServiceException.builder()
                .statusCode(400)
                .message("You must wait 60 seconds after deleting a queue")
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("AWS.SimpleQueueService.QueueDeletedRecently")
                        .errorMessage(
                            "You must wait 60 seconds after deleting a queue before you can create"
                                + " another with the same name.")
                        .serviceName("SQS")
                        .build())
                .build());
    try {
      sdk.sqs().deleteQueue(r -> r.queueUrl(url));

      Eventually.assertThat(
          WAIT,
          () -> {
            Condition queue = main.condition("phoenix", "QueueReady");
            assertThat(queue.getStatus()).isEqualTo("False");
            assertThat(queue.getReason()).isEqualTo("QueueDeletedRecently");
            assertThat(queue.getMessage()).contains("retrying").doesNotContain("not retried");
          });
      Eventually.assertThat(
          WAIT, () -> assertThat(refused.get()).as("retried, not given up").isGreaterThan(1));
      recently.set(false);
      long takenAgain = System.nanoTime();

      String recreated = main.awaitReady("phoenix").getStatus().getQueue().getUrl();
      System.out.printf(
          "QueueDeletedRecently: %d CreateQueue attempts refused; Ready %.1f s after SQS took the"
              + " name again%n",
          refused.get(), (System.nanoTime() - takenAgain) / 1e9);
      assertThat(sdk.sqs().listQueueTags(r -> r.queueUrl(recreated)).tags())
          .containsEntry("msa.dev/name", "phoenix");
      assertThat(main.events("phoenix", "DriftCorrected")).anyMatch(m -> m.contains("queue"));
    } finally {
      main.faults.clear();
    }
  }

  @Test
  void aTerminalAwsErrorIsShownWithItsCode() {
    main.faults.failWhen(
        "CreateTopic",
        request -> ((CreateTopicRequest) request).name().endsWith("-denied-events"),
        () ->
            AwsServiceException.builder()
                .statusCode(403)
                .message("User is not authorized to perform: SNS:CreateTopic")
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("AuthorizationError")
                        .errorMessage("User is not authorized to perform: SNS:CreateTopic")
                        .serviceName("SNS")
                        .build())
                .build());
    main.apply("denied", "replicas: 1\n  publishes: [{name: events}]");
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition topics = main.condition("denied", "TopicsReady");
          assertThat(topics.getStatus()).isEqualTo("False");
          assertThat(topics.getReason()).isEqualTo("AuthorizationError");
          assertThat(topics.getMessage())
              .contains("denied-events")
              .contains("AuthorizationError")
              .contains("not retried until");
          assertThat(main.condition("denied", "Ready").getReason()).isEqualTo("AuthorizationError");
          Condition stalled = main.condition("denied", "Stalled");
          assertThat(stalled.getStatus()).isEqualTo("True");
          assertThat(stalled.getReason()).isEqualTo("AuthorizationError");
          assertThat(conditionTypes(main.find(Microservice.class, "denied")))
              .doesNotContain("Reconciling");
        });
  }

  @Test
  void deletionLeavesNothingTaggedWithTheObjectsUid() {
    main.apply(
        "gone", "replicas: 1\n  queue: {deadLetter: {}}\n  publishes: [{name: a}, {name: b}]");
    Microservice ready = main.awaitReady("gone");
    String uid = ready.getMetadata().getUid();
    assertThat(taggedWith(uid)).hasSize(5); // queue, DLQ, two topics, role
    // No kubelet here: pods never become available, which is progress, not a terminal failure.
    assertThat(conditionTypes(ready)).contains("Reconciling").doesNotContain("Stalled");

    main.client()
        .resources(Microservice.class)
        .inNamespace(main.namespace)
        .withName("gone")
        .delete();
    main.awaitGone("gone");
    assertThat(taggedWith(uid)).isEmpty();
  }

  @Test
  void aFailedDeletionKeepsTheFinalizerReportsAndRetries() {
    main.apply("sticky", "replicas: 1\n  queue: {}");
    String uid = main.awaitReady("sticky").getMetadata().getUid();
    main.faults.failWhen(
        "DeleteQueue",
        request -> true,
        () ->
            AwsServiceException.builder()
                .statusCode(503)
                .message("Service Unavailable")
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("ServiceUnavailable")
                        .serviceName("SQS")
                        .build())
                .build());
    try {
      main.client()
          .resources(Microservice.class)
          .inNamespace(main.namespace)
          .withName("sticky")
          .delete();
      Eventually.assertThat(
          WAIT,
          () -> {
            Microservice sticky = main.find(Microservice.class, "sticky");
            assertThat(sticky).as("kept by its finalizer").isNotNull();
            assertThat(sticky.getMetadata().getFinalizers()).contains("msa.dev/cleanup");
            Condition ready = main.condition("sticky", "Ready");
            assertThat(ready.getReason()).isEqualTo("DeletionFailed");
            assertThat(ready.getMessage()).contains("ServiceUnavailable");
            Condition reconciling = main.condition("sticky", "Reconciling");
            assertThat(reconciling.getStatus()).as("a retried failure").isEqualTo("True");
            assertThat(reconciling.getReason()).isEqualTo("DeletionFailed");
          });
      assertThat(taggedWith(uid)).isNotEmpty();
    } finally {
      main.faults.clear();
    }
    main.awaitGone("sticky");
    assertThat(taggedWith(uid)).isEmpty();
  }

  @Test
  void aCrashBetweenQueueAndRoleResumesWithoutDuplicates() {
    String ns = Namespaces.create(client, "crash");
    String roleName = CLUSTER + "-" + ns + "-resume";
    Harness first = new Harness(ns);
    first.faults.failWhen(
        "CreateRole",
        request -> true,
        () -> new IllegalStateException("the operator process dies here"));
    first.apply("resume", "replicas: 1\n  queue: {deadLetter: {}}");
    Eventually.assertThat(
        WAIT, () -> assertThat(queueNames(CLUSTER + "-" + ns + "-resume")).hasSize(2));
    assertThat(AwsInventory.roles(sdk)).noneMatch(r -> r.roleName().equals(roleName));
    assertThat(first.find(Deployment.class, "resume")).as("no pod before its role").isNull();
    first.close();

    try (Harness second = new Harness(ns)) {
      Microservice resumed = second.awaitReady("resume");
      assertThat(queueNames(CLUSTER + "-" + ns + "-resume"))
          .containsExactlyInAnyOrder(
              CLUSTER + "-" + ns + "-resume", CLUSTER + "-" + ns + "-resume-dlq");
      assertThat(AwsInventory.roles(sdk)).filteredOn(r -> r.roleName().equals(roleName)).hasSize(1);
      assertThat(resumed.getStatus().getRoleArn()).endsWith(":role/" + roleName);
      assertThat(second.find(Deployment.class, "resume")).isNotNull();
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static List<String> conditionTypes(Microservice microservice) {
    return microservice.getStatus().getConditions().stream().map(Condition::getType).toList();
  }

  private static Map<String, String> queueAttributes(String url) {
    return sdk.sqs()
        .getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
        .attributesAsStrings();
  }

  private static boolean topicExists(String arn) {
    return AwsInventory.topics(sdk).stream().anyMatch(t -> t.topicArn().equals(arn));
  }

  private static String inlinePolicy(String roleName) {
    return sdk.iam()
            .listRolePolicies(r -> r.roleName(roleName))
            .policyNames()
            .contains("msa-operator")
        ? decode(
            sdk.iam()
                .getRolePolicy(r -> r.roleName(roleName).policyName("msa-operator"))
                .policyDocument())
        : "";
  }

  private static List<String> queueNames(String prefix) {
    return sdk.sqs().listQueues(r -> r.queueNamePrefix(prefix)).queueUrls().stream()
        .map(url -> url.substring(url.lastIndexOf('/') + 1))
        .toList();
  }

  private static List<String> taggedWith(String uid) {
    return AwsInventory.taggedWith(sdk, uid);
  }

  private static String decode(String document) {
    return URLDecoder.decode(document, StandardCharsets.UTF_8);
  }

  /** One operator watching one namespace, with its own metrics and fault injection. */
  private static final class Harness extends OperatorHarness {
    Harness(String namespace) {
      super(
          MicroserviceAwsIT.client,
          List.of(namespace),
          Map.of(
              OperatorConfig.CLUSTER_NAME, CLUSTER,
              OperatorConfig.EKS_CLUSTER_NAME, eksCluster),
          List.of());
    }

    void apply(String name, String spec) {
      apply(
          Microservice.class,
          """
          kind: Microservice
          metadata: {name: %s}
          spec:
            image: nginx:1
            %s
          """
              .formatted(name, spec));
    }

    /** Ready once the AWS parts are; kube-api-test has no Deployment controller to wait for. */
    Microservice awaitReady(String name) {
      Eventually.assertThat(
          WAIT,
          () -> {
            for (String type : List.of("IdentityReady", "QueueReady", "TopicsReady")) {
              assertThat(condition(name, type).getStatus())
                  .as(type + ": " + condition(name, type).getMessage())
                  .isEqualTo("True");
            }
            assertThat(find(Deployment.class, name)).isNotNull();
          });
      return find(Microservice.class, name);
    }

    void awaitGone(String name) {
      awaitGone(Microservice.class, name);
    }

    Condition condition(String name, String type) {
      return condition(Microservice.class, namespace, name, type);
    }
  }
}
