package dev.msa.operator.model;

import dev.msa.operator.model.ObservedTable.ObservedIndex;
import dev.msa.operator.model.TableDefinition.Capacity;
import dev.msa.operator.model.TableDefinition.Index;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The UpdateTable calls a table still needs ({@link TablePlanner#tableUpdates}), as one delta: the
 * fields they change (DeletionProtection, Billing, Stream, Indexes) with the table's and the spec's
 * values, so a driftPolicy can leave some of them as they are.
 */
public record TableChanges(List<TableUpdate> steps, List<Difference> differences)
    implements AwsUpdate {
  public TableChanges {
    steps = List.copyOf(steps);
    differences = List.copyOf(differences);
  }

  public static TableChanges between(TableDefinition desired, ObservedTable observed) {
    List<TableUpdate> steps = TablePlanner.tableUpdates(desired, observed);
    Set<String> fields = new LinkedHashSet<>();
    steps.forEach(step -> fields.add(step.driftField()));
    List<Difference> differences = new ArrayList<>();
    for (String field : fields) {
      differences.add(
          switch (field) {
            case "DeletionProtection" ->
                Difference.of(
                    field,
                    onOff(observed.deletionProtection()),
                    onOff(desired.deletionProtection()));
            case "Billing" ->
                Difference.of(
                    field,
                    billing(
                        observed.provisioned(),
                        observed.indexes().stream().map(ObservedIndex::index).toList()),
                    billing(desired.provisioned(), desired.indexes()));
            case "Stream" ->
                Difference.of(
                    field,
                    observed.streamViewType().orElse("off"),
                    desired.streamViewType().orElse("off"));
            default ->
                Difference.of(
                    field,
                    shapes(observed.indexes().stream().map(ObservedIndex::index).toList()),
                    shapes(desired.indexes()));
          });
    }
    return new TableChanges(steps, differences);
  }

  @Override
  public List<String> fields() {
    return steps.stream().map(TableUpdate::describe).toList();
  }

  @Override
  public TableChanges without(Set<String> fields) {
    return new TableChanges(
        steps.stream().filter(s -> !fields.contains(s.driftField())).toList(),
        differences.stream().filter(d -> !fields.contains(d.field())).toList());
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  static String billing(Optional<Capacity> table, List<Index> indexes) {
    if (table.isEmpty()) {
      return TableUpdate.SetBilling.PAY_PER_REQUEST;
    }
    String perIndex =
        indexes.stream()
            .filter(i -> i.provisioned().isPresent())
            .sorted((a, b) -> a.name().compareTo(b.name()))
            .map(i -> ", index " + i.name() + " " + i.provisioned().get())
            .collect(Collectors.joining());
    return TableUpdate.SetBilling.PROVISIONED + " " + table.get() + perIndex;
  }

  /** The indexes' shapes (name, keys, projection): what only a delete and a create change. */
  static String shapes(List<Index> indexes) {
    if (indexes.isEmpty()) {
      return "none";
    }
    return indexes.stream()
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .map(
            i ->
                i.name()
                    + " ("
                    + i.partitionKey()
                    + i.sortKey().map(k -> ", " + k).orElse("")
                    + ", "
                    + i.projection()
                    + (i.nonKeyAttributes().isEmpty() ? "" : " " + i.nonKeyAttributes())
                    + ")")
        .collect(Collectors.joining(", "));
  }
}
