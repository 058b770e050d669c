package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.PolicyDocuments;
import dev.msa.operator.model.QueuePolicy.Grant;
import dev.msa.operator.model.QueuePolicy.Sender;
import dev.msa.operator.testing.AwsInventory;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * EventSubscriptions against a real kube-apiserver and moto, with the Microservice reconciler in
 * the same operator making the queues and topics: SNS and EventBridge subscriptions created,
 * updated and deleted; the queue policy as the union under concurrent creation; the cross-namespace
 * allow-list; dependencies that appear and disappear; drift; steady-state cost.
 */
class EventSubscriptionIT {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final String CLUSTER = "itsub";
  private static final String ACCOUNT = TestMoto.ACCOUNT_ID;
  private static final String REGION = TestMoto.REGION;
  private static KubernetesClient client;
  private static AwsClients sdk;
  private static Harness main;

  @BeforeAll
  static void start() {
    client = TestApiServer.get().newClient();
    Crds.install(client);
    sdk = TestMoto.get().clients(new SimpleMeterRegistry());
    main = new Harness(Namespaces.create(client, "sub"));
  }

  @AfterAll
  static void stop() {
    if (main != null) {
      main.close();
    }
    sdk.close();
    client.close();
  }

  /**
   * A leader killed after Subscribe but before its status write leaves a subscription no status
   * records: the next process finds it by topic and queue and brings its attributes along, instead
   * of subscribing again (FailoverUnderLoadE2E counts the same across two processes).
   */
  @Test
  void aSubscriptionNoStatusRecordedIsFoundNotSubscribedAgain() {
    String ns = main.namespaces.get(0);
    main.microservice(ns, "ledger", "publishes: [{name: entries}]");
    main.microservice(ns, "audit", "queue: {}");
    main.awaitQueue(ns, "audit");
    String topicArn = arn("sns", CLUSTER + "-" + ns + "-ledger-entries");
    Eventually.assertThat(
        WAIT, () -> sdk.sns().getTopicAttributes(r -> r.topicArn(topicArn)).attributes());
    String earlier =
        sdk.sns()
            .subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn(ns, "audit")))
            .subscriptionArn();
    long subscribes = main.calls("Subscribe");

    main.subscription(
        ns,
        "audit-entries",
        "subscriber: audit\nsource: {topic: {microservice: ledger, name: entries}}\n"
            + "rawMessageDelivery: true");
    EventSubscription ready = main.awaitReady(ns, "audit-entries");

    assertThat(ready.getStatus().getSubscriptionArn()).isEqualTo(earlier);
    assertThat(main.calls("Subscribe") - subscribes).as("Subscribe calls").isZero();
    assertThat(subscriptionAttributes(earlier)).containsEntry("RawMessageDelivery", "true");
    assertThat(subscriptionsOf(topicArn)).containsExactly(earlier);
    main.delete(EventSubscription.class, ns, "audit-entries");
    main.awaitGone(EventSubscription.class, ns, "audit-entries");
    assertThat(subscriptionsOf(topicArn)).isEmpty();
  }

  @Test
  void anSnsSubscriptionIsCreatedUpdatedInPlaceAndRemoved() {
    String ns = main.namespaces.get(0);
    main.microservice(ns, "orders", "publishes: [{name: order-events}]");
    main.microservice(ns, "notify", "queue: {}");
    String queueUrl = main.awaitQueue(ns, "notify");
    String queueArn = queueArn(ns, "notify");
    String topicArn = arn("sns", CLUSTER + "-" + ns + "-orders-order-events");
    main.subscription(
        ns,
        "notify-on-order",
        "subscriber: notify\nsource: {topic: {microservice: orders, name: order-events}}\n"
            + "filterPolicy: {eventType: [OrderCreated]}\nrawMessageDelivery: true");
    EventSubscription ready = main.awaitReady(ns, "notify-on-order");

    String subscriptionArn = ready.getStatus().getSubscriptionArn();
    assertThat(subscriptionArn).startsWith(topicArn + ":");
    assertThat(subscriptionAttributes(subscriptionArn))
        .containsEntry("Endpoint", queueArn)
        .containsEntry("Protocol", "sqs")
        .containsEntry("FilterPolicyScope", "MessageAttributes")
        .containsEntry("RawMessageDelivery", "true");
    assertThat(PolicyDocuments.parse(subscriptionAttributes(subscriptionArn).get("FilterPolicy")))
        .isEqualTo(PolicyDocuments.parse("{\"eventType\":[\"OrderCreated\"]}"));
    assertThat(policy(queueUrl))
        .isEqualTo(
            PolicyDocuments.parse(
                """
                {"Version":"2012-10-17","Statement":[{"Sid":"%s","Effect":"Allow",
                 "Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage",
                 "Resource":"%s","Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}
                """
                    .formatted(new Grant(Sender.SNS, topicArn).sid(), queueArn, topicArn)));
    assertThat(main.events(ns, "notify-on-order", "Created"))
        .anySatisfy(m -> assertThat(m).contains("SNS subscription"));
    assertThat(main.condition(ns, "notify-on-order", "Ready").getReason()).isEqualTo("Ready");

    long setAttributes = main.calls("SetSubscriptionAttributes");
    long subscribes = main.calls("Subscribe");
    main.subscription(
        ns,
        "notify-on-order",
        "subscriber: notify\nsource: {topic: {microservice: orders, name: order-events}}\n"
            + "filterPolicy: {eventType: [OrderPaid]}\nrawMessageDelivery: true");
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(subscriptionAttributes(subscriptionArn).get("FilterPolicy"))
                .contains("OrderPaid"));
    main.awaitReconciles(EventSubscription.class, 1);
    assertThat(main.calls("SetSubscriptionAttributes") - setAttributes)
        .as("only the filter policy is sent")
        .isEqualTo(1);
    assertThat(main.calls("Subscribe")).as("updated in place").isEqualTo(subscribes);
    assertThat(
            main.get(EventSubscription.class, ns, "notify-on-order")
                .getStatus()
                .getSubscriptionArn())
        .isEqualTo(subscriptionArn);
    assertThat(main.events(ns, "notify-on-order", "Updated"))
        .anySatisfy(m -> assertThat(m).contains("FilterPolicy"));

    main.delete(EventSubscription.class, ns, "notify-on-order");
    main.awaitGone(EventSubscription.class, ns, "notify-on-order");
    assertThat(subscriptionsOf(topicArn)).isEmpty();
    assertThat(rawPolicy(queueUrl)).as("no subscription, no policy").isNull();
  }

  @Test
  void anEventBridgeRuleIsCreatedChangedInPlaceAndRemoved() {
    String ns = main.namespaces.get(0);
    main.microservice(ns, "inventory", "queue: {}");
    String queueUrl = main.awaitQueue(ns, "inventory");
    String queueArn = queueArn(ns, "inventory");
    String ruleName = CLUSTER + "-" + ns + "-reserve-stock";
    String ruleArn = arn("events", "rule/" + ruleName);
    main.subscription(
        ns,
        "reserve-stock",
        "subscriber: inventory\nsource: {eventBus: {name: default, pattern: {source:"
            + " [com.acme.orders], detail-type: [OrderPlaced]}}}");
    EventSubscription ready = main.awaitReady(ns, "reserve-stock");

    assertThat(ready.getStatus().getRuleArn()).isEqualTo(ruleArn);
    assertThat(ready.getStatus().getSubscriptionArn()).isNull();
    var rule = sdk.eventBridge().describeRule(r -> r.name(ruleName));
    assertThat(rule.state()).isEqualTo(RuleState.ENABLED);
    assertThat(PolicyDocuments.parse(rule.eventPattern()))
        .isEqualTo(
            PolicyDocuments.parse(
                "{\"source\":[\"com.acme.orders\"],\"detail-type\":[\"OrderPlaced\"]}"));
    assertThat(sdk.eventBridge().listTargetsByRule(r -> r.rule(ruleName)).targets())
        .singleElement()
        .satisfies(t -> assertThat(t.arn()).isEqualTo(queueArn));
    assertThat(ruleTags(ruleArn))
        .containsEntry("msa.dev/kind", "EventSubscription")
        .containsEntry("msa.dev/uid", ready.getMetadata().getUid())
        .containsEntry("msa.dev/cluster", CLUSTER)
        .containsEntry("app.kubernetes.io/managed-by", "msa-operator");
    JsonNode statement = policy(queueUrl).get("Statement").get(0);
    assertThat(statement.get("Principal").get("Service").asText())
        .isEqualTo("events.amazonaws.com");
    assertThat(statement.get("Condition").get("ArnEquals").get("aws:SourceArn").asText())
        .isEqualTo(ruleArn);
    assertThat(main.calls("TagResource")).as("tags are passed at creation").isZero();

    long putRules = main.calls("PutRule");
    long deleteRules = main.calls("DeleteRule");
    main.subscription(
        ns,
        "reserve-stock",
        "subscriber: inventory\nsource: {eventBus: {name: default, pattern: {source:"
            + " [com.acme.orders], detail-type: [OrderCancelled]}}}");
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(sdk.eventBridge().describeRule(r -> r.name(ruleName)).eventPattern())
                .contains("OrderCancelled"));
    main.awaitReconciles(EventSubscription.class, 1);
    assertThat(main.calls("PutRule") - putRules).isEqualTo(1);
    assertThat(main.calls("DeleteRule")).as("changed in place").isEqualTo(deleteRules);
    assertThat(ruleTags(ruleArn)).containsEntry("msa.dev/uid", ready.getMetadata().getUid());

    main.delete(EventSubscription.class, ns, "reserve-stock");
    main.awaitGone(EventSubscription.class, ns, "reserve-stock");
    assertThat(sdk.eventBridge().listRules(r -> r.namePrefix(ruleName)).rules()).isEmpty();
    assertThat(rawPolicy(queueUrl)).isNull();
  }

  /** Without resyncs (10 minutes apart here), so a lost statement would not be put back. */
  @Test
  void thePolicyIsTheUnionEvenWhenSubscriptionsComeAndGoAtOnce() throws Exception {
    try (Harness calm = new Harness(List.of(Namespaces.create(client, "busy")), "10m")) {
      unionUnderConcurrency(calm);
    }
  }

  private void unionUnderConcurrency(Harness main) throws Exception {
    String ns = main.namespaces.get(0);
    main.microservice(ns, "busy", "queue: {}");
    String queueUrl = main.awaitQueue(ns, "busy");
    List<String> sources = new ArrayList<>();
    List<String> specs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String topic = CLUSTER + "-" + ns + "-external-" + i;
      String topicArn = sdk.sns().createTopic(r -> r.name(topic)).topicArn();
      sources.add(topicArn);
      specs.add("subscriber: busy\nsource: {topicArn: " + topicArn + "}");
      sources.add(arn("events", "rule/" + CLUSTER + "-" + ns + "-busy-" + (i + 4)));
      specs.add(
          "subscriber: busy\nsource: {eventBus: {name: default, pattern: {source: [s" + i + "]}}}");
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < 8; i++) {
      int n = i;
      int index = n % 2 == 0 ? n / 2 : 4 + n / 2;
      pool.submit(() -> main.subscription(ns, "busy-" + index, specs.get(n)));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    Eventually.assertThat(
        WAIT,
        () -> {
          for (int i = 0; i < 8; i++) {
            assertThat(main.condition(ns, "busy-" + i, "Ready").getStatus())
                .as("busy-" + i)
                .isEqualTo("True");
          }
        });
    main.awaitIdle(EventSubscription.class);
    assertThat(sourceArns(queueUrl)).containsExactlyInAnyOrderElementsOf(sources);

    ExecutorService deleting = Executors.newFixedThreadPool(4);
    for (int i : List.of(0, 1, 4, 5)) {
      deleting.submit(() -> main.delete(EventSubscription.class, ns, "busy-" + i));
    }
    deleting.shutdown();
    assertThat(deleting.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    for (int i : List.of(0, 1, 4, 5)) {
      main.awaitGone(EventSubscription.class, ns, "busy-" + i);
    }
    main.awaitIdle(EventSubscription.class);
    List<String> remaining =
        List.of(sources.get(4), sources.get(5), sources.get(6), sources.get(7));
    assertThat(sourceArns(queueUrl)).containsExactlyInAnyOrderElementsOf(remaining);
  }

  @Test
  void anotherNamespacesTopicNeedsItsAllowListAndRevokingRemovesTheSubscription() {
    String shop = Namespaces.create(client, "shop");
    String billing = Namespaces.create(client, "billing");
    try (Harness two = new Harness(shop, billing)) {
      two.microservice(billing, "ledger", "publishes: [{name: entries}]");
      two.microservice(shop, "audit", "queue: {}");
      String queueUrl = two.awaitQueue(shop, "audit");
      String topicArn = arn("sns", CLUSTER + "-" + billing + "-ledger-entries");
      two.awaitTopic(billing, "ledger");
      two.subscription(
          shop,
          "follow-ledger",
          "subscriber: audit\nsource: {topic: {microservice: ledger, name: entries, namespace: "
              + billing
              + "}}");
      Eventually.assertThat(
          WAIT,
          () -> {
            Condition ready = two.condition(shop, "follow-ledger", "Ready");
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("SubscriptionNotAllowed");
            assertThat(ready.getMessage()).contains(billing + "/ledger").contains(shop);
            Condition stalled = two.condition(shop, "follow-ledger", "Stalled");
            assertThat(stalled.getStatus()).isEqualTo("True");
            assertThat(stalled.getReason()).isEqualTo("SubscriptionNotAllowed");
          });
      two.awaitReconciles(EventSubscription.class, 1);
      assertThat(subscriptionsOf(topicArn)).as("nothing subscribed").isEmpty();
      assertThat(rawPolicy(queueUrl)).as("nothing granted").isNull();
      assertThat(two.subscriptionCalls())
          .as("no AWS write for a denied subscription")
          .doesNotContainKeys("Subscribe", "SetQueueAttributes");

      two.microservice(
          billing,
          "ledger",
          "publishes: [{name: entries, subscribers: {namespaces: [" + shop + "]}}]");
      EventSubscription allowed = two.awaitReady(shop, "follow-ledger");
      assertThat(allowed.getStatus().getConditions())
          .as("Stalled is gone once the publisher allows the namespace")
          .noneMatch(c -> c.getType().equals("Stalled") || c.getType().equals("Reconciling"));
      assertThat(subscriptionsOf(topicArn))
          .containsExactly(allowed.getStatus().getSubscriptionArn());
      assertThat(sourceArns(queueUrl)).containsExactly(topicArn);

      two.microservice(billing, "ledger", "publishes: [{name: entries}]");
      Eventually.assertThat(
          WAIT,
          () -> {
            assertThat(two.condition(shop, "follow-ledger", "Ready").getReason())
                .isEqualTo("SubscriptionNotAllowed");
            assertThat(subscriptionsOf(topicArn)).isEmpty();
            assertThat(rawPolicy(queueUrl)).isNull();
            assertThat(
                    two.get(EventSubscription.class, shop, "follow-ledger")
                        .getStatus()
                        .getSubscriptionArn())
                .isNull();
          });
    }
  }

  @Test
  void aSubscriptionWaitsForWhatItNamesAndFollowsItsDeletion() {
    String ns = main.namespaces.get(0);
    main.subscription(
        ns, "early", "subscriber: late-sub\nsource: {topic: {microservice: late-pub, name: news}}");
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(main.condition(ns, "early", "SubscriberReady").getReason())
              .isEqualTo("SubscriberNotFound");
          assertThat(main.condition(ns, "early", "SourceReady").getReason())
              .isEqualTo("PublisherNotFound");
          assertThat(main.condition(ns, "early", "Ready").getMessage())
              .contains("Microservice " + ns + "/late-sub");
        });

    main.microservice(ns, "late-sub", "queue: {}");
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(main.condition(ns, "early", "Ready").getReason())
                .isEqualTo("PublisherNotFound"));
    main.microservice(ns, "late-pub", "publishes: [{name: news}]");
    EventSubscription ready = main.awaitReady(ns, "early");
    String topicArn = arn("sns", CLUSTER + "-" + ns + "-late-pub-news");
    assertThat(subscriptionsOf(topicArn)).containsExactly(ready.getStatus().getSubscriptionArn());
    // subscribing once what it names exists is applying its spec, not putting back drift
    Eventually.assertThat(WAIT, () -> assertThat(main.events(ns, "early", "Created")).isNotEmpty());
    assertThat(main.events(ns, "early", "DriftCorrected")).isEmpty();

    main.delete(Microservice.class, ns, "late-pub");
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition source = main.condition(ns, "early", "SourceReady");
          assertThat(source.getReason()).isEqualTo("PublisherNotFound");
          assertThat(main.condition(ns, "early", "SubscriptionReady").getReason())
              .isEqualTo("NotSubscribed");
          assertThat(
                  main.get(EventSubscription.class, ns, "early").getStatus().getSubscriptionArn())
              .isNull();
          assertThat(rawPolicy(queueUrl(ns, "late-sub"))).isNull();
        });

    main.subscription(
        ns,
        "early",
        "subscriber: late-sub\nsource: {eventBus: {name: default, pattern: {source: [late]}}}");
    String ruleName = CLUSTER + "-" + ns + "-early";
    main.awaitReady(ns, "early");
    main.delete(Microservice.class, ns, "late-sub");
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(main.condition(ns, "early", "SubscriberReady").getReason())
              .isIn("SubscriberNotFound", "SubscriberDeleted");
          assertThat(sdk.eventBridge().listRules(r -> r.namePrefix(ruleName)).rules()).isEmpty();
          assertThat(main.get(EventSubscription.class, ns, "early").getStatus().getRuleArn())
              .isNull();
        });
  }

  @Test
  void driftIsPutBackOnResyncAndAnnounced() {
    String ns = main.namespaces.get(0);
    main.microservice(ns, "drift-pub", "publishes: [{name: events}]");
    main.microservice(ns, "drift-sub", "queue: {}");
    String queueUrl = main.awaitQueue(ns, "drift-sub");
    main.subscription(
        ns,
        "drift-sns",
        "subscriber: drift-sub\nsource: {topic: {microservice: drift-pub, name: events}}\n"
            + "filterPolicy: {kind: [a]}");
    main.subscription(
        ns,
        "drift-rule",
        "subscriber: drift-sub\nsource: {eventBus: {name: default, pattern: {source: [d]}}}");
    String subscriptionArn = main.awaitReady(ns, "drift-sns").getStatus().getSubscriptionArn();
    String ruleName = CLUSTER + "-" + ns + "-drift-rule";
    main.awaitReady(ns, "drift-rule");
    main.awaitReconciles(EventSubscription.class, 1);

    // filter policy changed, rule disabled, queue policy statements removed
    sdk.sns()
        .setSubscriptionAttributes(
            r ->
                r.subscriptionArn(subscriptionArn)
                    .attributeName("FilterPolicy")
                    .attributeValue("{\"kind\":[\"zzz\"]}"));
    sdk.eventBridge().disableRule(r -> r.name(ruleName));
    sdk.sqs()
        .setQueueAttributes(r -> r.queueUrl(queueUrl).attributesWithStrings(Map.of("Policy", "")));
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(subscriptionAttributes(subscriptionArn).get("FilterPolicy")).contains("\"a\"");
          assertThat(sdk.eventBridge().describeRule(r -> r.name(ruleName)).state())
              .isEqualTo(RuleState.ENABLED);
          assertThat(sourceArns(queueUrl)).hasSize(2);
          assertThat(main.events(ns, "drift-sns", "DriftCorrected"))
              .anySatisfy(m -> assertThat(m).contains("FilterPolicy"));
          assertThat(main.events(ns, "drift-rule", "DriftCorrected"))
              .anySatisfy(m -> assertThat(m).contains("state ENABLED"));
        });
    assertThat(
            main.events(ns, "drift-sns", "DriftCorrected").stream()
                    .anyMatch(m -> m.contains("queue policy"))
                || main.events(ns, "drift-rule", "DriftCorrected").stream()
                    .anyMatch(m -> m.contains("queue policy")))
        .as("the restored queue policy is announced")
        .isTrue();

    // the subscription deleted outside the operator
    sdk.sns().unsubscribe(r -> r.subscriptionArn(subscriptionArn));
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(subscriptionsOf(arn("sns", CLUSTER + "-" + ns + "-drift-pub-events")))
              .hasSize(1);
          assertThat(main.events(ns, "drift-sns", "DriftCorrected"))
              .anySatisfy(m -> assertThat(m).contains("deleted outside the operator"));
        });
  }

  @Test
  void theSteadyStateWritesNothingAndReadsOnceOrTwicePerResync() {
    try (Harness steady = new Harness(Namespaces.create(client, "calm"))) {
      String ns = steady.namespaces.get(0);
      steady.microservice(ns, "pub", "publishes: [{name: events}]");
      steady.microservice(ns, "sub", "queue: {}");
      steady.awaitQueue(ns, "sub");
      steady.subscription(
          ns, "via-sns", "subscriber: sub\nsource: {topic: {microservice: pub, name: events}}");
      steady.subscription(
          ns,
          "via-rule",
          "subscriber: sub\nsource: {eventBus: {name: default, pattern: {source: [calm]}}}");
      steady.awaitReady(ns, "via-sns");
      steady.awaitReady(ns, "via-rule");
      steady.awaitReconciles(EventSubscription.class, 1);
      Map<String, Long> before = steady.subscriptionCalls();
      steady.awaitReconciles(EventSubscription.class, 4);
      Map<String, Long> delta = delta(before, steady.subscriptionCalls());

      long snsResyncs = delta.getOrDefault("GetSubscriptionAttributes", 0L);
      long ruleResyncs = delta.getOrDefault("DescribeRule", 0L);
      assertThat(snsResyncs).as("resyncs in 9 s: %s", delta).isGreaterThanOrEqualTo(3);
      assertThat(ruleResyncs).as("resyncs in 9 s: %s", delta).isGreaterThanOrEqualTo(3);
      assertThat(delta.keySet())
          .as("AWS calls in steady state")
          .allMatch(
              op -> op.startsWith("Get") || op.startsWith("List") || op.startsWith("Describe"));
      // The queue's policy is compared with the subscriber Microservice's own read of its queue
      // (every 2 s here, shared for 3 s): a subscription reads the queue only when that read is
      // late, which a loaded machine may make happen once.
      long queueReads = delta.getOrDefault("GetQueueAttributes", 0L);
      assertThat(queueReads)
          .as("the subscriber's queue read itself: %s", delta)
          .isLessThanOrEqualTo(1);
      long reads = delta.values().stream().mapToLong(Long::longValue).sum();
      assertThat(reads - queueReads)
          .as("1 read per SNS and 2 per EventBridge resync: %s", delta)
          .isEqualTo(snsResyncs + 2 * ruleResyncs);
      System.out.printf(
          "steady state: %d SNS and %d EventBridge reconciles, %s (0 writes)%n",
          snsResyncs, ruleResyncs, delta);
    }
  }

  @Test
  void aRuleThatIsNotOursIsReportedLeftAloneAndNotGranted() {
    String ns = main.namespaces.get(0);
    main.microservice(ns, "guarded", "queue: {}");
    String queueUrl = main.awaitQueue(ns, "guarded");
    String ruleName = CLUSTER + "-" + ns + "-taken";
    sdk.eventBridge()
        .putRule(r -> r.name(ruleName).eventPattern("{\"source\":[\"someone-else\"]}"));
    main.subscription(
        ns,
        "taken",
        "subscriber: guarded\nsource: {eventBus: {name: default, pattern: {source: [mine]}}}");
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition subscription = main.condition(ns, "taken", "SubscriptionReady");
          assertThat(subscription.getReason()).isEqualTo("NameConflict");
          assertThat(subscription.getMessage())
              .contains("EventBridge rule " + ruleName)
              .contains("not created by msa-operator");
          assertThat(main.condition(ns, "taken", "Ready").getReason()).isEqualTo("NameConflict");
        });
    main.awaitReconciles(EventSubscription.class, 1);
    assertThat(sdk.eventBridge().describeRule(r -> r.name(ruleName)).eventPattern())
        .contains("someone-else");
    assertThat(sdk.eventBridge().listTargetsByRule(r -> r.rule(ruleName)).targets()).isEmpty();
    assertThat(rawPolicy(queueUrl)).as("a rule that is not ours may not send").isNull();

    main.delete(EventSubscription.class, ns, "taken");
    main.awaitGone(EventSubscription.class, ns, "taken");
    assertThat(sdk.eventBridge().describeRule(r -> r.name(ruleName)).name()).isEqualTo(ruleName);
  }

  @Test
  void aFifoTopicCannotDeliverToAStandardQueue() {
    String ns = main.namespaces.get(0);
    main.microservice(ns, "fifo-pub", "publishes: [{name: ordered, fifo: true}]");
    main.microservice(ns, "std-sub", "queue: {}");
    main.awaitQueue(ns, "std-sub");
    main.subscription(
        ns,
        "mismatch",
        "subscriber: std-sub\nsource: {topic: {microservice: fifo-pub, name: ordered}}");
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition ready = main.condition(ns, "mismatch", "Ready");
          assertThat(ready.getReason()).isEqualTo("FifoMismatch");
          assertThat(ready.getMessage()).contains("FIFO").contains("std-sub");
        });
    assertThat(subscriptionsOf(arn("sns", CLUSTER + "-" + ns + "-fifo-pub-ordered.fifo")))
        .isEmpty();
  }

  /**
   * Found by FuzzedSpecsIT: a filter policy SNS refuses (free-form in the CRD) was sent, answered
   * InvalidParameter and sent again on every reconcile. It is caught before SNS: a new subscription
   * is not made, and one made from an earlier spec keeps its policy until the spec is fixed.
   */
  @Test
  void aFilterPolicySnsWouldRefuseIsReportedAndNotSent() {
    String ns = main.namespaces.get(0);
    main.microservice(ns, "shipper", "publishes: [{name: shipments}]");
    main.microservice(ns, "tracker", "queue: {}");
    main.awaitQueue(ns, "tracker");
    main.awaitTopic(ns, "shipper");
    String topicArn = arn("sns", CLUSTER + "-" + ns + "-shipper-shipments");
    String source =
        "subscriber: tracker\nsource: {topic: {microservice: shipper, name: shipments}}";
    long subscribes = main.calls("Subscribe");
    main.subscription(ns, "track", source + "\nfilterPolicy: {eventType: Shipped}");
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition ready = main.condition(ns, "track", "Ready");
          assertThat(ready.getReason()).isEqualTo(Reasons.INVALID_FILTER_POLICY);
          assertThat(ready.getMessage()).contains("eventType: must be a list");
          assertThat(main.condition(ns, "track", "Stalled").getStatus()).isEqualTo("True");
        });
    assertThat(main.calls("Subscribe")).as("nothing sent to SNS").isEqualTo(subscribes);
    assertThat(subscriptionsOf(topicArn)).isEmpty();

    main.subscription(ns, "track", source + "\nfilterPolicy: {eventType: [Shipped]}");
    String subscriptionArn = main.awaitReady(ns, "track").getStatus().getSubscriptionArn();
    long setAttributes = main.calls("SetSubscriptionAttributes");
    main.subscription(
        ns, "track", source + "\nfilterPolicy: {a: [1], b: [1], c: [1], d: [1], e: [1], f: [1]}");
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(main.condition(ns, "track", "Ready").getMessage())
                .contains("at most 5 attribute names"));
    assertThat(main.calls("SetSubscriptionAttributes")).isEqualTo(setAttributes);
    assertThat(subscriptionAttributes(subscriptionArn).get("FilterPolicy"))
        .as("the earlier policy stays")
        .contains("Shipped");
  }

  /** The same for an event pattern EventBridge would refuse. */
  @Test
  void anEventPatternEventBridgeWouldRefuseIsReportedAndNotSent() {
    String ns = main.namespaces.get(0);
    main.microservice(ns, "auditor", "queue: {}");
    main.awaitQueue(ns, "auditor");
    long putRules = main.calls("PutRule");
    main.subscription(
        ns,
        "audit",
        "subscriber: auditor\nsource: {eventBus: {pattern: {source: [com.acme], detail: {}}}}");
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition ready = main.condition(ns, "audit", "Ready");
          assertThat(ready.getReason()).isEqualTo(Reasons.INVALID_EVENT_PATTERN);
          assertThat(ready.getMessage()).contains("detail: empty objects are not allowed");
        });
    assertThat(main.calls("PutRule")).as("nothing sent to EventBridge").isEqualTo(putRules);
    String ruleName = CLUSTER + "-" + ns + "-audit";
    assertThat(sdk.eventBridge().listRules(r -> r.namePrefix(ruleName)).rules()).isEmpty();
  }

  @Test
  void aSecondSubscriptionOfTheSameTopicAndQueueWaitsAndTakesOver() {
    String ns = main.namespaces.get(0);
    main.microservice(ns, "twice-pub", "publishes: [{name: events}]");
    main.microservice(ns, "twice-sub", "queue: {}");
    main.awaitQueue(ns, "twice-sub");
    String spec = "subscriber: twice-sub\nsource: {topic: {microservice: twice-pub, name: events}}";
    main.subscription(ns, "first", spec);
    String arn = main.awaitReady(ns, "first").getStatus().getSubscriptionArn();
    main.subscription(ns, "second", spec + "\nrawMessageDelivery: true");
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(main.condition(ns, "second", "Ready").getReason())
                .isEqualTo("DuplicateSubscription"));
    assertThat(subscriptionAttributes(arn)).containsEntry("RawMessageDelivery", "false");

    main.delete(EventSubscription.class, ns, "first");
    main.awaitGone(EventSubscription.class, ns, "first");
    EventSubscription second = main.awaitReady(ns, "second");
    assertThat(second.getStatus().getSubscriptionArn()).isEqualTo(arn);
    assertThat(subscriptionAttributes(arn)).containsEntry("RawMessageDelivery", "true");
  }

  @Test
  void changingTheSubscriberOrTheKindOfSourceMovesTheSubscriptionAndItsGrant() {
    String ns = main.namespaces.get(0);
    main.microservice(ns, "mv-pub", "publishes: [{name: events}]");
    main.microservice(ns, "mv-a", "queue: {}");
    main.microservice(ns, "mv-b", "queue: {}");
    String queueA = main.awaitQueue(ns, "mv-a");
    String queueB = main.awaitQueue(ns, "mv-b");
    String topicArn = arn("sns", CLUSTER + "-" + ns + "-mv-pub-events");
    String topic = "source: {topic: {microservice: mv-pub, name: events}}";
    main.subscription(ns, "mover", "subscriber: mv-a\n" + topic);
    main.awaitReady(ns, "mover");
    assertThat(sourceArns(queueA)).containsExactly(topicArn);

    main.subscription(ns, "mover", "subscriber: mv-b\n" + topic);
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(sourceArns(queueB)).containsExactly(topicArn);
          assertThat(rawPolicy(queueA)).isNull();
          assertThat(subscriptionsOf(topicArn))
              .singleElement()
              .satisfies(
                  arn ->
                      assertThat(subscriptionAttributes(arn))
                          .containsEntry("Endpoint", queueArn(ns, "mv-b")));
        });

    String ruleArn = arn("events", "rule/" + CLUSTER + "-" + ns + "-mover");
    main.subscription(
        ns,
        "mover",
        "subscriber: mv-b\nsource: {eventBus: {name: default, pattern: {source: [m]}}}");
    Eventually.assertThat(
        WAIT,
        () -> {
          EventSubscription moved = main.get(EventSubscription.class, ns, "mover");
          assertThat(moved.getStatus().getRuleArn()).isEqualTo(ruleArn);
          assertThat(moved.getStatus().getSubscriptionArn()).isNull();
          assertThat(subscriptionsOf(topicArn)).isEmpty();
          assertThat(sourceArns(queueB)).containsExactly(ruleArn);
        });

    main.subscription(
        ns,
        "mover",
        "subscriber: mv-a\nsource: {eventBus: {name: default, pattern: {source: [m]}}}");
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(
                  sdk.eventBridge()
                      .listTargetsByRule(r -> r.rule(CLUSTER + "-" + ns + "-mover"))
                      .targets())
              .singleElement()
              .satisfies(t -> assertThat(t.arn()).isEqualTo(queueArn(ns, "mv-a")));
          assertThat(sourceArns(queueA)).containsExactly(ruleArn);
          assertThat(rawPolicy(queueB)).isNull();
        });
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static String arn(String service, String resource) {
    return "arn:aws:" + service + ":" + REGION + ":" + ACCOUNT + ":" + resource;
  }

  private static String queueArn(String ns, String name) {
    return arn("sqs", CLUSTER + "-" + ns + "-" + name);
  }

  private static String queueUrl(String ns, String name) {
    return sdk.sqs().getQueueUrl(r -> r.queueName(CLUSTER + "-" + ns + "-" + name)).queueUrl();
  }

  private static Map<String, String> subscriptionAttributes(String subscriptionArn) {
    return sdk.sns()
        .getSubscriptionAttributes(r -> r.subscriptionArn(subscriptionArn))
        .attributes();
  }

  private static List<String> subscriptionsOf(String topicArn) {
    return AwsInventory.subscriptions(sdk).stream()
        .filter(s -> topicArn.equals(s.topicArn()))
        .map(s -> s.subscriptionArn())
        .toList();
  }

  private static Map<String, String> ruleTags(String ruleArn) {
    Map<String, String> tags = new TreeMap<>();
    sdk.eventBridge()
        .listTagsForResource(r -> r.resourceARN(ruleArn))
        .tags()
        .forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  private static String rawPolicy(String queueUrl) {
    return sdk.sqs()
        .getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.POLICY))
        .attributesAsStrings()
        .get("Policy");
  }

  private static JsonNode policy(String queueUrl) {
    String policy = rawPolicy(queueUrl);
    assertThat(policy).as("policy of " + queueUrl).isNotNull();
    return PolicyDocuments.parse(policy);
  }

  /** The aws:SourceArn of every statement of the queue's policy. */
  private static List<String> sourceArns(String queueUrl) {
    String raw = rawPolicy(queueUrl);
    if (raw == null) {
      return List.of();
    }
    List<String> arns = new ArrayList<>();
    PolicyDocuments.parse(raw)
        .get("Statement")
        .forEach(s -> arns.add(s.get("Condition").get("ArnEquals").get("aws:SourceArn").asText()));
    return arns;
  }

  private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach(
        (operation, count) -> {
          long change = count - before.getOrDefault(operation, 0L);
          if (change != 0) {
            delta.put(operation, change);
          }
        });
    return delta;
  }

  /**
   * AWS calls made while reconciling EventSubscriptions: java-operator-sdk names its reconcile
   * threads after the controller, which separates them from the Microservice reconciler's.
   */
  private static final class CallsByController implements ExecutionInterceptor {
    final Map<String, Long> subscriptionCalls = new ConcurrentHashMap<>();
    final Map<String, Long> allCalls = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      allCalls.merge(operation, 1L, Long::sum);
      if (Thread.currentThread().getName().contains("-" + EventSubscriptionReconciler.NAME + "-")) {
        subscriptionCalls.merge(operation, 1L, Long::sum);
      }
    }
  }

  /** One operator watching the given namespaces, counting its AWS calls. */
  private static final class Harness extends OperatorHarness {
    final CallsByController calls;

    Harness(String... namespaces) {
      this(List.of(namespaces), "2s");
    }

    Harness(List<String> namespaces, String resyncInterval) {
      this(namespaces, resyncInterval, new CallsByController());
    }

    private Harness(List<String> namespaces, String resyncInterval, CallsByController calls) {
      super(
          EventSubscriptionIT.client,
          namespaces,
          Map.of(
              OperatorConfig.CLUSTER_NAME,
              CLUSTER,
              OperatorConfig.REGION,
              REGION,
              OperatorConfig.RESYNC_INTERVAL,
              resyncInterval,
              OperatorConfig.OIDC_PROVIDER_ARN,
              "arn:aws:iam::" + ACCOUNT + ":oidc-provider/oidc.example.com/id/IT"),
          List.of(calls));
      this.calls = calls;
    }

    void microservice(String ns, String name, String spec) {
      apply(
          Microservice.class,
          ns,
          "kind: Microservice\nmetadata: {name: %s}\nspec:\n  image: nginx:1\n  %s"
              .formatted(name, spec.replace("\n", "\n  ")));
    }

    void subscription(String ns, String name, String spec) {
      apply(
          EventSubscription.class,
          ns,
          "kind: EventSubscription\nmetadata: {name: %s}\nspec:\n  %s"
              .formatted(name, spec.replace("\n", "\n  ")));
    }

    String awaitQueue(String ns, String name) {
      return Eventually.get(
          WAIT,
          () ->
              Optional.ofNullable(find(Microservice.class, ns, name))
                  .map(Microservice::getStatus)
                  .map(s -> s.getQueue())
                  .map(q -> q.getUrl())
                  .orElse(null));
    }

    void awaitTopic(String ns, String name) {
      Eventually.assertThat(
          WAIT,
          () -> assertThat(get(Microservice.class, ns, name).getStatus().getTopics()).isNotEmpty());
    }

    EventSubscription awaitReady(String ns, String name) {
      Eventually.assertThat(
          WAIT,
          () -> {
            Condition ready = condition(ns, name, "Ready");
            assertThat(ready.getStatus()).as(ready.getMessage()).isEqualTo("True");
            assertThat(get(EventSubscription.class, ns, name).getStatus().getObservedGeneration())
                .isEqualTo(get(EventSubscription.class, ns, name).getMetadata().getGeneration());
          });
      return get(EventSubscription.class, ns, name);
    }

    /** Calls of every controller, counted by the recorder (the meters do not tell them apart). */
    @Override
    public long calls(String operation) {
      return calls.allCalls.getOrDefault(operation, 0L);
    }

    Map<String, Long> subscriptionCalls() {
      return new TreeMap<>(calls.subscriptionCalls);
    }

    Condition condition(String ns, String name, String type) {
      return condition(EventSubscription.class, ns, name, type);
    }
  }
}
