package dev.msa.operator.model;

import dev.msa.operator.api.AttributeType;
import dev.msa.operator.api.Billing;
import dev.msa.operator.api.BillingMode;
import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.DynamoDbTable;
import dev.msa.operator.api.GlobalSecondaryIndex;
import dev.msa.operator.api.KeyAttribute;
import dev.msa.operator.api.Projection;
import dev.msa.operator.model.TableDefinition.Capacity;
import dev.msa.operator.model.TableDefinition.Index;
import dev.msa.operator.model.TableDefinition.Key;
import java.util.List;
import java.util.Optional;

/**
 * The table a DataStore asks for. Defaults the CRD schema cannot set inside list items are applied
 * here: an index without a projection projects ALL.
 */
public final class DesiredTable {
  private DesiredTable() {}

  public static TableDefinition build(DataStore dataStore, String tableName) {
    DynamoDbTable spec = dataStore.getSpec().getDynamoDB();
    Optional<Capacity> provisioned = provisioned(spec.getBilling());
    List<Index> indexes =
        spec.getGlobalSecondaryIndexes() == null
            ? List.of()
            : spec.getGlobalSecondaryIndexes().stream()
                .map(i -> index(i, provisioned.isPresent()))
                .toList();
    return new TableDefinition(
        tableName,
        key(spec.getPartitionKey()),
        Optional.ofNullable(spec.getSortKey()).map(DesiredTable::key),
        provisioned,
        indexes,
        Optional.ofNullable(spec.getTimeToLiveAttribute()),
        Boolean.TRUE.equals(spec.getPointInTimeRecovery()),
        Optional.ofNullable(spec.getStream()).map(Enum::name),
        // the schema defaults it to true; an object read without the schema is protected too
        !Boolean.FALSE.equals(spec.getDeletionProtection()));
  }

  private static Optional<Capacity> provisioned(Billing billing) {
    if (billing == null || billing.getMode() != BillingMode.PROVISIONED) {
      return Optional.empty();
    }
    return Optional.of(new Capacity(billing.getReadCapacity(), billing.getWriteCapacity()));
  }

  private static Index index(GlobalSecondaryIndex index, boolean provisioned) {
    Projection projection = index.getProjection() == null ? Projection.ALL : index.getProjection();
    return new Index(
        index.getName(),
        key(index.getPartitionKey()),
        Optional.ofNullable(index.getSortKey()).map(DesiredTable::key),
        projection.name(),
        projection == Projection.INCLUDE && index.getNonKeyAttributes() != null
            ? index.getNonKeyAttributes()
            : List.of(),
        provisioned
            ? Optional.of(new Capacity(index.getReadCapacity(), index.getWriteCapacity()))
            : Optional.empty());
  }

  private static Key key(KeyAttribute key) {
    return new Key(key.getName(), dynamoDbType(key.getType()));
  }

  /** DynamoDB's code for a key type the spec may spell as a code or as a word. */
  static String dynamoDbType(AttributeType type) {
    return switch (type) {
      case S, STRING -> "S";
      case N, NUMBER -> "N";
      case B, BINARY -> "B";
    };
  }
}
