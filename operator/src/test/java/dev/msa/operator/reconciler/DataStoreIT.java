package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.aws.DynamoDbTables;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.PolicyDocuments;
import dev.msa.operator.testing.AwsCallCounts;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * DataStores against a real kube-apiserver and moto: the table and everything around its data, each
 * update DynamoDB allows in place, drift, the binding to Microservices (variables and policy
 * statements), ordered and protected deletion, re-adoption of a retained table, name conflicts and
 * the steady-state cost.
 */
class DataStoreIT {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final String CLUSTER = "itds";
  private static final String OIDC_PROVIDER =
      "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/DS";
  private static final String ORDERS =
      """
      partitionKey: {name: orderId, type: S}
      sortKey: {name: createdAt, type: "N"}
      globalSecondaryIndexes:
        - {name: by-customer, partitionKey: {name: customerId, type: S}, projection: ALL}
        - {name: by-status, partitionKey: {name: status, type: S}, sortKey: {name: createdAt, type: "N"}, projection: KEYS_ONLY}
        - {name: by-region, partitionKey: {name: region, type: S}, projection: INCLUDE, nonKeyAttributes: [total]}
      timeToLiveAttribute: expiresAt
      pointInTimeRecovery: true
      stream: NEW_AND_OLD_IMAGES
      """;
  private static KubernetesClient client;
  private static AwsClients sdk;
  private static Harness main;

  @BeforeAll
  static void start() {
    client = TestApiServer.get().newClient();
    Crds.install(client);
    sdk = TestMoto.get().clients(new SimpleMeterRegistry());
    main = new Harness(Namespaces.create(client, "ds"));
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
  void createsTheTableWithIndexesTimeToLiveRecoveryStreamAndProtection() {
    main.dataStore("orders", ORDERS, "");
    DataStore orders = main.awaitReady("orders");

    String tableName = CLUSTER + "-" + main.namespace + "-orders";
    TableDescription table = describe(tableName);
    assertThat(orders.getStatus().getTableName()).isEqualTo(tableName);
    assertThat(orders.getStatus().getTableArn())
        .isEqualTo("arn:aws:dynamodb:us-east-1:123456789012:table/" + tableName)
        .isEqualTo(table.tableArn());
    assertThat(orders.getStatus().getStreamArn())
        .isEqualTo(table.latestStreamArn())
        .startsWith(table.tableArn() + "/stream/");
    assertThat(orders.getStatus().getBoundBy()).isEmpty();

    assertThat(table.keySchema())
        .extracting(k -> k.attributeName() + ":" + k.keyType())
        .containsExactly("orderId:HASH", "createdAt:RANGE");
    assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(indexes(table))
        .containsEntry("by-customer", "customerId ALL []")
        .containsEntry("by-status", "status,createdAt KEYS_ONLY []")
        .containsEntry("by-region", "region INCLUDE [total]");
    assertThat(table.streamSpecification().streamViewTypeAsString())
        .isEqualTo("NEW_AND_OLD_IMAGES");
    assertThat(table.deletionProtectionEnabled()).as("on by default").isTrue();
    assertThat(timeToLive(tableName).attributeName()).isEqualTo("expiresAt");
    assertThat(timeToLive(tableName).timeToLiveStatusAsString()).isEqualTo("ENABLED");
    assertThat(pointInTimeRecovery(tableName)).isTrue();

    assertThat(tags(table.tableArn()))
        .containsEntry("msa.dev/uid", orders.getMetadata().getUid())
        .containsEntry("msa.dev/cluster", CLUSTER)
        .containsEntry("msa.dev/namespace", main.namespace)
        .containsEntry("msa.dev/kind", "DataStore")
        .containsEntry("msa.dev/name", "orders")
        .containsEntry("app.kubernetes.io/managed-by", "msa-operator");
    assertThat(main.calls("TagResource")).as("tags are passed at creation").isZero();
    assertThat(main.events("orders", "Created")).anyMatch(m -> m.contains(tableName));
    assertThat(conditionTypes(orders))
        .containsExactly(
            "Ready", "TableReady", "IndexesReady", "TimeToLiveReady", "PointInTimeRecoveryReady");
  }

  @Test
  void eachUpdateDynamoDbAllowsIsMadeInPlaceOneIndexAtATime() {
    String spec =
        """
        partitionKey: {name: id, type: S}
        billing: %s
        globalSecondaryIndexes: %s
        timeToLiveAttribute: %s
        pointInTimeRecovery: %s
        deletionProtection: %s
        """;
    String onDemand = "{mode: PAY_PER_REQUEST}";
    String a = "{name: idx-a, partitionKey: {name: x, type: S}}";
    main.dataStore(
        "updates", spec.formatted(onDemand, "[" + a + "]", "expiresAt", false, true), "");
    main.awaitReady("updates");
    String tableName = CLUSTER + "-" + main.namespace + "-updates";
    long createTables = main.calls("CreateTable");
    main.updates.clear();

    // Two indexes more: one UpdateTable each, never two index creations in one call.
    String aProvisioned =
        "{name: idx-a, partitionKey: {name: x, type: S}, readCapacity: 2, writeCapacity: 1}";
    String b = "{name: idx-b, partitionKey: {name: y, type: \"N\"}, projection: KEYS_ONLY}";
    String c =
        "{name: idx-c, partitionKey: {name: z, type: S}, projection: INCLUDE, nonKeyAttributes: [p]}";
    main.dataStore(
        "updates",
        spec.formatted(onDemand, "[" + a + ", " + b + ", " + c + "]", "expiresAt", false, true),
        "");
    Eventually.assertThat(
        WAIT,
        () -> assertThat(indexes(describe(tableName))).containsOnlyKeys("idx-a", "idx-b", "idx-c"));
    main.awaitReady("updates");
    assertThat(main.updates)
        .allMatch(u -> u.globalSecondaryIndexUpdates().size() <= 1)
        .filteredOn(u -> u.hasGlobalSecondaryIndexUpdates())
        .hasSize(2);

    // Two removed, and billing to PROVISIONED: deletions first, then the switch with capacities.
    main.updates.clear();
    main.dataStore(
        "updates",
        spec.formatted(
            "{mode: PROVISIONED, readCapacity: 5, writeCapacity: 3}",
            "[" + aProvisioned + "]",
            "expiresAt",
            false,
            true),
        "");
    Eventually.assertThat(
        WAIT,
        () -> {
          TableDescription table = describe(tableName);
          assertThat(indexes(table)).containsOnlyKeys("idx-a");
          assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PROVISIONED);
          assertThat(table.provisionedThroughput().readCapacityUnits()).isEqualTo(5);
          assertThat(
                  table.globalSecondaryIndexes().get(0).provisionedThroughput().readCapacityUnits())
              .isEqualTo(2);
        });
    main.awaitReady("updates");
    assertThat(main.updates)
        .extracting(DataStoreIT::describeUpdate)
        .containsSubsequence("delete idx-b", "delete idx-c", "billing PROVISIONED 5/3 idx-a=2/1");

    // Capacity only; then back to on-demand.
    main.dataStore(
        "updates",
        spec.formatted(
            "{mode: PROVISIONED, readCapacity: 7, writeCapacity: 3}",
            "[" + aProvisioned + "]",
            "expiresAt",
            false,
            true),
        "");
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(describe(tableName).provisionedThroughput().readCapacityUnits())
                .isEqualTo(7));
    main.dataStore(
        "updates", spec.formatted(onDemand, "[" + a + "]", "expiresAt", false, true), "");
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(describe(tableName).billingModeSummary().billingMode())
                .isEqualTo(BillingMode.PAY_PER_REQUEST));

    // Time to live on another attribute (a disable, then an enable), PITR on, protection off.
    main.dataStore("updates", spec.formatted(onDemand, "[" + a + "]", "ttl", true, false), "");
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(timeToLive(tableName).attributeName()).isEqualTo("ttl");
          assertThat(timeToLive(tableName).timeToLiveStatusAsString()).isEqualTo("ENABLED");
          assertThat(pointInTimeRecovery(tableName)).isTrue();
          assertThat(describe(tableName).deletionProtectionEnabled()).isFalse();
        });
    assertThat(main.calls("UpdateTimeToLive")).isGreaterThanOrEqualTo(2);
    main.awaitReady("updates");
    assertThat(main.events("updates", "Updated"))
        .anyMatch(m -> m.contains("time to live off expiresAt"))
        .anyMatch(m -> m.contains("time to live on ttl"))
        .anyMatch(m -> m.contains("point-in-time recovery on"))
        .anyMatch(m -> m.contains("deletion protection off"))
        .anyMatch(m -> m.contains("create index idx-b"))
        .anyMatch(m -> m.contains("billing mode PROVISIONED"));

    // Time to live off.
    String noTtl = spec.replace("timeToLiveAttribute: %s\n", "");
    main.dataStore("updates", noTtl.formatted(onDemand, "[" + a + "]", true, false), "");
    Eventually.assertThat(
        WAIT,
        () -> assertThat(timeToLive(tableName).timeToLiveStatusAsString()).isEqualTo("DISABLED"));
    assertThat(main.calls("CreateTable")).as("all in place").isEqualTo(createTables);
  }

  /**
   * DynamoDB keeps a new index CREATING while it backfills (moto makes it ACTIVE at once, so the
   * test rewrites its answers): the next index waits, the conditions say what for, a bound service
   * keeps its table meanwhile, and the rest follows once the index is ACTIVE.
   */
  @Test
  void theNextIndexWaitsWhileOneIsStillBeingCreated() {
    String spec = "partitionKey: {name: id, type: S}\nglobalSecondaryIndexes: [%s]\n";
    String one = "{name: idx-one, partitionKey: {name: x, type: S}}";
    String two = "{name: idx-two, partitionKey: {name: y, type: S}}";
    main.dataStore("slow", spec.formatted(""), "");
    main.awaitReady("slow");
    main.microservice("reader", "dataStores: [{name: slow, access: ReadOnly}]");
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(main.msCondition("reader", "DataStoresBound").getStatus())
                .isEqualTo("True"));
    main.busy.creating.add("idx-one");
    long before = main.updates.size();

    main.dataStore("slow", spec.formatted(one + ", " + two), "");
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition indexes = main.condition("slow", "IndexesReady");
          assertThat(indexes.getReason()).isEqualTo("Updating");
          assertThat(indexes.getMessage())
              .contains("index idx-one is CREATING")
              .contains("1 index change(s) to go")
              .contains("create index idx-two");
          assertThat(main.condition("slow", "Ready").getReason()).isEqualTo("Updating");
          Condition bound = main.msCondition("reader", "DataStoresBound");
          assertThat(bound.getReason()).isEqualTo("DataStoreNotReady");
          assertThat(bound.getMessage()).contains("DataStore slow is not Ready (Updating");
        });
    main.awaitReconciles(DataStore.class, 1);
    assertThat(main.updates.subList((int) before, main.updates.size()))
        .as("nothing more while idx-one is CREATING")
        .extracting(DataStoreIT::describeUpdate)
        .containsExactly("create idx-one");
    assertThat(main.env("reader"))
        .as("the table stays bound")
        .containsKey("MSA_DATASTORE_SLOW_ARN");

    main.busy.creating.clear();
    main.awaitReady("slow");
    assertThat(indexes(describe(CLUSTER + "-" + main.namespace + "-slow")))
        .containsOnlyKeys("idx-one", "idx-two");
    assertThat(main.events("slow", "Updated")).anyMatch(m -> m.contains("create index idx-two"));
    assertThat(main.events("slow", "DriftCorrected")).as("a step of an update").isEmpty();
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(main.msCondition("reader", "DataStoresBound").getStatus())
                .isEqualTo("True"));
  }

  /** AWS allows one time-to-live change per table per hour; moto does not, so it is injected. */
  @Test
  void aRefusedTimeToLiveChangeIsReportedWithItsCode() {
    main.dataStore("hourly", "partitionKey: {name: id, type: S}\n", "");
    main.awaitReady("hourly");
    main.faults.failWhen(
        "UpdateTimeToLive",
        request -> ((UpdateTimeToLiveRequest) request).tableName().endsWith("-hourly"),
        () ->
            AwsServiceException.builder()
                .statusCode(400)
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("ValidationException")
                        .errorMessage(
                            "Time to live has been modified multiple times within a fixed interval")
                        .serviceName("DynamoDb")
                        .build())
                .build());

    main.dataStore("hourly", "partitionKey: {name: id, type: S}\ntimeToLiveAttribute: ttl\n", "");
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition ttl = main.condition("hourly", "TimeToLiveReady");
          assertThat(ttl.getStatus()).isEqualTo("False");
          assertThat(ttl.getReason()).isEqualTo("ValidationException");
          assertThat(ttl.getMessage())
              .contains("modified multiple times")
              .contains("one time-to-live change per table per hour");
          assertThat(main.condition("hourly", "Ready").getReason())
              .isEqualTo("ValidationException");
          assertThat(main.condition("hourly", "TableReady").getStatus()).isEqualTo("True");
        });

    main.faults.clear();
    main.awaitReady("hourly");
    assertThat(timeToLive(CLUSTER + "-" + main.namespace + "-hourly").attributeName())
        .isEqualTo("ttl");
  }

  @Test
  void theStreamIsTurnedOnAndOff() {
    String spec = "partitionKey: {name: id, type: S}\n";
    main.dataStore("stream", spec, "");
    String tableName = CLUSTER + "-" + main.namespace + "-stream";
    assertThat(main.awaitReady("stream").getStatus().getStreamArn()).isNull();

    main.dataStore("stream", spec + "stream: KEYS_ONLY\n", "");
    Eventually.assertThat(
        WAIT,
        () -> {
          DataStore stream = main.get(DataStore.class, "stream");
          assertThat(stream.getStatus().getStreamArn())
              .isEqualTo(describe(tableName).latestStreamArn());
          assertThat(describe(tableName).streamSpecification().streamViewTypeAsString())
              .isEqualTo("KEYS_ONLY");
        });

    main.dataStore("stream", spec, "");
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(main.get(DataStore.class, "stream").getStatus().getStreamArn()).isNull();
          assertThat(describe(tableName).streamSpecification()).isNull();
        });
    main.awaitReady("stream");
  }

  /**
   * A new view type is a disable, then an enable. moto 5.2.5 refuses to enable a stream on a table
   * that ever had one (it keeps the old stream's label), where DynamoDB creates a new stream: here
   * the disable is checked, and the refusal shows how an AWS error reaches the condition.
   */
  @Test
  void aNewStreamViewTypeDisablesTheOldStreamFirst() {
    String spec = "partitionKey: {name: id, type: S}\nstream: %s\n";
    main.dataStore("views", spec.formatted("NEW_IMAGE"), "");
    main.awaitReady("views");
    main.updates.clear();

    main.dataStore("views", spec.formatted("OLD_IMAGE"), "");
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(main.updates)
              .extracting(DataStoreIT::describeUpdate)
              .startsWith("stream off", "stream OLD_IMAGE");
          Condition table = main.condition("views", "TableReady");
          var stream = describe(CLUSTER + "-" + main.namespace + "-views").streamSpecification();
          boolean enabled = stream != null && "OLD_IMAGE".equals(stream.streamViewTypeAsString());
          assertThat(enabled || table.getReason().equals("ResourceInUseException"))
              .as("TableReady: %s", table)
              .isTrue();
        });
    main.delete(DataStore.class, "views");
    main.awaitGone(DataStore.class, "views");
  }

  @Test
  void driftIsPutBackOnResyncAndAnnounced() {
    main.dataStore(
        "drift",
        """
        partitionKey: {name: id, type: S}
        timeToLiveAttribute: expiresAt
        pointInTimeRecovery: true
        """,
        "");
    main.awaitReady("drift");
    String tableName = CLUSTER + "-" + main.namespace + "-drift";

    sdk.dynamoDb()
        .updateTimeToLive(
            r ->
                r.tableName(tableName)
                    .timeToLiveSpecification(s -> s.attributeName("expiresAt").enabled(false)));
    sdk.dynamoDb()
        .updateContinuousBackups(
            r ->
                r.tableName(tableName)
                    .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(false)));
    sdk.dynamoDb().updateTable(r -> r.tableName(tableName).deletionProtectionEnabled(false));
    sdk.dynamoDb()
        .updateTable(
            r ->
                r.tableName(tableName)
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType("KEYS_ONLY")));
    sdk.dynamoDb()
        .updateTable(
            r ->
                r.tableName(tableName)
                    .billingMode(BillingMode.PROVISIONED)
                    .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L)));

    Eventually.assertThat(
        WAIT,
        () -> {
          TableDescription table = describe(tableName);
          assertThat(timeToLive(tableName).timeToLiveStatusAsString()).isEqualTo("ENABLED");
          assertThat(pointInTimeRecovery(tableName)).isTrue();
          assertThat(table.deletionProtectionEnabled()).isTrue();
          assertThat(table.billingModeSummary().billingMode())
              .isEqualTo(BillingMode.PAY_PER_REQUEST);
          assertThat(table.streamSpecification()).isNull();
          assertThat(String.join("\n", main.events("drift", "DriftCorrected")))
              .contains("time to live on expiresAt")
              .contains("point-in-time recovery on")
              .contains("deletion protection on")
              .contains("billing mode PAY_PER_REQUEST")
              .contains("stream off");
        });
  }

  @Test
  void aBoundServiceGetsExactlyItsTablesStatementsAndVariablesAndLosesThemWhenUnbound() {
    main.dataStore("ledger", "partitionKey: {name: id, type: S}\nstream: NEW_AND_OLD_IMAGES\n", "");
    main.dataStore("catalog", "partitionKey: {name: sku, type: S}\n", "");
    DataStore ledger = main.awaitReady("ledger");
    DataStore catalog = main.awaitReady("catalog");
    String ledgerArn = ledger.getStatus().getTableArn();
    String catalogArn = catalog.getStatus().getTableArn();
    String streamArn = ledger.getStatus().getStreamArn();
    assertThat(streamArn).isNotNull();

    main.microservice("billing", "dataStores: [{name: ledger}, {name: catalog, access: ReadOnly}]");
    String roleName = CLUSTER + "-" + main.namespace + "-billing";
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(main.msCondition("billing", "DataStoresBound").getStatus()).isEqualTo("True");
          assertThat(main.env("billing"))
              .containsEntry("MSA_DATASTORE_LEDGER_TABLE", ledger.getStatus().getTableName())
              .containsEntry("MSA_DATASTORE_LEDGER_ARN", ledgerArn)
              .containsEntry("MSA_DATASTORE_CATALOG_TABLE", catalog.getStatus().getTableName())
              .containsEntry("MSA_DATASTORE_CATALOG_ARN", catalogArn);
          assertThat(PolicyDocuments.parse(inlinePolicy(roleName)))
              .isEqualTo(
                  PolicyDocuments.parse(
                      """
                      {"Version":"2012-10-17","Statement":[
                        {"Sid":"ReadWriteBoundTables","Effect":"Allow",
                         "Action":["dynamodb:BatchGetItem","dynamodb:BatchWriteItem",
                                   "dynamodb:ConditionCheckItem","dynamodb:DeleteItem",
                                   "dynamodb:DescribeTable","dynamodb:GetItem","dynamodb:PutItem",
                                   "dynamodb:Query","dynamodb:Scan","dynamodb:UpdateItem"],
                         "Resource":["%1$s","%1$s/index/*"]},
                        {"Sid":"ReadBoundTables","Effect":"Allow",
                         "Action":["dynamodb:BatchGetItem","dynamodb:DescribeTable",
                                   "dynamodb:GetItem","dynamodb:Query","dynamodb:Scan"],
                         "Resource":["%2$s","%2$s/index/*"]},
                        {"Sid":"ReadBoundTableStreams","Effect":"Allow",
                         "Action":["dynamodb:DescribeStream","dynamodb:GetRecords",
                                   "dynamodb:GetShardIterator"],
                         "Resource":["%3$s"]}]}
                      """
                          .formatted(ledgerArn, catalogArn, streamArn)));
          assertThat(main.get(DataStore.class, "ledger").getStatus().getBoundBy())
              .containsExactly("billing");
          assertThat(main.get(DataStore.class, "catalog").getStatus().getBoundBy())
              .containsExactly("billing");
        });

    main.microservice("billing", "dataStores: [{name: catalog, access: ReadOnly}]");
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(main.env("billing"))
              .doesNotContainKeys("MSA_DATASTORE_LEDGER_TABLE", "MSA_DATASTORE_LEDGER_ARN")
              .containsKey("MSA_DATASTORE_CATALOG_ARN");
          assertThat(inlinePolicy(roleName)).doesNotContain(ledgerArn).contains(catalogArn);
          assertThat(main.get(DataStore.class, "ledger").getStatus().getBoundBy()).isEmpty();
        });

    main.microservice("billing", "queue: {}");
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(main.env("billing"))
              .noneSatisfy((k, v) -> assertThat(k).startsWith("MSA_DATASTORE_"));
          assertThat(inlinePolicy(roleName)).doesNotContain("dynamodb:");
          assertThat(main.msCondition("billing", "DataStoresBound").getReason())
              .isEqualTo("NotRequested");
        });
    assertThat(main.events("billing", "DriftCorrected"))
        .as("a binding is no drift")
        .noneMatch(m -> m.contains("inline policy"));
  }

  @Test
  void aMissingDataStoreHoldsTheServiceUntilItIsReady() {
    main.microservice("waiter", "dataStores: [{name: later}]");
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition bound = main.msCondition("waiter", "DataStoresBound");
          assertThat(bound.getStatus()).isEqualTo("False");
          assertThat(bound.getReason()).isEqualTo("DataStoreNotReady");
          assertThat(bound.getMessage()).contains("DataStore later does not exist");
          assertThat(main.msCondition("waiter", "Ready").getStatus()).isEqualTo("False");
          assertThat(main.env("waiter")).doesNotContainKey("MSA_DATASTORE_LATER_TABLE");
        });

    main.dataStore("later", "partitionKey: {name: id, type: S}\n", "");
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(main.msCondition("waiter", "DataStoresBound").getStatus()).isEqualTo("True");
          assertThat(main.env("waiter")).containsKey("MSA_DATASTORE_LATER_TABLE");
        });
  }

  @Test
  void retainLeavesTheTableWithItsItemsAndTheNextDataStoreAdoptsIt() {
    main.dataStore("keep", "partitionKey: {name: id, type: S}\n", "deletionPolicy: Retain");
    String firstUid = main.awaitReady("keep").getMetadata().getUid();
    String tableName = CLUSTER + "-" + main.namespace + "-keep";
    sdk.dynamoDb()
        .putItem(
            r ->
                r.tableName(tableName)
                    .item(
                        Map.of("id", AttributeValue.fromS("42"), "v", AttributeValue.fromS("x"))));

    main.delete(DataStore.class, "keep");
    main.awaitGone(DataStore.class, "keep");
    assertThat(
            sdk.dynamoDb()
                .getItem(r -> r.tableName(tableName).key(Map.of("id", AttributeValue.fromS("42"))))
                .item())
        .containsEntry("v", AttributeValue.fromS("x"));
    assertThat(tags(describe(tableName).tableArn())).containsEntry("msa.dev/uid", firstUid);

    main.dataStore("keep", "partitionKey: {name: id, type: S}\n", "deletionPolicy: Retain");
    DataStore again = main.awaitReady("keep");
    assertThat(again.getMetadata().getUid()).isNotEqualTo(firstUid);
    assertThat(tags(describe(tableName).tableArn()))
        .containsEntry("msa.dev/uid", again.getMetadata().getUid());
    assertThat(
            sdk.dynamoDb()
                .getItem(r -> r.tableName(tableName).key(Map.of("id", AttributeValue.fromS("42"))))
                .item())
        .as("the same table, with its data")
        .isNotEmpty();
    assertThat(main.events("keep", "Adopted")).anyMatch(m -> m.contains("adopted"));
  }

  @Test
  void deleteWaitsForProtectionToBeTurnedOffThenDeletesTheTable() {
    String spec = "partitionKey: {name: id, type: S}\ndeletionProtection: %s\n";
    main.dataStore("doomed", spec.formatted(true), "deletionPolicy: Delete");
    main.awaitReady("doomed");
    String tableName = CLUSTER + "-" + main.namespace + "-doomed";

    main.delete(DataStore.class, "doomed");
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition ready = main.condition("doomed", "Ready");
          assertThat(ready.getReason()).isEqualTo("DeletionProtected");
          assertThat(ready.getMessage())
              .contains(tableName)
              .contains("set spec.dynamoDB.deletionProtection to false");
        });
    main.awaitReconciles(DataStore.class, 1);
    assertThat(main.find(DataStore.class, "doomed")).as("still waiting").isNotNull();
    assertThat(describe(tableName).deletionProtectionEnabled()).isTrue();

    main.dataStore("doomed", spec.formatted(false), "deletionPolicy: Delete");
    main.awaitGone(DataStore.class, "doomed");
    assertThat(tableExists(tableName)).isFalse();
  }

  @Test
  void deletionWaitsWhileAMicroserviceListsTheDataStore() {
    main.dataStore("held", "partitionKey: {name: id, type: S}\n", "");
    main.awaitReady("held");
    main.microservice("holder", "dataStores: [{name: held, access: ReadOnly}]");
    Eventually.assertThat(
        WAIT,
        () ->
            assertThat(main.get(DataStore.class, "held").getStatus().getBoundBy())
                .containsExactly("holder"));

    main.delete(DataStore.class, "held");
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition ready = main.condition("held", "Ready");
          assertThat(ready.getReason()).isEqualTo("InUse");
          assertThat(ready.getMessage()).contains("holder");
          assertThat(main.msCondition("holder", "DataStoresBound").getStatus())
              .as("the holder hears about it")
              .isEqualTo("False");
        });
    main.awaitReconciles(DataStore.class, 1);
    assertThat(main.find(DataStore.class, "held")).isNotNull();
    assertThat(main.env("holder"))
        .as("the grant stays while held")
        .containsKey("MSA_DATASTORE_HELD_ARN");

    main.microservice("holder", "queue: {}");
    main.awaitGone(DataStore.class, "held");
    Eventually.assertThat(
        WAIT, () -> assertThat(main.env("holder")).doesNotContainKey("MSA_DATASTORE_HELD_ARN"));
  }

  @Test
  void aTableThatIsNotOursIsReportedAndLeftAlone() {
    String tableName = CLUSTER + "-" + main.namespace + "-taken";
    sdk.dynamoDb()
        .createTable(
            r ->
                r.tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S")));

    main.dataStore(
        "taken",
        "partitionKey: {name: id, type: S}\npointInTimeRecovery: true\n",
        "deletionPolicy: Delete");
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition table = main.condition("taken", "TableReady");
          assertThat(table.getReason()).isEqualTo("NameConflict");
          assertThat(table.getMessage())
              .contains("DynamoDB table " + tableName)
              .contains("not created by msa-operator");
          assertThat(main.condition("taken", "Ready").getReason()).isEqualTo("NameConflict");
        });
    assertThat(pointInTimeRecovery(tableName)).isFalse();
    assertThat(describe(tableName).deletionProtectionEnabled()).isFalse();

    main.delete(DataStore.class, "taken");
    main.awaitGone(DataStore.class, "taken");
    assertThat(tableExists(tableName)).as("deletion leaves a table that is not ours").isTrue();
  }

  @Test
  void theSteadyStateWritesNothingAndReadsThreeTimesPerResync() {
    try (Harness steady = new Harness(Namespaces.create(client, "ds-steady"))) {
      steady.dataStore("calm", ORDERS, "");
      steady.awaitReady("calm");
      steady.awaitReconciles(DataStore.class, 1);
      Map<String, Long> before = AwsCallCounts.byOperation(steady.registry);
      steady.awaitReconciles(DataStore.class, 4);
      Map<String, Long> delta =
          AwsCallCounts.delta(before, AwsCallCounts.byOperation(steady.registry));

      long resyncs = delta.getOrDefault("DescribeTable", 0L);
      assertThat(resyncs).as("resyncs in 9 s: %s", delta).isGreaterThanOrEqualTo(3);
      assertThat(delta.keySet()).as("AWS calls in steady state").allMatch(AwsCallCounts::isRead);
      assertThat(delta)
          .as("DescribeTable, DescribeTimeToLive, DescribeContinuousBackups once each")
          .containsOnlyKeys("DescribeTable", "DescribeTimeToLive", "DescribeContinuousBackups");
      long reads = delta.values().stream().mapToLong(Long::longValue).sum();
      assertThat((double) reads / resyncs).as("reads per resync: %s", delta).isLessThanOrEqualTo(3);
      System.out.printf(
          "DataStore steady state: %d resyncs, %s (%.1f reads each, 0 writes)%n",
          resyncs, delta, (double) reads / resyncs);
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static TableDescription describe(String tableName) {
    return sdk.dynamoDb().describeTable(r -> r.tableName(tableName)).table();
  }

  private static boolean tableExists(String tableName) {
    try {
      describe(tableName);
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }

  private static TimeToLiveDescription timeToLive(String tableName) {
    return sdk.dynamoDb().describeTimeToLive(r -> r.tableName(tableName)).timeToLiveDescription();
  }

  private static boolean pointInTimeRecovery(String tableName) {
    return sdk.dynamoDb()
            .describeContinuousBackups(r -> r.tableName(tableName))
            .continuousBackupsDescription()
            .pointInTimeRecoveryDescription()
            .pointInTimeRecoveryStatus()
        == PointInTimeRecoveryStatus.ENABLED;
  }

  private static Map<String, String> tags(String arn) {
    return new DynamoDbTables(sdk.dynamoDb()).tags(arn);
  }

  /** Index name → "keys projection [nonKeyAttributes]". */
  private static Map<String, String> indexes(TableDescription table) {
    Map<String, String> indexes = new LinkedHashMap<>();
    for (GlobalSecondaryIndexDescription index : table.globalSecondaryIndexes()) {
      indexes.put(
          index.indexName(),
          index.keySchema().stream().map(k -> k.attributeName()).collect(Collectors.joining(","))
              + " "
              + index.projection().projectionTypeAsString()
              + " "
              + index.projection().nonKeyAttributes());
    }
    return indexes;
  }

  private static String inlinePolicy(String roleName) {
    return sdk.iam()
            .listRolePolicies(r -> r.roleName(roleName))
            .policyNames()
            .contains("msa-operator")
        ? URLDecoder.decode(
            sdk.iam()
                .getRolePolicy(r -> r.roleName(roleName).policyName("msa-operator"))
                .policyDocument(),
            StandardCharsets.UTF_8)
        : "";
  }

  private static List<String> conditionTypes(DataStore dataStore) {
    return dataStore.getStatus().getConditions().stream().map(Condition::getType).toList();
  }

  /** An UpdateTable request, in short: what the test asserts on. */
  private static String describeUpdate(UpdateTableRequest u) {
    List<String> parts = new ArrayList<>();
    u.globalSecondaryIndexUpdates()
        .forEach(
            g -> {
              if (g.create() != null) {
                parts.add("create " + g.create().indexName());
              }
              if (g.delete() != null) {
                parts.add("delete " + g.delete().indexName());
              }
            });
    if (u.billingMode() != null) {
      StringBuilder billing = new StringBuilder("billing " + u.billingModeAsString());
      if (u.provisionedThroughput() != null) {
        billing
            .append(' ')
            .append(u.provisionedThroughput().readCapacityUnits())
            .append('/')
            .append(u.provisionedThroughput().writeCapacityUnits());
      }
      u.globalSecondaryIndexUpdates().stream()
          .filter(g -> g.update() != null)
          .forEach(
              g ->
                  billing
                      .append(' ')
                      .append(g.update().indexName())
                      .append('=')
                      .append(g.update().provisionedThroughput().readCapacityUnits())
                      .append('/')
                      .append(g.update().provisionedThroughput().writeCapacityUnits()));
      parts.add(billing.toString());
    }
    if (u.streamSpecification() != null) {
      parts.add(
          Boolean.TRUE.equals(u.streamSpecification().streamEnabled())
              ? "stream " + u.streamSpecification().streamViewTypeAsString()
              : "stream off");
    }
    if (u.deletionProtectionEnabled() != null) {
      parts.add("protection " + u.deletionProtectionEnabled());
    }
    return String.join(" + ", parts);
  }

  /** Makes the named indexes look CREATING in DynamoDB's answers, as a backfilling index is. */
  private static final class BusyIndexes implements ExecutionInterceptor {
    final Set<String> creating = ConcurrentHashMap.newKeySet();

    @Override
    public SdkResponse modifyResponse(
        Context.ModifyResponse context, ExecutionAttributes attributes) {
      SdkResponse response = context.response();
      if (creating.isEmpty()) {
        return response;
      }
      if (response instanceof DescribeTableResponse describe) {
        return describe.toBuilder().table(busy(describe.table())).build();
      }
      if (response instanceof UpdateTableResponse update) {
        return update.toBuilder().tableDescription(busy(update.tableDescription())).build();
      }
      return response;
    }

    private TableDescription busy(TableDescription table) {
      return table.toBuilder()
          .globalSecondaryIndexes(
              table.globalSecondaryIndexes().stream()
                  .map(
                      i ->
                          creating.contains(i.indexName())
                              ? i.toBuilder()
                                  .indexStatus(IndexStatus.CREATING)
                                  .backfilling(true)
                                  .build()
                              : i)
                  .toList())
          .build();
    }
  }

  /** Records the UpdateTable requests that leave the process. */
  private static final class UpdateTableRecorder implements ExecutionInterceptor {
    final List<UpdateTableRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof UpdateTableRequest update) {
        requests.add(update);
      }
    }
  }

  /** One operator watching one namespace, with its own metrics and recorded table updates. */
  private static final class Harness extends OperatorHarness {
    final List<UpdateTableRequest> updates;
    final BusyIndexes busy;

    Harness(String namespace) {
      this(namespace, new UpdateTableRecorder(), new BusyIndexes());
    }

    private Harness(String namespace, UpdateTableRecorder recorder, BusyIndexes busy) {
      super(
          DataStoreIT.client,
          List.of(namespace),
          Map.of(
              OperatorConfig.CLUSTER_NAME, CLUSTER,
              OperatorConfig.OIDC_PROVIDER_ARN, OIDC_PROVIDER),
          List.of(recorder, busy));
      this.updates = recorder.requests;
      this.busy = busy;
    }

    void dataStore(String name, String dynamoDb, String more) {
      apply(
          DataStore.class,
          """
          kind: DataStore
          metadata: {name: %s}
          spec:
            dynamoDB:
          %s
            %s
          """
              .formatted(name, dynamoDb.indent(4), more));
    }

    void microservice(String name, String spec) {
      apply(
          Microservice.class,
          """
          kind: Microservice
          metadata: {name: %s}
          spec:
            image: nginx:1
            replicas: 1
            %s
          """
              .formatted(name, spec));
    }

    DataStore awaitReady(String name) {
      Eventually.assertThat(
          WAIT,
          () -> {
            Condition ready = condition(name, "Ready");
            assertThat(ready.getStatus()).as("Ready: " + ready.getMessage()).isEqualTo("True");
            DataStore dataStore = get(DataStore.class, name);
            assertThat(dataStore.getStatus().getObservedGeneration())
                .isEqualTo(dataStore.getMetadata().getGeneration());
          });
      return get(DataStore.class, name);
    }

    Condition condition(String name, String type) {
      return condition(DataStore.class, namespace, name, type);
    }

    Condition msCondition(String name, String type) {
      return condition(Microservice.class, namespace, name, type);
    }
  }
}
