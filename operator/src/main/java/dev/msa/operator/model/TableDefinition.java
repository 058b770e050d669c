package dev.msa.operator.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A DynamoDB table in DynamoDB's own terms, as the operator wants it: keys, capacity (empty =
 * on-demand), global secondary indexes, and the settings around its data. Built from a DataStore by
 * {@link DesiredTable}; compared with what DescribeTable says by {@link TablePlanner}.
 */
public record TableDefinition(
    String name,
    Key partitionKey,
    Optional<Key> sortKey,
    Optional<Capacity> provisioned,
    List<Index> indexes,
    Optional<String> timeToLiveAttribute,
    boolean pointInTimeRecovery,
    Optional<String> streamViewType,
    boolean deletionProtection) {

  public TableDefinition {
    indexes = List.copyOf(indexes);
  }

  /** Every key attribute of the table and its indexes, by name: CreateTable's definitions. */
  public Map<String, String> attributeDefinitions() {
    return attributeDefinitions(partitionKey, sortKey, indexes);
  }

  static Map<String, String> attributeDefinitions(
      Key partitionKey, Optional<Key> sortKey, List<Index> indexes) {
    Map<String, String> attributes = new TreeMap<>();
    attributes.put(partitionKey.name(), partitionKey.type());
    sortKey.ifPresent(k -> attributes.put(k.name(), k.type()));
    for (Index index : indexes) {
      attributes.put(index.partitionKey().name(), index.partitionKey().type());
      index.sortKey().ifPresent(k -> attributes.put(k.name(), k.type()));
    }
    return attributes;
  }

  /** A key attribute: its name and scalar type (S, N or B). */
  public record Key(String name, String type) {
    @Override
    public String toString() {
      return name + " (" + type + ")";
    }
  }

  /** Provisioned read and write capacity units. */
  public record Capacity(long read, long write) {
    @Override
    public String toString() {
      return read + " read / " + write + " write units";
    }
  }

  /**
   * A global secondary index. Its name, keys and projection are its shape, which DynamoDB cannot
   * change in place; only its capacity can be.
   */
  public record Index(
      String name,
      Key partitionKey,
      Optional<Key> sortKey,
      String projection,
      List<String> nonKeyAttributes,
      Optional<Capacity> provisioned) {

    public Index {
      nonKeyAttributes = nonKeyAttributes.stream().sorted().distinct().toList();
    }

    public boolean sameShape(Index other) {
      return name.equals(other.name)
          && partitionKey.equals(other.partitionKey)
          && sortKey.equals(other.sortKey)
          && projection.equals(other.projection)
          && nonKeyAttributes.equals(other.nonKeyAttributes);
    }
  }
}
