package dev.msa.operator.model;

import dev.msa.operator.model.TableDefinition.Capacity;
import dev.msa.operator.model.TableDefinition.Index;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One UpdateTable call. DynamoDB takes one index creation or deletion per call and refuses a call
 * while the table or an index is not ACTIVE, so the planner hands these out one at a time.
 */
public sealed interface TableUpdate extends AwsUpdate {

  /** How the change reads in an Event or a condition. */
  String describe();

  /** The field of the table it changes, as {@code spec.driftPolicy} names it. */
  String driftField();

  @Override
  default List<String> fields() {
    return List.of(describe());
  }

  record SetDeletionProtection(boolean enabled) implements TableUpdate {
    @Override
    public String driftField() {
      return "DeletionProtection";
    }

    @Override
    public String describe() {
      return "deletion protection " + (enabled ? "on" : "off");
    }
  }

  /**
   * Capacity: a switch of billing mode (empty when the mode stays), the table's capacity (only when
   * it changes: DynamoDB refuses an update to the same throughput), and the indexes' capacities
   * that change (all of them when switching to PROVISIONED, as DynamoDB requires).
   */
  record SetBilling(
      Optional<String> switchToMode, Optional<Capacity> table, Map<String, Capacity> indexes)
      implements TableUpdate {
    public static final String PAY_PER_REQUEST = "PAY_PER_REQUEST";
    public static final String PROVISIONED = "PROVISIONED";

    public SetBilling {
      indexes = Map.copyOf(indexes);
    }

    @Override
    public String driftField() {
      return "Billing";
    }

    @Override
    public String describe() {
      StringBuilder text = new StringBuilder();
      switchToMode.ifPresent(mode -> text.append("billing mode ").append(mode));
      table.ifPresent(c -> text.append(text.isEmpty() ? "" : ", ").append("capacity ").append(c));
      if (!indexes.isEmpty()) {
        text.append(text.isEmpty() ? "" : ", ")
            .append("capacity of index ")
            .append(
                indexes.keySet().stream()
                    .sorted()
                    .map(name -> name + " " + indexes.get(name))
                    .collect(Collectors.joining(", ")));
      }
      return text.toString();
    }
  }

  /** Enables a stream of that view type, or disables the stream when empty. */
  record SetStream(Optional<String> viewType) implements TableUpdate {
    @Override
    public String driftField() {
      return "Stream";
    }

    @Override
    public String describe() {
      return viewType.map(v -> "stream " + v).orElse("stream off");
    }
  }

  record DeleteIndex(String name) implements TableUpdate {
    @Override
    public String driftField() {
      return "Indexes";
    }

    @Override
    public String describe() {
      return "delete index " + name;
    }
  }

  /**
   * Creates the index; {@code attributeDefinitions} are those of every key the table will have
   * afterwards, which is what UpdateTable expects with a new index.
   */
  record CreateIndex(Index index, Map<String, String> attributeDefinitions) implements TableUpdate {
    public CreateIndex {
      attributeDefinitions = Map.copyOf(attributeDefinitions);
    }

    @Override
    public String driftField() {
      return "Indexes";
    }

    @Override
    public String describe() {
      return "create index " + index.name();
    }
  }
}
