package dev.msa.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.model.TableDefinition.Capacity;
import dev.msa.operator.model.TableDefinition.Index;
import dev.msa.operator.model.TableDefinition.Key;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DesiredTableTest {

  static DataStore dataStore(String dynamoDbYaml) {
    return Serialization.unmarshal(
        """
        apiVersion: msa.dev/v1alpha1
        kind: DataStore
        metadata: {name: orders, namespace: shop, generation: 1}
        spec:
          dynamoDB:
        %s"""
            .formatted(dynamoDbYaml.indent(4)),
        DataStore.class);
  }

  @Test
  void theSamplesTableWithEveryOption() {
    TableDefinition table =
        DesiredTable.build(
            dataStore(
                """
                partitionKey: {name: orderId, type: S}
                sortKey: {name: createdAt, type: "N"}
                billing: {mode: PAY_PER_REQUEST}
                globalSecondaryIndexes:
                  - {name: by-customer, partitionKey: {name: customerId, type: S}, projection: ALL}
                timeToLiveAttribute: expiresAt
                pointInTimeRecovery: true
                stream: NEW_AND_OLD_IMAGES
                deletionProtection: true
                """),
            "prod-shop-orders");

    assertThat(table)
        .isEqualTo(
            new TableDefinition(
                "prod-shop-orders",
                new Key("orderId", "S"),
                Optional.of(new Key("createdAt", "N")),
                Optional.empty(),
                List.of(
                    new Index(
                        "by-customer",
                        new Key("customerId", "S"),
                        Optional.empty(),
                        "ALL",
                        List.of(),
                        Optional.empty())),
                Optional.of("expiresAt"),
                true,
                Optional.of("NEW_AND_OLD_IMAGES"),
                true));
    assertThat(table.attributeDefinitions())
        .containsExactly(
            Map.entry("createdAt", "N"), Map.entry("customerId", "S"), Map.entry("orderId", "S"));
  }

  /** String, Number and Binary are the same keys as S, N and B: what DynamoDB is sent. */
  @Test
  void keyTypesSpelledAsWordsBecomeDynamoDbsCodes() {
    TableDefinition table =
        DesiredTable.build(
            dataStore(
                """
                partitionKey: {name: id, type: String}
                sortKey: {name: at, type: Number}
                globalSecondaryIndexes:
                  - {name: by-blob, partitionKey: {name: blob, type: Binary}, sortKey: {name: n, type: "N"}}
                """),
            "t");

    assertThat(table.partitionKey()).isEqualTo(new Key("id", "S"));
    assertThat(table.sortKey()).contains(new Key("at", "N"));
    assertThat(table.indexes().get(0).partitionKey()).isEqualTo(new Key("blob", "B"));
    assertThat(table.attributeDefinitions())
        .containsExactly(
            Map.entry("at", "N"),
            Map.entry("blob", "B"),
            Map.entry("id", "S"),
            Map.entry("n", "N"));
  }

  @Test
  void absentFieldsMeanTheirDocumentedDefaults() {
    TableDefinition table =
        DesiredTable.build(
            dataStore(
                """
                partitionKey: {name: id, type: S}
                globalSecondaryIndexes:
                  - {name: by-x, partitionKey: {name: x, type: B}}
                """),
            "t");

    assertThat(table.provisioned()).as("on-demand").isEmpty();
    assertThat(table.deletionProtection()).as("protected unless turned off").isTrue();
    assertThat(table.pointInTimeRecovery()).isFalse();
    assertThat(table.streamViewType()).isEmpty();
    assertThat(table.timeToLiveAttribute()).isEmpty();
    assertThat(table.indexes().get(0).projection()).as("an index projects ALL").isEqualTo("ALL");
  }

  @Test
  void provisionedCapacityAndIncludeProjection() {
    TableDefinition table =
        DesiredTable.build(
            dataStore(
                """
                partitionKey: {name: id, type: S}
                billing: {mode: PROVISIONED, readCapacity: 5, writeCapacity: 2}
                globalSecondaryIndexes:
                  - name: by-status
                    partitionKey: {name: status, type: S}
                    sortKey: {name: at, type: "N"}
                    projection: INCLUDE
                    nonKeyAttributes: [total, customer]
                    readCapacity: 3
                    writeCapacity: 1
                deletionProtection: false
                """),
            "t");

    assertThat(table.provisioned()).contains(new Capacity(5, 2));
    assertThat(table.deletionProtection()).isFalse();
    Index index = table.indexes().get(0);
    assertThat(index.sortKey()).contains(new Key("at", "N"));
    assertThat(index.projection()).isEqualTo("INCLUDE");
    assertThat(index.nonKeyAttributes()).as("sorted").containsExactly("customer", "total");
    assertThat(index.provisioned()).contains(new Capacity(3, 1));
  }
}
