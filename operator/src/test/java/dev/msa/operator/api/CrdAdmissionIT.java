package dev.msa.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.RepoPaths;
import dev.msa.operator.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated CRDs on a real kube-apiserver: they are accepted, the samples are valid, and every
 * rule of the schema refuses bad input at admission with its own message.
 */
class CrdAdmissionIT {
  private static KubernetesClient client;
  private static String namespace;

  @BeforeAll
  static void installCrds() throws IOException {
    client = TestApiServer.get().newClient();
    System.out.println("kube-apiserver " + client.getKubernetesVersion().getGitVersion());
    assertThat(client.getKubernetesVersion().getGitVersion())
        .isEqualTo(RepoPaths.pinnedVersion("K8S_VERSION"));
    Crds.install(client);
    namespace = "admission-" + UUID.randomUUID().toString().substring(0, 8);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  @AfterAll
  static void close() {
    if (client != null) {
      client.namespaces().withName(namespace).delete();
      client.close();
    }
  }

  /** Through kubectl, whose YAML 1.1 parser is what users' files meet (a bare N is false). */
  @Test
  void everySampleIsAcceptedByKubectl() throws Exception {
    String output = kubectl("create", "-n", namespace, "-f", RepoPaths.samples().toString());
    try (Stream<Path> files = Files.list(RepoPaths.samples())) {
      long samples = files.filter(p -> p.toString().endsWith(".yaml")).count();
      assertThat(samples).isPositive();
      assertThat(output.lines().filter(l -> l.endsWith(" created"))).hasSize((int) samples);
    }
  }

  @Test
  void schemaDefaultsAreFilledOutsideLists() {
    Microservice created =
        client
            .resources(Microservice.class)
            .inNamespace(namespace)
            .resource(
                Serialization.unmarshal(
                    microservice("defaults", "queue: {deadLetter: {}}"), Microservice.class))
            .create();
    QueueSpec queue = created.getSpec().getQueue();
    assertThat(queue.getFifo()).isFalse();
    assertThat(queue.getVisibilityTimeoutSeconds()).isEqualTo(30);
    assertThat(queue.getMessageRetentionSeconds()).isEqualTo(345600);
    assertThat(queue.getDeadLetter().getMaxReceiveCount()).isEqualTo(5);
    assertThat(created.getSpec().getReplicas()).as("replicas has no schema default").isNull();
  }

  @Test
  void replicasAndAutoscalingExcludeEachOther() {
    assertRefused(
        microservice("both", "replicas: 2\n  autoscaling: {maxReplicas: 3}"),
        "set either replicas or autoscaling, not both");
  }

  @Test
  void minReplicasMustNotExceedMaxReplicas() {
    assertRefused(
        microservice("minmax", "autoscaling: {minReplicas: 5, maxReplicas: 3}"),
        "autoscaling.minReplicas must not be greater than autoscaling.maxReplicas");
  }

  @Test
  void queueDepthAutoscalingIsAcceptedWithAQueueAndItsMinimumDefaultsToOne() {
    Microservice created =
        client
            .resources(Microservice.class)
            .inNamespace(namespace)
            .resource(
                Serialization.unmarshal(
                    microservice(
                        "worker",
                        "queue: {}\n  autoscaling: {queueDepth: {messagesPerReplica: 100,"
                            + " maxReplicas: 20}}"),
                    Microservice.class))
            .create();
    Autoscaling autoscaling = created.getSpec().getAutoscaling();
    assertThat(autoscaling.getQueueDepth().getMinReplicas()).isEqualTo(1);
    assertThat(autoscaling.getMinReplicas())
        .as("no CPU default beside queueDepth, which excludes the CPU fields")
        .isNull();
    assertThat(autoscaling.getTargetCPUUtilizationPercentage()).isNull();
  }

  @Test
  void queueDepthNeedsTheServicesQueue() {
    assertRefused(
        microservice(
            "no-queue", "autoscaling: {queueDepth: {messagesPerReplica: 100, maxReplicas: 20}}"),
        "spec.autoscaling.queueDepth: Required value: autoscaling.queueDepth scales on the"
            + " service's own queue: set spec.queue");
  }

  @Test
  void queueDepthExcludesCpuAutoscalingAndReplicas() {
    for (String cpu :
        List.of("minReplicas: 2", "maxReplicas: 5", "targetCPUUtilizationPercentage: 70")) {
      assertRefused(
          microservice(
              "both-" + cpu.substring(0, 3).toLowerCase(),
              "queue: {}\n  autoscaling: {"
                  + cpu
                  + ", queueDepth: {messagesPerReplica: 100, maxReplicas: 20}}"),
          "autoscaling.queueDepth excludes minReplicas, maxReplicas and"
              + " targetCPUUtilizationPercentage");
    }
    assertRefused(
        microservice(
            "queue-and-replicas",
            "replicas: 2\n  queue: {}\n  autoscaling: {queueDepth: {messagesPerReplica: 100,"
                + " maxReplicas: 20}}"),
        "set either replicas or autoscaling, not both");
    assertRefused(
        microservice("empty-autoscaling", "autoscaling: {}"),
        "autoscaling needs maxReplicas (on CPU, with minReplicas and"
            + " targetCPUUtilizationPercentage) or queueDepth");
  }

  @Test
  void queueDepthBoundsAreSchemaBounds() {
    String spec = "queue: {}\n  autoscaling: {queueDepth: {%s}}";
    assertRefused(
        microservice("per-replica", spec.formatted("messagesPerReplica: 0, maxReplicas: 2")),
        "spec.autoscaling.queueDepth.messagesPerReplica: Invalid value: 0");
    assertRefused(
        microservice("max", spec.formatted("messagesPerReplica: 10, maxReplicas: 0")),
        "spec.autoscaling.queueDepth.maxReplicas: Invalid value: 0");
    assertRefused(
        microservice(
            "min", spec.formatted("messagesPerReplica: 10, minReplicas: -1, maxReplicas: 2")),
        "spec.autoscaling.queueDepth.minReplicas: Invalid value: -1");
    assertRefused(
        microservice(
            "min-max", spec.formatted("messagesPerReplica: 10, minReplicas: 3, maxReplicas: 2")),
        "autoscaling.queueDepth.minReplicas must not be greater than"
            + " autoscaling.queueDepth.maxReplicas");
    assertRefused(
        microservice("no-per-replica", spec.formatted("maxReplicas: 2")),
        "spec.autoscaling.queueDepth.messagesPerReplica: Required value");
  }

  @Test
  void numericLimitsOfAwsAreSchemaBounds() {
    assertRefused(
        microservice("visibility", "queue: {visibilityTimeoutSeconds: 43201}"),
        "spec.queue.visibilityTimeoutSeconds: Invalid value: 43201");
    assertRefused(
        microservice("retention", "queue: {messageRetentionSeconds: 59}"),
        "spec.queue.messageRetentionSeconds: Invalid value: 59");
    assertRefused(
        microservice("receives", "queue: {deadLetter: {maxReceiveCount: 1001}}"),
        "spec.queue.deadLetter.maxReceiveCount: Invalid value: 1001");
    assertRefused(microservice("port", "port: 70000"), "spec.port: Invalid value: 70000");
    assertRefused(microservice("negative", "replicas: -1"), "spec.replicas: Invalid value: -1");
  }

  @Test
  void namesThatBreakAwsNamingAreRefused() {
    assertRefused(microservice("has.dot", ""), "metadata.name must be a DNS label");
    assertRefused(
        microservice("topic", "publishes: [{name: Order_Events}]"),
        "spec.publishes[0].name: Invalid value: \"Order_Events\"");
    assertRefused(
        microservice("longtopic", "publishes: [{name: " + "t".repeat(41) + "}]"),
        "spec.publishes[0].name: Too long");
    assertRefused(
        dataStore("has.dot", "partitionKey: {name: id, type: S}"),
        "metadata.name must be a DNS label");
  }

  @Test
  void duplicateNamesInListsAreRefused() {
    assertRefused(
        microservice("duptopics", "publishes: [{name: events}, {name: events}]"),
        "publishes[].name must be unique");
    assertRefused(
        microservice("dupcalls", "calls: [{name: a}, {name: a, namespace: other}]"),
        "calls[].name must be unique");
  }

  @Test
  void queueFifoIsImmutable() {
    create(microservice("fifo", "queue: {fifo: false}"));
    assertUpdateRefused(microservice("fifo", "queue: {fifo: true}"), "queue.fifo is immutable");
  }

  @Test
  void contentBasedDeduplicationNeedsAFifoQueue() {
    assertRefused(
        microservice("dedupstd", "queue: {contentBasedDeduplication: true}"),
        "queue.contentBasedDeduplication applies to FIFO queues only");
    create(microservice("dedupfifo", "queue: {fifo: true, contentBasedDeduplication: true}"));
    create(microservice("dedupoff", "queue: {contentBasedDeduplication: false}"));
  }

  @Test
  void topicFifoIsImmutable() {
    create(microservice("topicfifo", "publishes: [{name: events}]"));
    assertUpdateRefused(
        microservice("topicfifo", "publishes: [{name: events, fifo: true}]"),
        "publishes[].fifo is immutable");
  }

  @Test
  void tableKeysAreImmutable() {
    create(dataStore("keys", "partitionKey: {name: id, type: S}"));
    assertUpdateRefused(
        dataStore("keys", "partitionKey: {name: id, type: N}"),
        "dynamoDB.partitionKey is immutable");
    assertUpdateRefused(
        dataStore("keys", "partitionKey: {name: id, type: S}\n    sortKey: {name: at, type: N}"),
        "dynamoDB.sortKey cannot be added or removed");

    create(
        dataStore(
            "sortkey", "partitionKey: {name: id, type: S}\n    sortKey: {name: at, type: N}"));
    assertUpdateRefused(
        dataStore("sortkey", "partitionKey: {name: id, type: S}\n    sortKey: {name: at, type: S}"),
        "dynamoDB.sortKey is immutable");
  }

  /**
   * Through kubectl, whose YAML 1.1 parser turns a bare N into false: the words need no quotes, and
   * rewriting "N" as Number is no key change.
   */
  @Test
  void keyTypesMayBeWrittenAsWords() throws Exception {
    String words = dataStore("words", "partitionKey: {name: id, type: String}");
    assertThat(kubectlWithInput(words, "create", "-n", namespace, "-f", "-").output())
        .contains("created");
    String number =
        dataStore(
            "number",
            "partitionKey: {name: id, type: Number}\n    sortKey: {name: b, type: Binary}");
    assertThat(kubectlWithInput(number, "create", "-n", namespace, "-f", "-").output())
        .contains("created");

    create(dataStore("quoted", "partitionKey: {name: id, type: \"N\"}"));
    assertThat(
            kubectlWithInput(
                    dataStore("quoted", "partitionKey: {name: id, type: Number}"),
                    "apply",
                    "--server-side",
                    "--force-conflicts",
                    "-n",
                    namespace,
                    "-f",
                    "-")
                .output())
        .contains("serverside-applied");
    assertUpdateRefused(
        dataStore("quoted", "partitionKey: {name: id, type: String}"),
        "dynamoDB.partitionKey is immutable");
  }

  /**
   * The trap the aliases are for: a bare N reaches the apiserver as false, and no schema message
   * can replace the apiserver's type error (CEL rules do not run after one); the field's
   * description, shown by kubectl explain, says what to write instead.
   */
  @Test
  void aBareNIsRefusedAndTheDescriptionSaysWhatToWrite() throws Exception {
    Result bare =
        kubectlWithInput(
            dataStore("bare", "partitionKey: {name: id, type: N}"),
            "create",
            "-n",
            namespace,
            "-f",
            "-");
    assertThat(bare.exitCode()).as(bare.output()).isNotZero();
    assertThat(bare.output()).contains("spec.dynamoDB.partitionKey.type").contains("boolean");
    // kubectl explain wraps the description; compare it with the line breaks as spaces.
    assertThat(
            kubectl("explain", "datastore.spec.dynamoDB.partitionKey.type").replaceAll("\\s+", " "))
        .contains("Write Number, or quote N");
  }

  /** Found by FuzzedSpecsIT: each of these was admitted, and the Deployment then refused. */
  @Test
  void envEntriesADeploymentRefusesAreRefusedAtAdmission() {
    assertRefused(microservice("noname", "env: [{value: v}]"), "env[].name is required");
    assertRefused(microservice("empty", "env: [{name: '', value: v}]"), "env[].name is required");
    assertRefused(
        microservice("both", "env: [{name: A, value: v, valueFrom: {fieldRef: {fieldPath: x}}}]"),
        "env[]: set value or valueFrom, not both");
    assertRefused(
        microservice(
            "two",
            "env: [{name: A, valueFrom: {fieldRef: {fieldPath: metadata.name},"
                + " secretKeyRef: {name: s, key: k}}}]"),
        "env[].valueFrom takes exactly one of");
    assertThat(
            create(
                    microservice(
                        "fine",
                        "env: [{name: A, value: ''}, {name: B, valueFrom: {fieldRef: {fieldPath:"
                            + " metadata.name}}}]"))
                .getMetadata()
                .getUid())
        .as("an empty value beside no valueFrom, and one source")
        .isNotBlank();
  }

  @Test
  void provisionedBillingNeedsCapacity() {
    assertRefused(
        dataStore("billing", "partitionKey: {name: id, type: S}\n    billing: {mode: PROVISIONED}"),
        "billing.readCapacity and billing.writeCapacity are required with mode PROVISIONED");
  }

  /**
   * DynamoDB's rules on keys, which CreateTable would enforce. The fuzz's generator knows them;
   * FuzzedSpecsIT found the CRD admitting specs that break them (moto does not check them all).
   */
  @Test
  void keyAttributesFollowDynamoDbsRules() {
    assertRefused(
        dataStore("same", "partitionKey: {name: id, type: S}\n    sortKey: {name: id, type: S}"),
        "dynamoDB.sortKey must be another attribute than dynamoDB.partitionKey");
    assertRefused(
        dataStore(
            "types",
            "partitionKey: {name: id, type: S}\n    globalSecondaryIndexes: [{name: by-id,"
                + " partitionKey: {name: id, type: Number}}]"),
        "a key attribute has one type");
    assertRefused(
        dataStore(
            "idx",
            "partitionKey: {name: id, type: S}\n    globalSecondaryIndexes: [{name: by-k,"
                + " partitionKey: {name: k, type: S}, sortKey: {name: k, type: S}}]"),
        "an index's sortKey must be another attribute than its partitionKey");
    assertRefused(
        dataStore(
            "dup",
            "partitionKey: {name: id, type: S}\n    globalSecondaryIndexes: [{name: by-k,"
                + " partitionKey: {name: k, type: S}, projection: INCLUDE, nonKeyAttributes: [a,"
                + " a]}]"),
        "nonKeyAttributes must be unique");
    assertRefused(
        dataStore(
            "empty",
            "partitionKey: {name: id, type: S}\n    globalSecondaryIndexes: [{name: by-k,"
                + " partitionKey: {name: k, type: S}, projection: INCLUDE, nonKeyAttributes:"
                + " ['']}]"),
        "nonKeyAttributes[0]");
    StringBuilder indexes = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      indexes.append(i == 0 ? "" : ", ").append("{name: inc-").append(i);
      indexes.append(
          ", partitionKey: {name: k, type: S}, projection: INCLUDE, nonKeyAttributes: [");
      for (int a = 0; a < 20; a++) {
        indexes.append(a == 0 ? "" : ", ").append("a").append(i).append('x').append(a);
      }
      indexes.append("]}");
    }
    assertRefused(
        dataStore(
            "many",
            "partitionKey: {name: id, type: S}\n    globalSecondaryIndexes: [" + indexes + "]"),
        "list at most 100 attributes in all");
    assertThat(
            create(
                    dataStore(
                        "spelled",
                        "partitionKey: {name: id, type: S}\n    sortKey: {name: at, type: N}\n   "
                            + " globalSecondaryIndexes: [{name: by-at, partitionKey: {name: at,"
                            + " type: Number}, sortKey: {name: id, type: String}}]"))
                .getMetadata()
                .getUid())
        .as("one attribute in both spellings of its type")
        .isNotBlank();
  }

  /** Found by FuzzedSpecsIT: what no SNS topic or namespace can be named is refused. */
  @Test
  void topicArnsAndSubscriberNamespacesHaveTheShapeOfWhatTheyName() {
    assertRefused(
        subscription(
            "long", "topicArn: arn:aws:sns:us-east-1:123456789012:" + "t".repeat(252) + ".fifo"),
        "spec.source.topicArn");
    assertThat(
            create(
                    subscription(
                        "longest",
                        "topicArn: arn:aws:sns:us-east-1:123456789012:"
                            + "t".repeat(251)
                            + ".fifo"))
                .getMetadata()
                .getUid())
        .isNotBlank();
    assertRefused(
        microservice(
            "subs", "publishes: [{name: events, subscribers: {namespaces: [billing, Shop]}}]"),
        "spec.publishes[0].subscribers.namespaces[1]");
  }

  /**
   * Found by FuzzedSpecsIT: server-side apply turns an object its owner empties into null, so
   * `filterPolicy: {}` (no filter) and `podTemplate: {}` (no customisation) were refused as "must
   * be of type object" once they had held something. Both now take null, which means none.
   */
  @Test
  void emptyingAFreeFormFieldWithServerSideApplyIsAccepted() {
    String filtered =
        subscription("emptied", "topic: {microservice: orders, name: events}")
            + "  filterPolicy: {eventType: [OrderCreated]}\n";
    apply(filtered);
    EventSubscription emptied =
        apply(filtered.replace("{eventType: [OrderCreated]}", "{}"), EventSubscription.class);
    assertThat(
            emptied.getSpec().getFilterPolicy() == null
                || emptied.getSpec().getFilterPolicy().isNull())
        .as("none")
        .isTrue();

    String customised = microservice("custom", "podTemplate: {metadata: {labels: {team: a}}}");
    apply(customised);
    Microservice reset =
        apply(customised.replace("{metadata: {labels: {team: a}}}", "{}"), Microservice.class);
    assertThat(
            reset.getSpec().getPodTemplate() == null || reset.getSpec().getPodTemplate().isNull())
        .as("none")
        .isTrue();
  }

  @Test
  void eventSubscriptionNeedsExactlyOneSource() {
    assertRefused(
        subscription(
            "two",
            "topic: {microservice: orders, name: events}\n    topicArn:"
                + " arn:aws:sns:us-east-1:123456789012:external"),
        "source must set exactly one of topic, topicArn or eventBus");
    assertRefused(
        subscription("none", "{}"), "source must set exactly one of topic, topicArn or eventBus");
  }

  @Test
  void snsOptionsAreRefusedForEventBridgeSources() {
    String yaml =
        subscription("eb", "eventBus: {pattern: {source: [a]}}") + "  rawMessageDelivery: true\n";
    assertRefused(yaml, "apply to SNS sources only");
  }

  @Test
  void aDriftPolicyIsAcceptedAsWrittenWithNoDefaultsInItsRules() {
    GenericKubernetesResource created =
        create(
            microservice(
                "drift",
                "queue: {}\n  driftPolicy:\n"
                    + "    - {part: Queue, fields: [VisibilityTimeout], action: Report}\n"
                    + "    - {part: Queue, fields: [MessageRetentionPeriod], action: Ignore}\n"
                    + "    - {part: InlinePolicy, action: Report}"));
    assertThat(Serialization.asJson(created.get("spec", "driftPolicy")))
        .isEqualTo(
            "[{\"action\":\"Report\",\"fields\":[\"VisibilityTimeout\"],\"part\":\"Queue\"},"
                + "{\"action\":\"Ignore\",\"fields\":[\"MessageRetentionPeriod\"],\"part\":\"Queue\"},"
                + "{\"action\":\"Report\",\"part\":\"InlinePolicy\"}]");
    create(
        dataStore("drift", "partitionKey: {name: id, type: S}")
            + "  driftPolicy: [{part: Table, fields: [PointInTimeRecovery, Billing], action: Ignore}]\n");
    create(
        subscription("drift", "topic: {microservice: orders, name: events}")
            + "  driftPolicy: [{part: Subscription, action: Report}]\n");
  }

  @Test
  void aDriftRuleNeedsAKnownPartAndAction() {
    assertRefused(
        microservice("nopart", "driftPolicy: [{action: Report}]"),
        "spec.driftPolicy[0].part: Required value");
    assertRefused(
        microservice("noaction", "driftPolicy: [{part: Queue}]"),
        "spec.driftPolicy[0].action: Required value");
    assertRefused(
        microservice("badaction", "driftPolicy: [{part: Queue, action: Fix}]"),
        "spec.driftPolicy[0].action: Unsupported value: \"Fix\"");
    assertRefused(
        microservice("badpart", "driftPolicy: [{part: Bucket, action: Report}]"),
        "spec.driftPolicy[0].part: Unsupported value: \"Bucket\"");
    assertRefused(
        microservice("nofields", "driftPolicy: [{part: Queue, fields: [], action: Report}]"),
        "spec.driftPolicy[0].fields: Invalid value");
  }

  @Test
  void aDriftRuleNamesOnlyPartsOfItsKindAndFieldsOfItsPart() {
    assertRefused(
        microservice("table", "driftPolicy: [{part: Table, action: Ignore}]"),
        "a Microservice's driftPolicy parts are Queue, DeadLetterQueue, Role");
    assertRefused(
        dataStore("queue", "partitionKey: {name: id, type: S}")
            + "  driftPolicy: [{part: Queue, action: Ignore}]\n",
        "a DataStore's driftPolicy part is Table");
    assertRefused(
        subscription("role", "topic: {microservice: orders, name: events}")
            + "  driftPolicy: [{part: Role, action: Ignore}]\n",
        "an EventSubscription's driftPolicy parts are Subscription");
    assertRefused(
        microservice(
            "field", "driftPolicy: [{part: Queue, fields: [TrustPolicy], action: Report}]"),
        "spec.driftPolicy[0].fields: Invalid value: driftPolicy[].fields names a field its part"
            + " does not have");
    assertRefused(
        microservice(
            "field2", "driftPolicy: [{part: Queue, fields: [TrustPolicy], action: Report}]"),
        "the fields are Queue: VisibilityTimeout, MessageRetentionPeriod, RedrivePolicy;");
    assertRefused(
        microservice(
            "unknown", "driftPolicy: [{part: Queue, fields: [Visibility], action: Report}]"),
        "spec.driftPolicy[0].fields[0]: Unsupported value: \"Visibility\"");
  }

  @Test
  void twoDriftRulesNeverDisagreeAboutAField() {
    assertRefused(
        microservice(
            "twice",
            "driftPolicy:\n    - {part: Queue, fields: [VisibilityTimeout], action: Report}\n"
                + "    - {part: Queue, fields: [RedrivePolicy, VisibilityTimeout], action: Ignore}"),
        "a part may have one rule without fields, and each field of a part may be named by one"
            + " rule only");
    assertRefused(
        microservice(
            "wholepart",
            "driftPolicy:\n    - {part: Role, action: Report}\n    - {part: Role, action: Ignore}"),
        "a part may have one rule without fields");
    create(
        microservice(
            "specific",
            "driftPolicy:\n    - {part: Queue, action: Ignore}\n"
                + "    - {part: Queue, fields: [RedrivePolicy], action: Correct}\n"
                + "    - {part: DeadLetterQueue, fields: [MessageRetentionPeriod], action: Ignore}"));
  }

  @Test
  void freeFormFieldsKeepArraysAndNesting() throws Exception {
    String yaml =
        subscription("filter", "topic: {microservice: orders, name: events}")
            + "  filterPolicy: {eventType: [OrderCreated], amount: [{numeric: ['>', 100]}]}\n";
    EventSubscription created =
        client
            .resources(EventSubscription.class)
            .inNamespace(namespace)
            .resource(Serialization.unmarshal(yaml, EventSubscription.class))
            .create();
    assertThat(created.getSpec().getFilterPolicy())
        .isEqualTo(
            Serialization.jsonMapper()
                .readTree(
                    "{\"eventType\":[\"OrderCreated\"],\"amount\":[{\"numeric\":[\">\",100]}]}"));
  }

  /** What ShortNamesTest checks against a hard-coded list, here against live discovery. */
  @Test
  void noNameOfOursResolvesToABuiltInResource() throws Exception {
    // Other ITs install CRDs (a ServiceMonitor stand-in) into the same apiserver: ours must not
    // collide with theirs either, but only built-in names must be in ShortNamesTest's list.
    Set<String> crdGroups = new HashSet<>();
    client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
        .forEach(crd -> crdGroups.add(crd.getSpec().getGroup()));
    List<String> others = new ArrayList<>();
    List<String> builtIn = new ArrayList<>();
    for (String line : kubectl("api-resources", "--no-headers", "-o", "wide").lines().toList()) {
      // NAME [SHORTNAMES] APIVERSION NAMESPACED KIND VERBS...: short names come before the
      // group/version column, which is the first one with a '/' or equal to "v1".
      String[] columns = line.trim().split("\\s+");
      List<String> names = new ArrayList<>(List.of(columns[0]));
      int i = 1;
      for (; i < columns.length && !isApiVersion(columns[i]); i++) {
        names.addAll(List.of(columns[i].split(",")));
      }
      String group = columns[i].contains("/") ? columns[i].split("/")[0] : "";
      if (group.equals(Microservice.GROUP)) {
        continue;
      }
      others.addAll(names);
      if (!crdGroups.contains(group)) {
        builtIn.addAll(names);
      }
    }
    assertThat(builtIn).as("resources the apiserver serves").contains("daemonsets", "ds", "po");
    assertThat(ShortNamesTest.ourNames()).doesNotContainAnyElementsOf(others);
    assertThat(ShortNamesTest.BUILT_IN)
        .as("ShortNamesTest's list knows every built-in name of this apiserver")
        .containsAll(builtIn);
  }

  private static boolean isApiVersion(String column) {
    return column.equals("v1") || column.contains("/");
  }

  @Test
  void kubectlExplainPrintsTheFieldDescriptions() throws Exception {
    assertThat(kubectl("explain", "microservice.spec.queue"))
        .contains("The service's own SQS inbox queue")
        .contains("visibilityTimeoutSeconds")
        .contains("Seconds a received message stays invisible");
  }

  /** The kind, its spec and its status are described too: CrdFinishing writes them in. */
  @Test
  void kubectlExplainDescribesEveryLevel() throws Exception {
    assertThat(oneLine(kubectl("explain", "microservice")))
        .contains("A service as its team thinks of it");
    assertThat(oneLine(kubectl("explain", "microservice.spec")))
        .contains("What the service is and needs");
    assertThat(oneLine(kubectl("explain", "microservice.status")))
        .contains("What the operator observed at its last reconcile");
    assertThat(oneLine(kubectl("explain", "datastore"))).contains("A DynamoDB table");
    assertThat(oneLine(kubectl("explain", "eventsubscription.spec")))
        .contains("exactly one source");
    assertThat(oneLine(kubectl("explain", "microservice.status.conditions.status")))
        .contains("True, False or Unknown");
  }

  @Test
  void printerColumnsPutAgeLast() throws Exception {
    create(microservice("columns", ""));
    assertThat(kubectl("get", "msvc", "columns", "-n", namespace).lines().findFirst().orElseThrow())
        .matches("NAME +READY +REASON +AGE");
    assertThat(
            kubectl("get", "msvc", "columns", "-n", namespace, "-o", "wide")
                .lines()
                .findFirst()
                .orElseThrow())
        .matches("NAME +IMAGE +AVAILABLE +READY +REASON +AGE");
  }

  /** KEP-1623 conditions: a status outside True/False/Unknown or a repeated type is refused. */
  @Test
  void theConditionsSchemaIsEnforcedOnStatus() {
    GenericKubernetesResource created = create(microservice("conditions", ""));
    assertStatusRefused(
        created, "[{type: Ready, status: \"Yes\"}]", "supported values: \"True\", \"False\"");
    assertStatusRefused(
        created,
        "[{type: Ready, status: \"True\"}, {type: Ready, status: \"False\"}]",
        "Duplicate value");
    assertStatusRefused(created, "[{status: \"True\"}]", "type: Required value");
  }

  private static void assertStatusRefused(
      GenericKubernetesResource resource, String conditions, String message) {
    GenericKubernetesResource withStatus =
        Serialization.unmarshal(
            Serialization.asYaml(resource)
                + "status: {observedGeneration: 1, conditions: "
                + conditions
                + "}\n",
            GenericKubernetesResource.class);
    assertThatThrownBy(() -> client.resource(withStatus).inNamespace(namespace).updateStatus())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(message);
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ");
  }

  private static String kubectl(String... args) throws Exception {
    TestApiServer server = TestApiServer.get();
    List<String> command = new ArrayList<>();
    command.add(server.kubectl().toString());
    command.add("--kubeconfig");
    command.add(server.kubeconfigFile().toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("kubectl %s: %s", String.join(" ", args), output).isZero();
    return output;
  }

  record Result(int exitCode, String output) {}

  private static Result kubectlWithInput(String input, String... args) throws Exception {
    TestApiServer server = TestApiServer.get();
    List<String> command = new ArrayList<>();
    command.add(server.kubectl().toString());
    command.add("--kubeconfig");
    command.add(server.kubeconfigFile().toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }

  private static GenericKubernetesResource create(String yaml) {
    GenericKubernetesResource resource =
        Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    return client.resource(resource).inNamespace(namespace).create();
  }

  /** Server-side apply as field manager "user", as kubectl apply --server-side does. */
  private static GenericKubernetesResource apply(String yaml) {
    GenericKubernetesResource resource =
        Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    return client
        .resource(resource)
        .inNamespace(namespace)
        .fieldManager("user")
        .forceConflicts()
        .serverSideApply();
  }

  private static <T> T apply(String yaml, Class<T> type) {
    return Serialization.jsonMapper().convertValue(apply(yaml), type);
  }

  private static void assertRefused(String yaml, String message) {
    assertThatThrownBy(() -> create(yaml))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(message);
  }

  private static void assertUpdateRefused(String yaml, String message) {
    GenericKubernetesResource resource =
        Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    assertThatThrownBy(() -> client.resource(resource).inNamespace(namespace).update())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(message);
  }

  private static String microservice(String name, String spec) {
    return """
        apiVersion: msa.dev/v1alpha1
        kind: Microservice
        metadata: {name: %s}
        spec:
          image: nginx
          %s
        """
        .formatted(name, spec);
  }

  private static String dataStore(String name, String table) {
    return """
        apiVersion: msa.dev/v1alpha1
        kind: DataStore
        metadata: {name: %s}
        spec:
          dynamoDB:
            %s
        """
        .formatted(name, table);
  }

  private static String subscription(String name, String source) {
    return """
        apiVersion: msa.dev/v1alpha1
        kind: EventSubscription
        metadata: {name: %s}
        spec:
          subscriber: notifications
          source:
            %s
        """
        .formatted(name, source);
  }
}
