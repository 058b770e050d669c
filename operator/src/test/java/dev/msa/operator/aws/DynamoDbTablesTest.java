package dev.msa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.model.ObservedTable;
import dev.msa.operator.model.TableDefinition;
import dev.msa.operator.model.TableDefinition.Capacity;
import dev.msa.operator.model.TableDefinition.Index;
import dev.msa.operator.model.TableDefinition.Key;
import dev.msa.operator.model.TableUpdate.CreateIndex;
import dev.msa.operator.model.TableUpdate.DeleteIndex;
import dev.msa.operator.model.TableUpdate.SetBilling;
import dev.msa.operator.model.TableUpdate.SetDeletionProtection;
import dev.msa.operator.model.TableUpdate.SetStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

/** The request builders and the reading of DescribeTable, without a server. */
class DynamoDbTablesTest {
  private static final Index BY_CUSTOMER =
      new Index(
          "by-customer",
          new Key("customerId", "S"),
          Optional.of(new Key("createdAt", "N")),
          "INCLUDE",
          List.of("total"),
          Optional.empty());

  private static TableDefinition table(Optional<Capacity> provisioned, List<Index> indexes) {
    return new TableDefinition(
        "prod-shop-orders",
        new Key("orderId", "S"),
        Optional.of(new Key("createdAt", "N")),
        provisioned,
        indexes,
        Optional.of("expiresAt"),
        true,
        Optional.of("NEW_AND_OLD_IMAGES"),
        true);
  }

  @Test
  void createTableCarriesKeysIndexesStreamProtectionAndTags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("msa.dev/uid", "u-1");
    tags.put("msa.dev/kind", "DataStore");
    CreateTableRequest request =
        DynamoDbTables.createRequest(table(Optional.empty(), List.of(BY_CUSTOMER)), tags);

    assertThat(request.tableName()).isEqualTo("prod-shop-orders");
    assertThat(request.keySchema())
        .extracting(k -> k.attributeName() + ":" + k.keyType())
        .containsExactly("orderId:HASH", "createdAt:RANGE");
    assertThat(request.attributeDefinitions())
        .extracting(AttributeDefinition::attributeName, AttributeDefinition::attributeTypeAsString)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("createdAt", "N"),
            org.assertj.core.groups.Tuple.tuple("customerId", "S"),
            org.assertj.core.groups.Tuple.tuple("orderId", "S"));
    assertThat(request.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(request.provisionedThroughput()).isNull();
    assertThat(request.globalSecondaryIndexes())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.indexName()).isEqualTo("by-customer");
              assertThat(i.keySchema())
                  .extracting(k -> k.attributeName() + ":" + k.keyType())
                  .containsExactly("customerId:HASH", "createdAt:RANGE");
              assertThat(i.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
              assertThat(i.projection().nonKeyAttributes()).containsExactly("total");
              assertThat(i.provisionedThroughput()).isNull();
            });
    assertThat(request.streamSpecification().streamEnabled()).isTrue();
    assertThat(request.streamSpecification().streamViewType())
        .isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
    assertThat(request.deletionProtectionEnabled()).isTrue();
    assertThat(request.tags())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactly("msa.dev/uid=u-1", "msa.dev/kind=DataStore");
  }

  @Test
  void provisionedTablesAndIndexesCarryTheirCapacity() {
    Index provisioned =
        new Index(
            "by-status",
            new Key("status", "S"),
            Optional.empty(),
            "KEYS_ONLY",
            List.of(),
            Optional.of(new Capacity(3, 1)));
    CreateTableRequest request =
        DynamoDbTables.createRequest(
            table(Optional.of(new Capacity(5, 2)), List.of(provisioned)), Map.of());

    assertThat(request.billingMode()).isEqualTo(BillingMode.PROVISIONED);
    assertThat(request.provisionedThroughput().readCapacityUnits()).isEqualTo(5);
    assertThat(request.provisionedThroughput().writeCapacityUnits()).isEqualTo(2);
    assertThat(request.globalSecondaryIndexes().get(0).provisionedThroughput().readCapacityUnits())
        .isEqualTo(3);
    assertThat(request.globalSecondaryIndexes().get(0).projection().nonKeyAttributes())
        .as("not sent for KEYS_ONLY")
        .isEmpty();
    assertThat(request.hasTags()).as("no empty Tags parameter").isFalse();
  }

  @Test
  void eachUpdateIsOneKindOfChange() {
    UpdateTableRequest protection =
        DynamoDbTables.updateRequest("t", new SetDeletionProtection(false));
    assertThat(protection.deletionProtectionEnabled()).isFalse();
    assertThat(protection.hasGlobalSecondaryIndexUpdates()).isFalse();
    assertThat(protection.billingMode()).isNull();

    UpdateTableRequest toProvisioned =
        DynamoDbTables.updateRequest(
            "t",
            new SetBilling(
                Optional.of("PROVISIONED"),
                Optional.of(new Capacity(5, 5)),
                Map.of("b", new Capacity(2, 2), "a", new Capacity(1, 1))));
    assertThat(toProvisioned.billingMode()).isEqualTo(BillingMode.PROVISIONED);
    assertThat(toProvisioned.provisionedThroughput().readCapacityUnits()).isEqualTo(5);
    assertThat(toProvisioned.globalSecondaryIndexUpdates())
        .extracting(
            u ->
                u.update().indexName()
                    + "="
                    + u.update().provisionedThroughput().readCapacityUnits())
        .containsExactly("a=1", "b=2");

    UpdateTableRequest toOnDemand =
        DynamoDbTables.updateRequest(
            "t", new SetBilling(Optional.of("PAY_PER_REQUEST"), Optional.empty(), Map.of()));
    assertThat(toOnDemand.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(toOnDemand.provisionedThroughput()).isNull();
    assertThat(toOnDemand.hasGlobalSecondaryIndexUpdates()).isFalse();

    UpdateTableRequest streamOff =
        DynamoDbTables.updateRequest("t", new SetStream(Optional.empty()));
    assertThat(streamOff.streamSpecification().streamEnabled()).isFalse();
    assertThat(streamOff.streamSpecification().streamViewType()).isNull();

    UpdateTableRequest delete = DynamoDbTables.updateRequest("t", new DeleteIndex("a"));
    assertThat(delete.globalSecondaryIndexUpdates())
        .singleElement()
        .satisfies(u -> assertThat(u.delete().indexName()).isEqualTo("a"));
    assertThat(delete.hasAttributeDefinitions()).isFalse();

    UpdateTableRequest create =
        DynamoDbTables.updateRequest(
            "t",
            new CreateIndex(
                BY_CUSTOMER, Map.of("orderId", "S", "createdAt", "N", "customerId", "S")));
    assertThat(create.globalSecondaryIndexUpdates())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.create().indexName()).isEqualTo("by-customer");
              assertThat(u.create().projection().nonKeyAttributes()).containsExactly("total");
            });
    assertThat(create.attributeDefinitions())
        .extracting(AttributeDefinition::attributeName)
        .containsExactly("createdAt", "customerId", "orderId");
  }

  @Test
  void describeTableIsReadInTheModelsTerms() {
    TableDescription description =
        TableDescription.builder()
            .tableName("t")
            .tableArn("arn:aws:dynamodb:us-east-1:123456789012:table/t")
            .tableStatus("ACTIVE")
            .keySchema(k -> k.attributeName("orderId").keyType(KeyType.HASH))
            .attributeDefinitions(
                a -> a.attributeName("orderId").attributeType("S"),
                a -> a.attributeName("customerId").attributeType("S"),
                a -> a.attributeName("createdAt").attributeType("N"))
            // a table created PROVISIONED and never switched has no BillingModeSummary
            .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(2L))
            .globalSecondaryIndexes(
                i ->
                    i.indexName("by-customer")
                        .indexStatus("CREATING")
                        .keySchema(
                            k -> k.attributeName("customerId").keyType(KeyType.HASH),
                            k -> k.attributeName("createdAt").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType("INCLUDE").nonKeyAttributes("total"))
                        .provisionedThroughput(p -> p.readCapacityUnits(3L).writeCapacityUnits(1L)))
            .streamSpecification(s -> s.streamEnabled(false))
            .latestStreamArn("arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/old")
            .deletionProtectionEnabled(true)
            .build();

    ObservedTable table = DynamoDbTables.observed(description);
    assertThat(table.partitionKey()).isEqualTo(new Key("orderId", "S"));
    assertThat(table.sortKey()).isEmpty();
    assertThat(table.provisioned()).contains(new Capacity(5, 2));
    assertThat(table.indexes())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.status()).isEqualTo("CREATING");
              assertThat(i.index().sameShape(BY_CUSTOMER)).isTrue();
              assertThat(i.index().provisioned()).contains(new Capacity(3, 1));
            });
    assertThat(table.streamViewType()).as("disabled").isEmpty();
    assertThat(table.streamArn()).isEmpty();
    assertThat(table.deletionProtection()).isTrue();

    ObservedTable onDemand =
        DynamoDbTables.observed(
            description.toBuilder()
                .billingModeSummary(b -> b.billingMode(BillingMode.PAY_PER_REQUEST))
                .provisionedThroughput(p -> p.readCapacityUnits(0L).writeCapacityUnits(0L))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType("KEYS_ONLY"))
                .latestStreamArn("arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/new")
                .build());
    assertThat(onDemand.provisioned()).isEmpty();
    assertThat(onDemand.indexes().get(0).index().provisioned()).isEmpty();
    assertThat(onDemand.streamViewType()).contains("KEYS_ONLY");
    assertThat(onDemand.streamArn())
        .contains("arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/new");
  }
}
