package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.ObservedStatus;
import dev.msa.operator.api.Plan;
import dev.msa.operator.api.PlanAction;
import dev.msa.operator.api.PlannedChange;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.testing.AwsCallCounts;
import dev.msa.operator.testing.DeploymentController;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * {@code msa.dev/plan-only: "true"} against a real kube-apiserver and moto (docs/plan.md): the
 * operator shows in status.plan and a Planned Event what applying the spec would change — a new
 * Microservice's queues, topic, role, inline policy and children; an edit's policy statement and
 * variables; a DataStore's table; an EventSubscription's queue-policy statement and subscription —
 * and sends no AWS write and applies no child; removing the annotation applies that plan. A
 * deletion is held the same way. AWS writes are counted by the operator's own meters.
 */
class PlanOnlyIT {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final String CLUSTER = "itplan";
  private static final String PLAN_ONLY = "\n  annotations: {msa.dev/plan-only: \"true\"}";
  private static KubernetesClient client;
  private static AwsClients sdk;
  private static OperatorHarness operator;
  private static String ns;

  @BeforeAll
  static void start() {
    client = TestApiServer.get().newClient();
    sdk = TestMoto.get().clients(new SimpleMeterRegistry());
    operator = OperatorHarness.inNewNamespace(client, "plan", CLUSTER, TestMoto.get().endpoint());
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
  void aNewMicroserviceIsPlannedNotMadeAndRemovingTheAnnotationMakesThePlan() {
    String spec =
        "port: 8080\n  queue: {deadLetter: {maxReceiveCount: 3}}\n  publishes: [{name: events}]";
    String name = aws("fresh");
    Map<String, Long> before = awsWrites();

    microservice("fresh", PLAN_ONLY, spec);

    Plan plan = awaitPlan(Microservice.class, "fresh", 1L);
    System.out.println("status.plan of a new Microservice:\n" + Serialization.asYaml(plan));
    assertThat(plan.getChanges())
        .extracting(PlannedChange::getAction, PlannedChange::getResource)
        .containsExactly(
            tuple(PlanAction.Create, "dead-letter queue " + name + "-dlq"),
            tuple(PlanAction.Create, "SQS queue " + name),
            tuple(PlanAction.Create, "SNS topic " + name + "-events"),
            tuple(PlanAction.Create, "IAM role " + name),
            tuple(PlanAction.Create, "IAM role " + name + " inline policy msa-operator"),
            tuple(PlanAction.Create, "ServiceAccount fresh"),
            tuple(PlanAction.Create, "Deployment fresh"),
            tuple(PlanAction.Create, "Service fresh"));
    assertThat(change(plan, "SQS queue " + name).getFields())
        .contains("VisibilityTimeout: 30", "MessageRetentionPeriod: 345600")
        .anySatisfy(f -> assertThat(f).startsWith("RedrivePolicy: {\"deadLetterTargetArn\""));
    assertThat(change(plan, "IAM role " + name).getStatementsAdded())
        .singleElement()
        .asString()
        .contains("sts:AssumeRoleWithWebIdentity", "system:serviceaccount:" + ns + ":fresh");
    assertThat(
            change(plan, "IAM role " + name + " inline policy msa-operator").getStatementsAdded())
        .satisfiesExactly(
            queue ->
                assertThat(queue)
                    .startsWith("ConsumeOwnQueue: Allow sqs:{")
                    .contains(arn("sqs", name), arn("sqs", name + "-dlq")),
            topic ->
                assertThat(topic)
                    .isEqualTo(
                        "PublishOwnTopics: Allow sns:Publish on " + arn("sns", name + "-events")));
    assertThat(change(plan, "ServiceAccount fresh").getFields())
        .containsExactly(
            "metadata.annotations[eks.amazonaws.com/role-arn]: "
                + "arn:aws:iam::"
                + TestMoto.ACCOUNT_ID
                + ":role/"
                + name);
    assertThat(change(plan, "Deployment fresh").getFields())
        .contains(
            "spec.template.spec.containers[fresh].env[MSA_QUEUE_URL].value: (known after apply)");
    Condition ready = condition(Microservice.class, "fresh", "Ready");
    assertThat(ready.getReason()).isEqualTo("PlanOnly");
    assertThat(ready.getMessage())
        .isEqualTo(
            "plan-only: 8 changes planned for generation 1 (status.plan); remove the"
                + " msa.dev/plan-only annotation to apply them");
    assertThat(condition(Microservice.class, "fresh", "Stalled").getReason()).isEqualTo("PlanOnly");
    assertThat(operator.events("fresh", "Planned"))
        .singleElement()
        .asString()
        .startsWith("plan for generation 1, 8 changes: Create dead-letter queue " + name + "-dlq,");

    // A plan-only object at rest: resyncs read, and write nothing anywhere.
    String resourceVersion =
        operator.get(Microservice.class, "fresh").getMetadata().getResourceVersion();
    operator.awaitReconciles(Microservice.class, 3);
    assertThat(AwsCallCounts.delta(before, awsWrites())).as("AWS writes while planned").isEmpty();
    assertThat(operator.get(Microservice.class, "fresh").getMetadata().getResourceVersion())
        .as("no status write while the plan is the same")
        .isEqualTo(resourceVersion);
    assertThat(events("fresh", "Planned"))
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
    assertThatThrownBy(() -> sdk.sqs().getQueueUrl(r -> r.queueName(name)))
        .isInstanceOf(QueueDoesNotExistException.class);
    assertThatThrownBy(() -> sdk.iam().getRole(r -> r.roleName(name)))
        .isInstanceOf(NoSuchEntityException.class);
    assertThat(sdk.sns().listTopics().topics())
        .noneMatch(t -> t.topicArn().endsWith(name + "-events"));
    assertThat(operator.find(Deployment.class, "fresh")).isNull();
    assertThat(operator.find(ServiceAccount.class, "fresh")).isNull();
    assertThat(operator.find(io.fabric8.kubernetes.api.model.Service.class, "fresh")).isNull();

    microservice("fresh", "", spec);

    awaitParts("fresh");
    DeploymentController.markAvailable(client, ns, "fresh");
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(condition(Microservice.class, "fresh", "Ready").getStatus()).isEqualTo("True");
          assertThat(operator.get(Microservice.class, "fresh").getStatus().getPlan()).isNull();
        });
    assertThat(operator.events("fresh", "Created"))
        .as("the AWS creations applied are the ones planned (the first policy is the role's)")
        .contains(
            "created dead-letter queue "
                + name
                + "-dlq, SQS queue "
                + name
                + ", SNS topic "
                + name
                + "-events, IAM role "
                + name);
    assertThat(operator.events("fresh", "ApplyingPlan"))
        .containsExactly("msa.dev/plan-only removed: applying the plan for generation 1");
    assertThat(inlinePolicy(name)).contains("ConsumeOwnQueue", "PublishOwnTopics");
    assertThat(operator.find(ServiceAccount.class, "fresh")).isNotNull();
    assertThat(operator.find(io.fabric8.kubernetes.api.model.Service.class, "fresh")).isNotNull();
  }

  @Test
  void anEditAddingADataStoreIsPlannedAsAStatementAndTwoVariablesAndAppliedOnlyAfter() {
    operator.apply(
        DataStore.class,
        """
        kind: DataStore
        metadata: {name: ledger}
        spec:
          dynamoDB: {partitionKey: {name: id, type: S}}
        """);
    awaitReady(DataStore.class, "ledger");
    String table = aws("ledger");
    String tableArn =
        "arn:aws:dynamodb:" + TestMoto.REGION + ":" + TestMoto.ACCOUNT_ID + ":table/" + table;
    microservice("editor", "", "queue: {}");
    awaitParts("editor");
    DeploymentController.markAvailable(client, ns, "editor");
    awaitReady(Microservice.class, "editor");
    String role = aws("editor");
    long deploymentGeneration =
        operator.get(Deployment.class, "editor").getMetadata().getGeneration();
    Map<String, Long> before = awsWrites();

    microservice("editor", PLAN_ONLY, "queue: {}\n  dataStores: [{name: ledger}]");

    Plan plan = awaitPlan(Microservice.class, "editor", 2L);
    System.out.println(
        "status.plan of an edit under plan-only:\n"
            + Serialization.asYaml(operator.get(Microservice.class, "editor").getStatus()));
    assertThat(plan.getChanges())
        .extracting(PlannedChange::getAction, PlannedChange::getResource)
        .containsExactly(
            tuple(PlanAction.Update, "IAM role " + role + " inline policy msa-operator"),
            tuple(PlanAction.Update, "Deployment editor"));
    PlannedChange policy = plan.getChanges().get(0);
    assertThat(policy.getStatementsAdded())
        .containsExactly(
            "ReadWriteBoundTables: Allow dynamodb:{BatchGetItem,BatchWriteItem,ConditionCheckItem,"
                + "DeleteItem,DescribeTable,GetItem,PutItem,Query,Scan,UpdateItem} on "
                + tableArn
                + ", "
                + tableArn
                + "/index/*");
    assertThat(policy.getStatementsRemoved()).isEmpty();
    assertThat(policy.getFields())
        .singleElement()
        .asString()
        .startsWith("Document: 1 statement ConsumeOwnQueue (sha256 ")
        .contains(" → 2 statements ConsumeOwnQueue, ReadWriteBoundTables (sha256 ");
    assertThat(plan.getChanges().get(1).getFields())
        .containsExactlyInAnyOrder(
            "spec.template.spec.containers[editor].env[MSA_DATASTORE_LEDGER_TABLE].value: " + table,
            "spec.template.spec.containers[editor].env[MSA_DATASTORE_LEDGER_ARN].value: "
                + tableArn);
    operator.awaitReconciles(Microservice.class, 3);
    assertThat(AwsCallCounts.delta(before, awsWrites())).as("AWS writes while planned").isEmpty();
    assertThat(inlinePolicy(role)).doesNotContain("dynamodb");
    assertThat(operator.env("editor")).doesNotContainKey("MSA_DATASTORE_LEDGER_TABLE");
    assertThat(operator.get(Deployment.class, "editor").getMetadata().getGeneration())
        .isEqualTo(deploymentGeneration);

    microservice("editor", "", "queue: {}\n  dataStores: [{name: ledger}]");

    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(inlinePolicy(role)).contains("ReadWriteBoundTables", tableArn);
          assertThat(operator.env("editor"))
              .containsEntry("MSA_DATASTORE_LEDGER_TABLE", table)
              .containsEntry("MSA_DATASTORE_LEDGER_ARN", tableArn);
        });
    assertThat(operator.events("editor", "Updated"))
        .anySatisfy(m -> assertThat(m).contains("IAM role " + role))
        .anySatisfy(m -> assertThat(m).isEqualTo("Deployment editor updated"));
    assertThat(operator.events("editor", "DriftCorrected"))
        .as("a planned change is no drift")
        .isEmpty();
  }

  @Test
  void aDataStoresTableAndAnEventSubscriptionsStatementAndSubscriptionArePlanned() {
    microservice("publisher", "", "publishes: [{name: orders}, {name: refunds}]");
    microservice("inbox", "", "queue: {}");
    awaitParts("publisher");
    awaitParts("inbox");
    String queueUrl = operator.get(Microservice.class, "inbox").getStatus().getQueue().getUrl();
    String topicArn = arn("sns", aws("publisher") + "-orders");
    String siblingTopicArn = arn("sns", aws("publisher") + "-refunds");
    // A sibling applied to the same queue rewrites its policy at every resync, as the union of
    // the queue's subscriptions: a planned one must not get in through it.
    operator.apply(
        EventSubscription.class,
        """
        kind: EventSubscription
        metadata: {name: inbox-refunds}
        spec:
          subscriber: inbox
          source: {topic: {microservice: publisher, name: refunds}}
        """);
    awaitReady(EventSubscription.class, "inbox-refunds");
    String table = aws("planned");
    Map<String, Long> before = awsWrites();

    operator.apply(
        DataStore.class,
        """
        kind: DataStore
        metadata:
          name: planned%s
        spec:
          dynamoDB:
            partitionKey: {name: id, type: S}
            timeToLiveAttribute: expiresAt
        """
            .formatted(PLAN_ONLY));
    operator.apply(
        EventSubscription.class,
        """
        kind: EventSubscription
        metadata:
          name: inbox-orders%s
        spec:
          subscriber: inbox
          source: {topic: {microservice: publisher, name: orders}}
          filterPolicy: {eventType: [OrderCreated]}
          rawMessageDelivery: true
        """
            .formatted(PLAN_ONLY));

    Plan tablePlan = awaitPlan(DataStore.class, "planned", 1L);
    assertThat(tablePlan.getChanges())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getAction()).isEqualTo(PlanAction.Create);
              assertThat(c.getResource()).isEqualTo("DynamoDB table " + table);
              assertThat(c.getFields())
                  .containsExactly(
                      "PartitionKey: id (S)",
                      "Billing: PAY_PER_REQUEST",
                      "TimeToLive: on expiresAt",
                      "PointInTimeRecovery: off",
                      "DeletionProtection: on");
            });
    Plan subscriptionPlan = awaitPlan(EventSubscription.class, "inbox-orders", 1L);
    assertThat(subscriptionPlan.getChanges())
        .extracting(PlannedChange::getAction, PlannedChange::getResource)
        .containsExactly(
            tuple(PlanAction.Update, "queue policy of " + aws("inbox")),
            tuple(
                PlanAction.Create,
                "SNS subscription of queue " + aws("inbox") + " to " + topicArn));
    assertThat(subscriptionPlan.getChanges().get(0).getStatementsRemoved()).isEmpty();
    assertThat(subscriptionPlan.getChanges().get(0).getStatementsAdded())
        .singleElement()
        .asString()
        .matches("SnsTopic[0-9a-f]{16}: Allow for sns.amazonaws.com sqs:SendMessage on .*")
        .endsWith("if ArnEquals aws:SourceArn=" + topicArn);
    assertThat(subscriptionPlan.getChanges().get(1).getFields())
        .contains("RawMessageDelivery: true", "FilterPolicyScope: MessageAttributes");
    operator.awaitReconciles(EventSubscription.class, 3);
    assertThat(AwsCallCounts.delta(before, awsWrites())).as("AWS writes while planned").isEmpty();
    assertThatThrownBy(() -> sdk.dynamoDb().describeTable(r -> r.tableName(table)))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(sdk.sns().listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions())
        .isEmpty();
    assertThat(queueAttributes(queueUrl).get("Policy"))
        .contains(siblingTopicArn)
        .doesNotContain(topicArn);

    operator.apply(
        DataStore.class,
        """
        kind: DataStore
        metadata: {name: planned}
        spec:
          dynamoDB:
            partitionKey: {name: id, type: S}
            timeToLiveAttribute: expiresAt
        """);
    operator.apply(
        EventSubscription.class,
        """
        kind: EventSubscription
        metadata: {name: inbox-orders}
        spec:
          subscriber: inbox
          source: {topic: {microservice: publisher, name: orders}}
          filterPolicy: {eventType: [OrderCreated]}
          rawMessageDelivery: true
        """);

    awaitReady(DataStore.class, "planned");
    awaitReady(EventSubscription.class, "inbox-orders");
    assertThat(sdk.dynamoDb().describeTable(r -> r.tableName(table)).table().tableName())
        .isEqualTo(table);
    assertThat(sdk.sns().listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions())
        .hasSize(1);
    assertThat(queueAttributes(queueUrl).get("Policy")).contains(topicArn, siblingTopicArn);

    // An edit of the table: an index and point-in-time recovery, each with both values.
    Map<String, Long> beforeEdit = awsWrites();
    operator.apply(
        DataStore.class,
        """
        kind: DataStore
        metadata:
          name: planned%s
        spec:
          dynamoDB:
            partitionKey: {name: id, type: S}
            timeToLiveAttribute: expiresAt
            globalSecondaryIndexes: [{name: by-customer, partitionKey: {name: customerId, type: S}}]
            pointInTimeRecovery: true
        """
            .formatted(PLAN_ONLY));
    Plan edit = awaitPlan(DataStore.class, "planned", 2L);
    assertThat(edit.getChanges())
        .extracting(PlannedChange::getAction, PlannedChange::getResource, PlannedChange::getFields)
        .containsExactly(
            tuple(
                PlanAction.Update,
                "DynamoDB table " + table,
                List.of("Indexes: none → by-customer (customerId (S), ALL)")),
            tuple(
                PlanAction.Update,
                "DynamoDB table " + table,
                List.of("PointInTimeRecovery: off → on")));
    operator.awaitReconciles(DataStore.class, 3);
    assertThat(AwsCallCounts.delta(beforeEdit, awsWrites()))
        .as("AWS writes while planned")
        .isEmpty();
    assertThat(
            sdk.dynamoDb().describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes())
        .isEmpty();
  }

  @Test
  void aDeletionUnderPlanOnlyIsHeldAndShownUntilTheAnnotationGoes() {
    microservice("doomed", "", "queue: {}");
    awaitParts("doomed");
    String name = aws("doomed");
    String queueUrl = operator.get(Microservice.class, "doomed").getStatus().getQueue().getUrl();
    microservice("doomed", PLAN_ONLY, "queue: {}");
    Plan nothing = awaitPlan(Microservice.class, "doomed", 1L);
    assertThat(nothing.getChanges())
        .as("annotated, the spec unchanged: nothing to apply")
        .isEmpty();

    operator.delete(Microservice.class, "doomed");

    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(condition(Microservice.class, "doomed", "Ready").getMessage())
                .startsWith("plan-only: ")
                .contains("planned for the deletion")
                .endsWith("annotation to delete"));
    Plan deletion = operator.get(Microservice.class, "doomed").getStatus().getPlan();
    assertThat(deletion.getChanges())
        .extracting(PlannedChange::getAction, PlannedChange::getResource)
        .contains(
            tuple(PlanAction.Delete, "SQS queue " + name),
            tuple(PlanAction.Delete, "IAM role " + name),
            tuple(PlanAction.Delete, "Deployment doomed"));
    operator.awaitReconciles(Microservice.class, 2);
    assertThat(operator.find(Microservice.class, "doomed")).as("held").isNotNull();
    assertThat(queueAttributes(queueUrl)).isNotEmpty();

    client
        .resources(Microservice.class)
        .inNamespace(ns)
        .withName("doomed")
        .edit(
            m -> {
              m.getMetadata().getAnnotations().remove("msa.dev/plan-only");
              return m;
            });

    operator.awaitGone(Microservice.class, "doomed");
    assertThatThrownBy(() -> sdk.sqs().getQueueUrl(r -> r.queueName(name)))
        .isInstanceOf(QueueDoesNotExistException.class);
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static void microservice(String name, String metadata, String spec) {
    operator.apply(
        Microservice.class,
        """
        kind: Microservice
        metadata:
          name: %s%s
        spec:
          image: nginx:1
          %s
        """
            .formatted(name, metadata, spec));
  }

  /** The AWS name of an object: the cluster, the namespace and its name. */
  private static String aws(String name) {
    return CLUSTER + "-" + ns + "-" + name;
  }

  private static String arn(String service, String name) {
    return "arn:aws:" + service + ":" + TestMoto.REGION + ":" + TestMoto.ACCOUNT_ID + ":" + name;
  }

  /** The operator's AWS calls so far that change something, by operation. */
  private static Map<String, Long> awsWrites() {
    Map<String, Long> writes = new TreeMap<>();
    AwsCallCounts.byOperation(operator.registry)
        .forEach(
            (operation, count) -> {
              if (!AwsCallCounts.isRead(operation)) {
                writes.put(operation, count);
              }
            });
    return writes;
  }

  private static <T extends CustomResource<?, ? extends ObservedStatus>> Plan awaitPlan(
      Class<T> type, String name, long generation) {
    Eventually.assertThat(
        WAIT,
        () -> {
          ObservedStatus status = operator.get(type, name).getStatus();
          assertThat(status).isNotNull();
          assertThat(status.getPlan()).isNotNull();
          assertThat(status.getPlan().getGeneration()).isEqualTo(generation);
        });
    return operator.get(type, name).getStatus().getPlan();
  }

  private static PlannedChange change(Plan plan, String resource) {
    return plan.getChanges().stream()
        .filter(c -> c.getResource().equals(resource))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no planned change of " + resource));
  }

  /** The AWS parts ready and the Deployment there, as kube-controller-manager would see it. */
  private static void awaitParts(String name) {
    Eventually.assertThat(
        WAIT,
        () -> {
          for (String type : List.of("QueueReady", "IdentityReady", "TopicsReady")) {
            assertThat(condition(Microservice.class, name, type).getStatus())
                .as(type)
                .isEqualTo("True");
          }
          assertThat(operator.find(Deployment.class, name)).isNotNull();
        });
  }

  private static <T extends CustomResource<?, ? extends ObservedStatus>> void awaitReady(
      Class<T> type, String name) {
    Eventually.assertThat(
        WAIT, () -> assertThat(condition(type, name, "Ready").getStatus()).isEqualTo("True"));
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static <T extends CustomResource<?, ? extends ObservedStatus>> Condition condition(
      Class<T> type, String name, String conditionType) {
    return operator.condition((Class) type, ns, name, conditionType);
  }

  private static List<io.fabric8.kubernetes.api.model.Event> events(String name, String reason) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
        .toList();
  }

  private static String inlinePolicy(String role) {
    return URLDecoder.decode(
        sdk.iam().getRolePolicy(r -> r.roleName(role).policyName("msa-operator")).policyDocument(),
        StandardCharsets.UTF_8);
  }

  private static Map<String, String> queueAttributes(String url) {
    return Optional.of(
            sdk.sqs()
                .getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                .attributesAsStrings())
        .orElseThrow();
  }
}
