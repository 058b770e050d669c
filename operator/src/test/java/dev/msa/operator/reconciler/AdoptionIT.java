package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Adoption (docs/organisations.md) against a real kube-apiserver and moto: a restored object (a new
 * uid) takes over its resources with {@code msa.dev/adopt: "true"} and creates nothing; foreign or
 * untagged resources stay a NameConflict unless {@code "force"}, which a table whose keys differ
 * refuses.
 */
class AdoptionIT {
  private static final Duration WAIT = Duration.ofSeconds(45);
  static final String CLUSTER = "itadopt";
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

  /**
   * A restore: the object is gone from the cluster (its finalizer stripped, as a lost cluster
   * leaves it) while its queue, dead-letter queue, topic and role stay tagged with its uid; the
   * object re-created under the same name has a new uid.
   */
  @Test
  void aRestoredMicroserviceAdoptsItsResourcesWithTrueAndCreatesNothing() {
    String ns = Namespaces.create(client, "restore");
    String spec = "queue: {deadLetter: {}}\n  publishes: [{name: events}]";
    String oldUid;
    String ruleArn;
    try (Harness before = new Harness(ns)) {
      before.microservice("orders", "", spec);
      oldUid = before.awaitReady("orders").getMetadata().getUid();
      before.subscription("wired", "");
      ruleArn = before.awaitRule("wired");
    }
    lose(EventSubscription.class, ns, "wired");
    lose(Microservice.class, ns, "orders");

    String prefix = CLUSTER + "-" + ns + "-orders";
    try (Harness after = new Harness(ns)) {
      after.microservice("orders", "", spec);
      after.subscription("wired", "");
      Eventually.assertThat(
          WAIT,
          () -> {
            Condition queue = after.condition("orders", "QueueReady");
            assertThat(queue.getReason()).isEqualTo("NameConflict");
            assertThat(queue.getMessage()).contains("uid " + oldUid).contains("msa.dev/adopt");
            assertThat(after.condition("orders", "IdentityReady").getReason())
                .isEqualTo("NameConflict");
          });
      Map<String, Long> createsBefore = creates(after);

      after.microservice("orders", "msa.dev/adopt: \"true\"", spec);
      Microservice adopted = after.awaitReady("orders");
      String newUid = adopted.getMetadata().getUid();
      assertThat(newUid).isNotEqualTo(oldUid);

      String queueUrl = adopted.getStatus().getQueue().getUrl();
      String dlqUrl = adopted.getStatus().getQueue().getDeadLetterUrl();
      String topicArn = adopted.getStatus().getTopics().get(0).getArn();
      assertThat(queueTags(queueUrl)).containsEntry("msa.dev/uid", newUid);
      assertThat(queueTags(dlqUrl)).containsEntry("msa.dev/uid", newUid);
      assertThat(topicTags(topicArn)).containsEntry("msa.dev/uid", newUid);
      assertThat(roleTags(prefix)).containsEntry("msa.dev/uid", newUid);
      assertThat(creates(after)).as("no create call once adopting").isEqualTo(createsBefore);
      assertThat(after.calls("CreateQueue") + after.calls("CreateTopic")).isZero();

      Eventually.assertThat(
          WAIT,
          () -> {
            Condition ready = after.condition(EventSubscription.class, ns, "wired", "Ready");
            assertThat(ready.getReason()).isEqualTo("NameConflict");
            assertThat(ready.getMessage()).contains("EventBridge rule");
          });
      after.subscription("wired", "msa.dev/adopt: \"true\"");
      Eventually.assertThat(
          WAIT,
          () ->
              assertThat(ruleTags(ruleArn))
                  .containsEntry(
                      "msa.dev/uid",
                      after.get(EventSubscription.class, "wired").getMetadata().getUid()));
      assertThat(after.get(EventSubscription.class, "wired").getMetadata().getUid())
          .isNotEqualTo(oldUid);
      assertThat(after.events("wired", "Adopted"))
          .anyMatch(
              m ->
                  m.startsWith(
                      "EventBridge rule " + CLUSTER + "-" + ns + "-wired on bus default adopted"));

      List<String> adoptedEvents = after.events("orders", "Adopted");
      assertThat(adoptedEvents)
          .anyMatch(m -> m.startsWith("SQS queue " + prefix + " adopted"))
          .anyMatch(m -> m.startsWith("dead-letter queue " + prefix + "-dlq adopted"))
          .anyMatch(m -> m.startsWith("SNS topic " + prefix + "-events adopted"))
          .anyMatch(m -> m.startsWith("IAM role " + prefix + " adopted"))
          .allMatch(m -> m.contains("uid " + oldUid));
      System.out.printf(
          "restore: %d Adopted events, creates before/after adoption %s / %s%n",
          adoptedEvents.size(), createsBefore, creates(after));
    }
  }

  @Test
  void retainKeepsQueueDeadLetterQueueAndTopicForTheNextObjectOfTheNameToAdopt() {
    String ns = Namespaces.create(client, "retain");
    String spec =
        "deletionPolicy: Retain\n  queue: {deadLetter: {}}\n  publishes: [{name: events}]";
    String prefix = CLUSTER + "-" + ns + "-keep";
    try (Harness harness = new Harness(ns)) {
      harness.microservice("keep", "", spec);
      Microservice first = harness.awaitReady("keep");
      String queueUrl = first.getStatus().getQueue().getUrl();
      String dlqUrl = first.getStatus().getQueue().getDeadLetterUrl();
      String topicArn = first.getStatus().getTopics().get(0).getArn();
      sdk.sqs().sendMessage(r -> r.queueUrl(queueUrl).messageBody("kept"));

      harness.delete(Microservice.class, "keep");
      harness.awaitGone(Microservice.class, "keep");
      for (Map<String, String> tags :
          List.of(queueTags(queueUrl), queueTags(dlqUrl), topicTags(topicArn))) {
        assertThat(tags)
            .doesNotContainKey("msa.dev/uid")
            .containsEntry("msa.dev/name", "keep")
            .containsEntry("msa.dev/kind", "Microservice");
      }
      assertThat(harness.calls("DeleteQueue") + harness.calls("DeleteTopic")).isZero();
      assertThat(harness.calls("DeleteRole")).as("the role goes either way").isEqualTo(1);
      assertThat(harness.events("keep", "Retained"))
          .singleElement()
          .asString()
          .contains("SQS queue " + prefix + " (kept")
          .contains("dead-letter queue " + prefix + "-dlq (kept")
          .contains("SNS topic " + prefix + "-events (kept");
      long createsBefore = harness.calls("CreateQueue") + harness.calls("CreateTopic");

      harness.microservice("keep", "msa.dev/adopt: \"true\"", spec);
      Microservice second = harness.awaitReady("keep");
      assertThat(second.getStatus().getQueue().getUrl()).isEqualTo(queueUrl);
      assertThat(queueTags(queueUrl)).containsEntry("msa.dev/uid", second.getMetadata().getUid());
      assertThat(queueTags(dlqUrl)).containsEntry("msa.dev/uid", second.getMetadata().getUid());
      assertThat(topicTags(topicArn)).containsEntry("msa.dev/uid", second.getMetadata().getUid());
      assertThat(harness.calls("CreateQueue") + harness.calls("CreateTopic"))
          .isEqualTo(createsBefore);
      assertThat(sdk.sqs().receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages())
          .as("the messages stayed")
          .extracting(m -> m.body())
          .containsExactly("kept");
    }
  }

  @Test
  void aQueueWithNoTagsStaysANameConflictWithTrueAndForceTakesIt() {
    String ns = Namespaces.create(client, "force");
    String queueName = CLUSTER + "-" + ns + "-grab";
    String url =
        sdk.sqs()
            .createQueue(r -> r.queueName(queueName).tags(Map.of("team", "legacy")))
            .queueUrl();
    try (Harness harness = new Harness(ns)) {
      harness.microservice("grab", "msa.dev/adopt: \"true\"", "queue: {}");
      Eventually.assertThat(
          WAIT,
          () ->
              assertThat(harness.condition("grab", "QueueReady").getMessage())
                  .contains("not created by msa-operator"));
      harness.awaitReconciles(Microservice.class, 1);
      assertThat(queueTags(url)).isEqualTo(Map.of("team", "legacy"));

      harness.microservice("grab", "msa.dev/adopt: force", "queue: {}");
      Microservice taken = harness.awaitReady("grab");
      assertThat(taken.getStatus().getQueue().getUrl()).isEqualTo(url);
      assertThat(queueTags(url))
          .containsEntry("msa.dev/uid", taken.getMetadata().getUid())
          .containsEntry("team", "legacy");
      assertThat(harness.events("grab", "Adopted"))
          .containsExactly(
              "SQS queue "
                  + queueName
                  + " adopted: msa.dev/adopt: force; it was not created by msa-operator (no"
                  + " msa.dev/uid tag)");
      assertThat(harness.calls("CreateQueue")).isZero();
    }
  }

  @Test
  void forceTakesATableWithTheSpecsKeysAndRefusesOneWithOthers() {
    String ns = Namespaces.create(client, "tables");
    String other = CLUSTER + "-" + ns + "-other";
    String same = CLUSTER + "-" + ns + "-same";
    createTable(other, "pk");
    createTable(same, "id");
    try (Harness harness = new Harness(ns)) {
      harness.dataStore("other", "msa.dev/adopt: force");
      harness.dataStore("same", "msa.dev/adopt: \"true\"");
      Eventually.assertThat(
          WAIT,
          () -> {
            Condition refused = harness.condition(DataStore.class, "other", "TableReady");
            assertThat(refused.getReason()).isEqualTo("NameConflict");
            assertThat(refused.getMessage())
                .contains("msa.dev/adopt: force is refused")
                .contains("pk");
            assertThat(harness.condition(DataStore.class, "same", "TableReady").getReason())
                .isEqualTo("NameConflict");
          });
      assertThat(tableTags(other)).doesNotContainKey("msa.dev/uid");
      assertThat(tableTags(same)).doesNotContainKey("msa.dev/uid");

      harness.dataStore("same", "msa.dev/adopt: force");
      Eventually.assertThat(
          WAIT,
          () ->
              assertThat(harness.condition(DataStore.class, "same", "TableReady").getStatus())
                  .isEqualTo("True"));
      assertThat(tableTags(same))
          .containsEntry(
              "msa.dev/uid", harness.get(DataStore.class, "same").getMetadata().getUid());
      assertThat(harness.events("same", "Adopted")).hasSize(1);
      assertThat(harness.calls("CreateTable")).isZero();
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** Gone from the cluster as a lost cluster leaves it: no finalizer, no cleanup. */
  private static <T extends HasMetadata> void lose(Class<T> type, String ns, String name) {
    T lost = client.resources(type).inNamespace(ns).withName(name).get();
    lost.getMetadata().setFinalizers(List.of());
    client.resource(lost).update();
    client.resources(type).inNamespace(ns).withName(name).delete();
    Eventually.assertThat(
        WAIT,
        () -> assertThat(client.resources(type).inNamespace(ns).withName(name).get()).isNull());
  }

  private static Map<String, String> ruleTags(String arn) {
    return sdk.eventBridge().listTagsForResource(r -> r.resourceARN(arn)).tags().stream()
        .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
  }

  private static Map<String, Long> creates(OperatorHarness harness) {
    return Map.of(
        "CreateQueue", harness.calls("CreateQueue"),
        "CreateTopic", harness.calls("CreateTopic"),
        "CreateRole", harness.calls("CreateRole"));
  }

  private static Map<String, String> queueTags(String url) {
    return sdk.sqs().listQueueTags(r -> r.queueUrl(url)).tags();
  }

  private static Map<String, String> topicTags(String arn) {
    return sdk.sns().listTagsForResource(r -> r.resourceArn(arn)).tags().stream()
        .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
  }

  private static Map<String, String> roleTags(String roleName) {
    return sdk.iam().listRoleTags(r -> r.roleName(roleName)).tags().stream()
        .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
  }

  private static Map<String, String> tableTags(String tableName) {
    String arn = sdk.dynamoDb().describeTable(r -> r.tableName(tableName)).table().tableArn();
    return sdk.dynamoDb().listTagsOfResource(r -> r.resourceArn(arn)).tags().stream()
        .collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> b));
  }

  private static void createTable(String name, String key) {
    sdk.dynamoDb()
        .createTable(
            r ->
                r.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                        a -> a.attributeName(key).attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName(key).keyType(KeyType.HASH)));
  }

  /** One operator watching one namespace, IRSA. */
  static final class Harness extends OperatorHarness {
    Harness(String namespace) {
      this(AdoptionIT.client, namespace, Map.of());
    }

    Harness(KubernetesClient client, String namespace, Map<String, String> settings) {
      super(client, List.of(namespace), withDefaults(settings), List.of());
    }

    private static Map<String, String> withDefaults(Map<String, String> settings) {
      Map<String, String> all = new java.util.HashMap<>(settings);
      all.put(OperatorConfig.CLUSTER_NAME, CLUSTER);
      all.put(
          OperatorConfig.OIDC_PROVIDER_ARN,
          "arn:aws:iam::123456789012:oidc-provider/oidc.example.com/id/" + CLUSTER);
      return all;
    }

    void microservice(String name, String annotations, String spec) {
      apply(
          Microservice.class,
          """
          kind: Microservice
          metadata:
            name: %s
            annotations: {%s}
          spec:
            image: nginx:1
            replicas: 1
            %s
          """
              .formatted(name, annotations, spec));
    }

    void subscription(String name, String annotations) {
      apply(
          EventSubscription.class,
          """
          kind: EventSubscription
          metadata:
            name: %s
            annotations: {%s}
          spec:
            subscriber: orders
            source: {eventBus: {name: default, pattern: {source: [com.acme.restore]}}}
          """
              .formatted(name, annotations));
    }

    String awaitRule(String name) {
      return Eventually.get(
          WAIT,
          () ->
              Optional.ofNullable(find(EventSubscription.class, name))
                  .map(EventSubscription::getStatus)
                  .map(s -> s.getRuleArn())
                  .orElse(null));
    }

    void dataStore(String name, String annotations) {
      apply(
          DataStore.class,
          """
          kind: DataStore
          metadata:
            name: %s
            annotations: {%s}
          spec:
            dynamoDB:
              partitionKey: {name: id, type: S}
          """
              .formatted(name, annotations));
    }

    Microservice awaitReady(String name) {
      Eventually.assertThat(
          WAIT,
          () -> {
            for (String type : List.of("IdentityReady", "QueueReady", "TopicsReady")) {
              assertThat(condition(name, type).getStatus())
                  .as(type + ": " + condition(name, type).getMessage())
                  .isEqualTo("True");
            }
          });
      return get(Microservice.class, name);
    }

    Condition condition(String name, String type) {
      return condition(Microservice.class, namespace, name, type);
    }

    Condition condition(Class<DataStore> type, String name, String conditionType) {
      return condition(type, namespace, name, conditionType);
    }
  }
}
