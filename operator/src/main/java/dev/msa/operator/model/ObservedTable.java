package dev.msa.operator.model;

import dev.msa.operator.model.TableDefinition.Capacity;
import dev.msa.operator.model.TableDefinition.Index;
import dev.msa.operator.model.TableDefinition.Key;
import java.util.List;
import java.util.Optional;

/**
 * What DescribeTable says about a table, in the terms of {@link TableDefinition}. {@code
 * provisioned} is empty for an on-demand table; {@code streamViewType} is empty while no stream is
 * enabled (DynamoDB keeps reporting the last stream's ARN for a day after it is disabled).
 */
public record ObservedTable(
    String name,
    String arn,
    String status,
    Key partitionKey,
    Optional<Key> sortKey,
    Optional<Capacity> provisioned,
    List<ObservedIndex> indexes,
    Optional<String> streamViewType,
    Optional<String> latestStreamArn,
    boolean deletionProtection) {
  public static final String ACTIVE = "ACTIVE";

  public ObservedTable {
    indexes = List.copyOf(indexes);
  }

  /** The ARN of the enabled stream, if there is one. */
  public Optional<String> streamArn() {
    return streamViewType.isPresent() ? latestStreamArn : Optional.empty();
  }

  /** An index and its status: CREATING (while backfilling), UPDATING, DELETING or ACTIVE. */
  public record ObservedIndex(Index index, String status) {}
}
