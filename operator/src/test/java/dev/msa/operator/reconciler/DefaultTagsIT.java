package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.testing.AwsInventory;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Default tags (docs/organisations.md) against a real kube-apiserver and moto: the operator's
 * setting and the namespace's annotation land on every taggable resource (queue, dead-letter queue,
 * topic, role, table, rule), a tag removed outside is put back by the resync, the operator's own
 * keys cannot be overridden, and an annotation that cannot be used is a condition with its own
 * reason, with nothing created.
 */
class DefaultTagsIT {
  private static final Duration WAIT = Duration.ofSeconds(45);
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
  void configAndNamespaceTagsLandOnEveryResourceAndArePutBackWhenRemoved() {
    String ns = Namespaces.create(client, "tags");
    annotate(ns, "team=payments,owner=alice");
    try (AdoptionIT.Harness harness =
        new AdoptionIT.Harness(
            client, ns, Map.of(OperatorConfig.DEFAULT_TAGS, "team=platform,cost-center=cc1"))) {
      harness.microservice("tagged", "", "queue: {deadLetter: {}}\n  publishes: [{name: events}]");
      harness.dataStore("tagged", "");
      Microservice ms = harness.awaitReady("tagged");
      Eventually.assertThat(
          WAIT,
          () ->
              assertThat(harness.condition(DataStore.class, "tagged", "TableReady").getStatus())
                  .isEqualTo("True"));
      String uid = ms.getMetadata().getUid();
      String queue = ms.getStatus().getQueue().getUrl();
      String dlq = ms.getStatus().getQueue().getDeadLetterUrl();
      String topic = ms.getStatus().getTopics().get(0).getArn();
      String role = AdoptionIT.CLUSTER + "-" + ns + "-tagged";
      String table = harness.get(DataStore.class, "tagged").getStatus().getTableArn();
      harness.apply(
          EventSubscription.class,
          "kind: EventSubscription\nmetadata: {name: wired}\nspec:\n  subscriber: tagged\n"
              + "  source: {eventBus: {name: default, pattern: {source: [com.acme.tags]}}}");
      String rule =
          Eventually.get(
              WAIT,
              () ->
                  Optional.ofNullable(harness.find(EventSubscription.class, "wired"))
                      .map(EventSubscription::getStatus)
                      .map(s -> s.getRuleArn())
                      .orElse(null));
      Map<String, String> wanted =
          Map.of("team", "payments", "owner", "alice", "cost-center", "cc1");
      for (Map<String, String> tags :
          List.of(queueTags(queue), queueTags(dlq), topicTags(topic), roleTags(role))) {
        assertThat(tags).containsAllEntriesOf(wanted).containsEntry("msa.dev/uid", uid);
      }
      assertThat(ruleTags(rule))
          .containsAllEntriesOf(wanted)
          .containsEntry("msa.dev/kind", "EventSubscription");
      assertThat(tableTags(table))
          .containsAllEntriesOf(wanted)
          .containsEntry(
              "msa.dev/uid", harness.get(DataStore.class, "tagged").getMetadata().getUid());

      sdk.sqs().untagQueue(r -> r.queueUrl(queue).tagKeys("team"));
      sdk.sqs().untagQueue(r -> r.queueUrl(dlq).tagKeys("cost-center"));
      sdk.sns().untagResource(r -> r.resourceArn(topic).tagKeys("owner"));
      sdk.iam().untagRole(r -> r.roleName(role).tagKeys("team"));
      sdk.dynamoDb().untagResource(r -> r.resourceArn(table).tagKeys("team"));
      sdk.eventBridge().untagResource(r -> r.resourceARN(rule).tagKeys("owner"));
      Eventually.assertThat(
          WAIT,
          () -> {
            for (Map<String, String> tags :
                List.of(
                    queueTags(queue),
                    queueTags(dlq),
                    topicTags(topic),
                    roleTags(role),
                    tableTags(table),
                    ruleTags(rule))) {
              assertThat(tags).containsAllEntriesOf(wanted);
            }
          });
      assertThat(harness.events("tagged", "DriftCorrected"))
          .anyMatch(m -> m.contains("SQS queue " + role + " tag team"));
    }
  }

  @Test
  void aNamespaceAnnotationThatCannotBeUsedCreatesNothingUntilFixed() {
    String ns = Namespaces.create(client, "badtags");
    annotate(ns, "team=x,msa.dev/uid=forged");
    String queueName = AdoptionIT.CLUSTER + "-" + ns + "-refused";
    try (AdoptionIT.Harness harness = new AdoptionIT.Harness(client, ns, Map.of())) {
      harness.microservice("refused", "", "queue: {}");
      harness.dataStore("refused", "");
      Eventually.assertThat(
          WAIT,
          () -> {
            for (String type : List.of("QueueReady", "IdentityReady")) {
              Condition condition = harness.condition("refused", type);
              assertThat(condition.getReason()).as(type).isEqualTo("InvalidDefaultTags");
              assertThat(condition.getMessage())
                  .contains("msa.dev/default-tags of namespace " + ns)
                  .contains("'msa.dev/uid' is the operator's own");
            }
            assertThat(harness.condition(DataStore.class, "refused", "TableReady").getReason())
                .isEqualTo("InvalidDefaultTags");
          });
      assertThat(AwsInventory.queueUrls(sdk)).noneMatch(u -> u.endsWith("/" + queueName));
      assertThat(AwsInventory.roles(sdk)).noneMatch(r -> r.roleName().equals(queueName));
      assertThat(harness.calls("CreateQueue") + harness.calls("CreateRole")).isZero();
      assertThat(harness.calls("CreateTable")).isZero();

      annotate(ns, "team=x");
      Microservice ready = harness.awaitReady("refused");
      assertThat(queueTags(ready.getStatus().getQueue().getUrl()))
          .containsEntry("team", "x")
          .containsEntry("msa.dev/uid", ready.getMetadata().getUid());
    }
  }

  private static void annotate(String ns, String tags) {
    client
        .namespaces()
        .withName(ns)
        .edit(
            n -> {
              Map<String, String> annotations =
                  new LinkedHashMap<>(
                      n.getMetadata().getAnnotations() == null
                          ? Map.of()
                          : n.getMetadata().getAnnotations());
              annotations.put("msa.dev/default-tags", tags);
              n.getMetadata().setAnnotations(annotations);
              return n;
            });
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

  private static Map<String, String> ruleTags(String arn) {
    return sdk.eventBridge().listTagsForResource(r -> r.resourceARN(arn)).tags().stream()
        .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
  }

  private static Map<String, String> tableTags(String arn) {
    return sdk.dynamoDb().listTagsOfResource(r -> r.resourceArn(arn)).tags().stream()
        .collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> b));
  }
}
