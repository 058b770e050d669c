package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.msa.operator.api.DataStoreAccess;
import dev.msa.operator.api.DeadLetter;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.MicroserviceSpec;
import dev.msa.operator.api.MicroserviceStatus;
import dev.msa.operator.api.PublishedTopic;
import dev.msa.operator.api.QueueSpec;
import dev.msa.operator.aws.AwsException;
import dev.msa.operator.aws.AwsFailure;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.AttributeChanges;
import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.AwsTags;
import dev.msa.operator.model.ObservedRole;
import dev.msa.operator.model.QueueAttributes;
import dev.msa.operator.model.TableGrant;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Microservice's AWS steps against in-memory adapters: what a first reconcile creates, what a
 * steady one reads, how a failing part reports and keeps the last known values, and deletion.
 */
class MicroserviceAwsTest {
  private final InMemoryAws aws = new InMemoryAws();
  private final MicroserviceAws steps =
      new MicroserviceAws(
          OperatorConfig.from(
              Map.of(OperatorConfig.CLUSTER_NAME, "prod", OperatorConfig.REGION, "eu-west-1")),
          aws.adapters());

  @Test
  void aFirstReconcileCreatesEveryPartWithItsTagsAndAnnouncesThem() {
    Microservice orders = orders();

    AwsOutcome outcome = steps.reconcile(orders, List.of());

    assertThat(outcome.conditions).allMatch(Conditions::isTrue);
    assertThat(outcome.changes)
        .extracting(Change::describe)
        .containsExactly(
            "dead-letter queue prod-shop-orders-dlq",
            "SQS queue prod-shop-orders",
            "SNS topic prod-shop-orders-events",
            "IAM role prod-shop-orders");
    assertThat(aws.queues.tags.get("prod-shop-orders")).isEqualTo(AwsTags.of("prod", orders));
    assertThat(aws.inlinePolicies.objects.get("prod-shop-orders"))
        .contains("sqs:ReceiveMessage")
        .contains("sns:Publish");
    assertThat(aws.calls)
        .as("a new role is created first, not looked up")
        .doesNotContain("read IAM role prod-shop-orders", "read IAM role prod-shop-orders");
    assertThat(outcome.env)
        .containsKeys("MSA_QUEUE_URL", "MSA_QUEUE_ARN", "MSA_DLQ_URL", "MSA_TOPIC_EVENTS_ARN");
    assertThat(outcome.serviceAccountAnnotations)
        .containsEntry(
            MicroserviceIdentity.ROLE_ARN_ANNOTATION,
            "arn:aws:iam::123456789012:role/prod-shop-orders");
  }

  @Test
  void aSteadyReconcileReadsEachPartOnceAndWritesNothing() {
    Microservice orders = orders();
    record(orders, steps.reconcile(orders, List.of()));
    aws.calls.clear();

    AwsOutcome outcome = steps.reconcile(orders, List.of());

    assertThat(outcome.changes).isEmpty();
    assertThat(aws.calls)
        .containsExactly(
            "read dead-letter queue prod-shop-orders-dlq",
            "read SQS queue prod-shop-orders",
            "read SNS topic prod-shop-orders-events",
            "read IAM role prod-shop-orders",
            "read IAM role prod-shop-orders");
  }

  @Test
  void aTransientFailureNamesThePartAndKeepsTheLastKnownValues() {
    Microservice orders = orders();
    record(orders, steps.reconcile(orders, List.of()));
    aws.topics.failWith(() -> throttled("sns", "GetTopicAttributes"));

    AwsOutcome outcome = steps.reconcile(orders, List.of());

    Condition topics = condition(outcome, MicroserviceAws.TOPICS_READY);
    assertThat(topics.getStatus()).isEqualTo("False");
    assertThat(topics.getReason()).isEqualTo("Throttling");
    assertThat(topics.getMessage()).startsWith("SNS topic prod-shop-orders-events: ");
    assertThat(outcome.retrySoon).isTrue();
    assertThat(outcome.env).containsKey("MSA_TOPIC_EVENTS_ARN");
    assertThat(condition(outcome, MicroserviceAws.QUEUE_READY).getStatus()).isEqualTo("True");
    assertThat(condition(outcome, MicroserviceIdentity.IDENTITY_READY).getStatus())
        .isEqualTo("True");
  }

  @Test
  void driftIsPutBackAsAChangeOfThePart() {
    Microservice orders = orders();
    record(orders, steps.reconcile(orders, List.of()));
    aws.topics.objects.clear();
    aws.queues.objects.computeIfPresent(
        "prod-shop-orders",
        (name, q) ->
            aws.queues.apply(
                q, new AttributeChanges(Map.of(QueueAttributes.VISIBILITY_TIMEOUT, "99"))));

    AwsOutcome outcome = steps.reconcile(orders, List.of());

    assertThat(outcome.changes)
        .extracting(Change::describe)
        .containsExactly(
            "SQS queue prod-shop-orders VisibilityTimeout",
            "SNS topic prod-shop-orders-events (deleted outside the operator)");
    assertThat(outcome.changes).allMatch(Change::isCorrection);
  }

  @Test
  void aPlanOfANewServiceOnlyReadsAndListsEveryCreationThatApplyingMakes() {
    Microservice orders = orders();

    AwsOutcome plan = steps.plan(orders, List.of());

    assertThat(aws.calls).isNotEmpty().allMatch(c -> c.startsWith("read "));
    assertThat(plan.changes)
        .extracting(Change::kind, Change::describe)
        .containsExactly(
            tuple(Change.Kind.CREATED, "dead-letter queue prod-shop-orders-dlq"),
            tuple(Change.Kind.CREATED, "SQS queue prod-shop-orders"),
            tuple(Change.Kind.CREATED, "SNS topic prod-shop-orders-events"),
            tuple(Change.Kind.CREATED, "IAM role prod-shop-orders"),
            tuple(Change.Kind.CREATED, "IAM role prod-shop-orders"));
    assertThat(plan.changes.get(4).part()).isEqualTo(AwsPart.IAM_INLINE_POLICY);
    assertThat(plan.changes.get(4).statements().added())
        .satisfiesExactly(
            queue -> assertThat(queue).startsWith("ConsumeOwnQueue: Allow sqs:{"),
            topic -> assertThat(topic).startsWith("PublishOwnTopics: Allow sns:Publish on "));
    assertThat(plan.env).containsEntry("MSA_QUEUE_URL", Plans.KNOWN_AFTER_APPLY);
    assertThat(plan.rolePlanned).isTrue();
    assertThat(plan.roleExists).isFalse();
    assertThat(plan.serviceAccountAnnotations)
        .containsEntry(
            MicroserviceIdentity.ROLE_ARN_ANNOTATION,
            "arn:aws:iam::123456789012:role/prod-shop-orders");

    AwsOutcome applied = steps.reconcile(orders, List.of());

    assertThat(applied.changes)
        .as("the same creations; the role's first policy is part of its creation")
        .extracting(Change::describe)
        .containsExactlyElementsOf(
            plan.changes.subList(0, 4).stream().map(Change::describe).toList());
    assertThat(aws.inlinePolicies.objects).containsKey("prod-shop-orders");
  }

  @Test
  void aPlanOfANewTableGrantShowsTheStatementItAddsAndChangesNothing() {
    Microservice orders = orders();
    record(orders, steps.reconcile(orders, List.of()));
    aws.calls.clear();
    TableGrant table =
        new TableGrant(
            "arn:aws:dynamodb:eu-west-1:123456789012:table/prod-shop-orders",
            Optional.empty(),
            DataStoreAccess.ReadWrite);

    AwsOutcome plan = steps.plan(orders, List.of(table));

    assertThat(aws.calls).allMatch(c -> c.startsWith("read "));
    assertThat(plan.changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.part()).isEqualTo(AwsPart.IAM_INLINE_POLICY);
              assertThat(c.kind()).isEqualTo(Change.Kind.UPDATED);
              assertThat(c.statements().removed()).isEmpty();
              assertThat(c.statements().added())
                  .singleElement()
                  .asString()
                  .startsWith("ReadWriteBoundTables: Allow dynamodb:{BatchGetItem,")
                  .endsWith("table/prod-shop-orders/index/*");
            });
    assertThat(aws.inlinePolicies.objects.get("prod-shop-orders")).doesNotContain("dynamodb");
  }

  @Test
  void deletionRemovesWhatIsOursInReverseOrderAndLeavesAForeignRole() {
    Microservice orders = orders();
    record(orders, steps.reconcile(orders, List.of()));
    aws.calls.clear();

    List<Change> deleted = steps.delete(orders);

    assertThat(deleted)
        .extracting(Change::describe)
        .containsExactly(
            "SNS topic prod-shop-orders-events",
            "SQS queue prod-shop-orders",
            "dead-letter queue prod-shop-orders-dlq",
            "IAM role prod-shop-orders");
    assertThat(aws.count("tags")).as("recorded in status: known to be ours").isZero();

    Microservice stranger = orders();
    stranger.getMetadata().setUid("uid-2");
    aws.roles.existing(
        "prod-shop-orders",
        new ObservedRole("prod-shop-orders", "arn:r", "{}", Optional.empty(), Map.of()),
        Map.of("team", "x"));
    assertThat(steps.delete(stranger)).isEmpty();
    assertThat(aws.roles.objects).containsKey("prod-shop-orders");
  }

  private static Microservice orders() {
    Microservice ms = new Microservice();
    ms.setMetadata(
        new ObjectMetaBuilder()
            .withName("orders")
            .withNamespace("shop")
            .withUid("uid-1")
            .withGeneration(1L)
            .build());
    MicroserviceSpec spec = new MicroserviceSpec();
    spec.setImage("orders:1");
    QueueSpec queue = new QueueSpec();
    queue.setDeadLetter(new DeadLetter());
    spec.setQueue(queue);
    PublishedTopic topic = new PublishedTopic();
    topic.setName("events");
    spec.setPublishes(List.of(topic));
    ms.setSpec(spec);
    return ms;
  }

  /** What the reconciler writes to status from an outcome, as the next reconcile reads it. */
  private static void record(Microservice ms, AwsOutcome outcome) {
    MicroserviceStatus status = new MicroserviceStatus();
    status.setObservedGeneration(1L);
    status.setQueue(outcome.queue.orElse(null));
    status.setTopics(outcome.topics);
    status.setRoleArn(outcome.roleArn.orElse(null));
    ms.setStatus(status);
  }

  private static Condition condition(AwsOutcome outcome, String type) {
    return outcome.conditions.stream().filter(c -> type.equals(c.getType())).findFirst().get();
  }

  private static AwsException throttled(String service, String operation) {
    return new AwsException(
        new AwsFailure(service, operation, "Throttling", "Rate exceeded", false), null);
  }
}
