package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.ObservedStatus;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.testing.DeploymentController;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * spec.driftPolicy against a real kube-apiserver and moto, drift made out of band with a plain SDK
 * client: a queue's visibility timeout tuned by hand is put back by default, left and reported
 * under Report (an Event once, the Drifted condition while it lasts, Ready untouched), left
 * silently under Ignore while the queue's other fields are still corrected; a spec change of a
 * reported field is applied; a role's inline policy, a table's settings and an SNS subscription's
 * attribute likewise. Resyncs come every 2 s.
 */
class DriftPolicyIT {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final String CLUSTER = "itdrift";
  private static KubernetesClient client;
  private static AwsClients sdk;
  private static OperatorHarness operator;
  private static String ns;

  @BeforeAll
  static void start() {
    client = TestApiServer.get().newClient();
    sdk = TestMoto.get().clients(new SimpleMeterRegistry());
    operator = OperatorHarness.inNewNamespace(client, "drift", CLUSTER, TestMoto.get().endpoint());
    ns = operator.namespace;
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    sdk.close();
    client.close();
  }

  @Test
  void byDefaultAVisibilityTimeoutChangedOutsideIsPutBack() {
    microservice("corrected", "queue: {visibilityTimeoutSeconds: 30}");
    String queueUrl = awaitQueue("corrected");

    setQueueAttribute(queueUrl, "VisibilityTimeout", "120");

    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(queueAttributes(queueUrl)).containsEntry("VisibilityTimeout", "30");
          assertThat(operator.events("corrected", "DriftCorrected"))
              .anySatisfy(m -> assertThat(m).contains("VisibilityTimeout"));
        });
    assertThat(condition(Microservice.class, "corrected", "Drifted")).isEmpty();
  }

  @Test
  void underReportTheFieldIsLeftReportedOnceAndDriftedFollowsIt() {
    String policy = "\n  driftPolicy: [{part: Queue, fields: [VisibilityTimeout], action: Report}]";
    microservice("reported", "queue: {visibilityTimeoutSeconds: 30}" + policy);
    String queueUrl = awaitQueue("reported");
    String queue = CLUSTER + "-" + ns + "-reported";
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(condition(Microservice.class, "reported", "Drifted"))
                .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("NoDrift")));

    setQueueAttribute(queueUrl, "VisibilityTimeout", "120");

    String expected = "SQS queue " + queue + ": VisibilityTimeout is 120 (spec: 30)";
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition drifted = condition(Microservice.class, "reported", "Drifted").orElseThrow();
          assertThat(drifted.getStatus()).isEqualTo("True");
          assertThat(drifted.getReason()).isEqualTo("DriftDetected");
          assertThat(drifted.getMessage()).startsWith(expected);
          assertThat(operator.events("reported", "DriftDetected"))
              .singleElement()
              .satisfies(m -> assertThat(m).startsWith(expected));
        });
    operator.awaitReconciles(Microservice.class, 3);
    assertThat(queueAttributes(queueUrl)).containsEntry("VisibilityTimeout", "120");
    assertThat(events("reported", "DriftDetected"))
        .as("the same drift at every resync: one Event, never bumped")
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
    assertThat(operator.events("reported", "DriftCorrected")).isEmpty();
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(condition(Microservice.class, "reported", "Ready").orElseThrow().getStatus())
                .as("reported drift is no failure")
                .isEqualTo("True"));

    setQueueAttribute(queueUrl, "VisibilityTimeout", "30");
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(condition(Microservice.class, "reported", "Drifted"))
                .hasValueSatisfying(
                    c -> {
                      assertThat(c.getStatus()).isEqualTo("False");
                      assertThat(c.getReason()).isEqualTo("NoDrift");
                    }));

    setQueueAttribute(queueUrl, "VisibilityTimeout", "120");
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(
                    condition(Microservice.class, "reported", "Drifted").orElseThrow().getStatus())
                .isEqualTo("True"));
    microservice("reported", "queue: {visibilityTimeoutSeconds: 45}" + policy);
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(queueAttributes(queueUrl))
              .as("a change of the spec is applied, also to a reported field")
              .containsEntry("VisibilityTimeout", "45");
          assertThat(condition(Microservice.class, "reported", "Drifted").orElseThrow().getStatus())
              .isEqualTo("False");
        });
  }

  @Test
  void underIgnoreTheFieldIsLeftSilentlyAndTheQueuesOtherFieldsAreCorrected() {
    microservice(
        "ignored",
        "queue: {visibilityTimeoutSeconds: 30}\n"
            + "  driftPolicy: [{part: Queue, fields: [VisibilityTimeout], action: Ignore}]");
    String queueUrl = awaitQueue("ignored");

    setQueueAttribute(queueUrl, "VisibilityTimeout", "120");
    setQueueAttribute(queueUrl, "MessageRetentionPeriod", "60");

    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(queueAttributes(queueUrl)).containsEntry("MessageRetentionPeriod", "345600");
          assertThat(operator.events("ignored", "DriftCorrected"))
              .anySatisfy(m -> assertThat(m).contains("MessageRetentionPeriod"));
        });
    operator.awaitReconciles(Microservice.class, 3);
    assertThat(queueAttributes(queueUrl)).containsEntry("VisibilityTimeout", "120");
    assertThat(operator.events("ignored", "DriftCorrected"))
        .noneSatisfy(m -> assertThat(m).contains("VisibilityTimeout"));
    assertThat(operator.events("ignored", "DriftDetected")).isEmpty();
    assertThat(condition(Microservice.class, "ignored", "Drifted")).isEmpty();
  }

  @Test
  void aReportedInlinePolicyIsLeftAndSummarisedNotShown() {
    microservice("policy", "queue: {}\n  driftPolicy: [{part: InlinePolicy, action: Report}]");
    awaitQueue("policy");
    String role = CLUSTER + "-" + ns + "-policy";
    String queueArn = "arn:aws:sqs:" + TestMoto.REGION + ":" + TestMoto.ACCOUNT_ID + ":" + role;
    String widened =
        """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"ConsumeOwnQueue","Effect":"Allow","Action":["sqs:ReceiveMessage"],"Resource":"%s"},
          {"Sid":"OnCall","Effect":"Allow","Action":["sqs:SendMessage"],"Resource":"%s"}]}
        """
            .formatted(queueArn, queueArn);

    sdk.iam()
        .putRolePolicy(r -> r.roleName(role).policyName("msa-operator").policyDocument(widened));

    Eventually.assertThat(
        WAIT,
        () -> {
          Condition drifted = condition(Microservice.class, "policy", "Drifted").orElseThrow();
          assertThat(drifted.getStatus()).isEqualTo("True");
          assertThat(drifted.getMessage())
              .startsWith(
                  "IAM role "
                      + role
                      + ": Document is 2 statements ConsumeOwnQueue, OnCall (sha256 ")
              .contains("(spec: 1 statement ConsumeOwnQueue (sha256 ")
              .doesNotContain("sqs:SendMessage");
          assertThat(operator.events("policy", "DriftDetected")).hasSize(1);
        });
    operator.awaitReconciles(Microservice.class, 3);
    assertThat(inlinePolicy(role)).contains("OnCall");
  }

  @Test
  void aTableReportsOneSettingIgnoresAnotherAndCorrectsTheRest() {
    operator.apply(
        DataStore.class,
        """
        kind: DataStore
        metadata: {name: orders}
        spec:
          dynamoDB:
            partitionKey: {name: id, type: S}
            pointInTimeRecovery: true
          driftPolicy:
            - {part: Table, fields: [PointInTimeRecovery], action: Report}
            - {part: Table, fields: [Billing], action: Ignore}
        """);
    String table = CLUSTER + "-" + ns + "-orders";
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(condition(DataStore.class, "orders", "Ready").orElseThrow().getStatus())
                .isEqualTo("True"));

    sdk.dynamoDb()
        .updateContinuousBackups(
            r ->
                r.tableName(table)
                    .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(false)));
    sdk.dynamoDb()
        .updateTable(
            r ->
                r.tableName(table)
                    .billingMode(BillingMode.PROVISIONED)
                    .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L)));
    sdk.dynamoDb().updateTable(r -> r.tableName(table).deletionProtectionEnabled(false));

    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(sdk.dynamoDb().describeTable(r -> r.tableName(table)).table())
              .satisfies(t -> assertThat(t.deletionProtectionEnabled()).isTrue());
          Condition drifted = condition(DataStore.class, "orders", "Drifted").orElseThrow();
          assertThat(drifted.getMessage())
              .startsWith(
                  "DynamoDB table "
                      + table
                      + " point-in-time recovery: PointInTimeRecovery is off (spec: on)")
              .doesNotContain("Billing");
        });
    operator.awaitReconciles(DataStore.class, 3);
    assertThat(pointInTimeRecovery(table)).isFalse();
    assertThat(
            sdk.dynamoDb()
                .describeTable(r -> r.tableName(table))
                .table()
                .billingModeSummary()
                .billingMode())
        .isEqualTo(BillingMode.PROVISIONED);
    assertThat(condition(DataStore.class, "orders", "Ready").orElseThrow().getStatus())
        .isEqualTo("True");
    assertThat(String.join("\n", operator.events("orders", "DriftCorrected")))
        .contains("deletion protection on")
        .doesNotContain("billing")
        .doesNotContain("point-in-time");
  }

  @Test
  void aSubscriptionReportsADeliveryAttributeChangedOutside() {
    microservice("publisher", "publishes: [{name: events}]");
    microservice("subscriber", "queue: {}");
    awaitQueue("subscriber");
    operator.apply(
        EventSubscription.class,
        """
        kind: EventSubscription
        metadata: {name: raw}
        spec:
          subscriber: subscriber
          source: {topic: {microservice: publisher, name: events}}
          rawMessageDelivery: true
          driftPolicy: [{part: Subscription, action: Report}]
        """);
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(
                    operator.get(EventSubscription.class, "raw").getStatus().getSubscriptionArn())
                .isNotNull());
    String arn = operator.get(EventSubscription.class, "raw").getStatus().getSubscriptionArn();

    sdk.sns()
        .setSubscriptionAttributes(
            r ->
                r.subscriptionArn(arn).attributeName("RawMessageDelivery").attributeValue("false"));

    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(
                    condition(EventSubscription.class, "raw", "Drifted").orElseThrow().getMessage())
                .startsWith(
                    "SNS subscription " + arn + ": RawMessageDelivery is false (spec: true)"));
    operator.awaitReconciles(EventSubscription.class, 3);
    assertThat(
            sdk.sns()
                .getSubscriptionAttributes(r -> r.subscriptionArn(arn))
                .attributes()
                .get("RawMessageDelivery"))
        .isEqualTo("false");
    assertThat(operator.events("raw", "DriftDetected")).hasSize(1);
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static void microservice(String name, String spec) {
    operator.apply(
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

  /**
   * The queue's URL once the AWS parts are ready; the Deployment is marked available, as
   * kube-controller-manager would (none runs here).
   */
  private static String awaitQueue(String name) {
    Eventually.assertThat(
        WAIT,
        () -> {
          for (String type : List.of("QueueReady", "IdentityReady", "TopicsReady")) {
            assertThat(condition(Microservice.class, name, type))
                .as(type)
                .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
          }
          assertThat(operator.find(Deployment.class, name)).isNotNull();
        });
    DeploymentController.markAvailable(client, ns, name);
    return Optional.ofNullable(operator.get(Microservice.class, name).getStatus().getQueue())
        .map(q -> q.getUrl())
        .orElse(null);
  }

  private static <T extends CustomResource<?, ? extends ObservedStatus>>
      Optional<Condition> condition(Class<T> type, String name, String conditionType) {
    T object = operator.get(type, name);
    if (object.getStatus() == null) {
      return Optional.empty();
    }
    return object.getStatus().getConditions().stream()
        .filter(c -> conditionType.equals(c.getType()))
        .findFirst();
  }

  private static List<Event> events(String name, String reason) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
        .toList();
  }

  private static void setQueueAttribute(String url, String name, String value) {
    sdk.sqs().setQueueAttributes(r -> r.queueUrl(url).attributesWithStrings(Map.of(name, value)));
  }

  private static Map<String, String> queueAttributes(String url) {
    return sdk.sqs()
        .getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
        .attributesAsStrings();
  }

  private static String inlinePolicy(String role) {
    return URLDecoder.decode(
        sdk.iam().getRolePolicy(r -> r.roleName(role).policyName("msa-operator")).policyDocument(),
        StandardCharsets.UTF_8);
  }

  private static boolean pointInTimeRecovery(String table) {
    return sdk.dynamoDb()
            .describeContinuousBackups(r -> r.tableName(table))
            .continuousBackupsDescription()
            .pointInTimeRecoveryDescription()
            .pointInTimeRecoveryStatus()
        == PointInTimeRecoveryStatus.ENABLED;
  }
}
