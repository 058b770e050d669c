package dev.msa.operator.model;

import dev.msa.operator.model.ObservedTable.ObservedIndex;
import dev.msa.operator.model.TableDefinition.Capacity;
import dev.msa.operator.model.TableDefinition.Index;
import dev.msa.operator.model.TableUpdate.CreateIndex;
import dev.msa.operator.model.TableUpdate.DeleteIndex;
import dev.msa.operator.model.TableUpdate.SetBilling;
import dev.msa.operator.model.TableUpdate.SetDeletionProtection;
import dev.msa.operator.model.TableUpdate.SetStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What it takes to bring an existing table to its definition, as pure functions of the desired and
 * the observed state. Nothing here calls AWS: an empty answer means no call is needed.
 *
 * <p>The table's own changes come as an ordered list of UpdateTable calls, of which only the first
 * may be made, once the table and its indexes are ACTIVE: deletion protection first (so a later
 * step's failure never leaves it off longer than asked), index deletions before the billing switch
 * (switching to PROVISIONED needs a capacity for every index that stays) and before creations (so
 * the index limit is not hit), then billing, the stream (a new view type is disable, then enable),
 * and the index creations in spec order.
 */
public final class TablePlanner {
  private TablePlanner() {}

  /** Why the table cannot be brought to its definition at all: DynamoDB cannot change keys. */
  public static Optional<String> keyMismatch(TableDefinition desired, ObservedTable observed) {
    if (desired.partitionKey().equals(observed.partitionKey())
        && desired.sortKey().equals(observed.sortKey())) {
      return Optional.empty();
    }
    return Optional.of(
        "table "
            + observed.name()
            + " has "
            + describeKeys(observed.partitionKey(), observed.sortKey())
            + ", the spec asks for "
            + describeKeys(desired.partitionKey(), desired.sortKey())
            + "; DynamoDB cannot change a table's keys: delete the table or use another DataStore"
            + " name");
  }

  /** What the table is busy with; while it is, DynamoDB refuses UpdateTable. */
  public static Optional<String> busy(ObservedTable observed) {
    if (!ObservedTable.ACTIVE.equals(observed.status())) {
      return Optional.of("table " + observed.name() + " is " + observed.status());
    }
    return observed.indexes().stream()
        .filter(i -> !ObservedTable.ACTIVE.equals(i.status()))
        .findFirst()
        .map(i -> "index " + i.index().name() + " is " + i.status());
  }

  /** The UpdateTable calls still to make, in order; empty when the table matches. */
  public static List<TableUpdate> tableUpdates(TableDefinition desired, ObservedTable observed) {
    List<TableUpdate> steps = new ArrayList<>();
    if (desired.deletionProtection() != observed.deletionProtection()) {
      steps.add(new SetDeletionProtection(desired.deletionProtection()));
    }

    Map<String, Index> wanted = byName(desired.indexes());
    List<Index> kept = new ArrayList<>();
    observed.indexes().stream()
        .map(ObservedIndex::index)
        .sorted(Comparator.comparing(Index::name))
        .forEach(
            index -> {
              Index want = wanted.get(index.name());
              if (want != null && want.sameShape(index)) {
                kept.add(index);
              } else {
                steps.add(new DeleteIndex(index.name()));
              }
            });

    billing(desired, observed, kept).ifPresent(steps::add);

    if (!desired.streamViewType().equals(observed.streamViewType())) {
      if (observed.streamViewType().isPresent()) {
        steps.add(new SetStream(Optional.empty()));
      }
      desired.streamViewType().ifPresent(v -> steps.add(new SetStream(Optional.of(v))));
    }

    Map<String, Index> existing = byName(kept);
    List<Index> after = new ArrayList<>(kept);
    for (Index index : desired.indexes()) {
      if (!existing.containsKey(index.name())) {
        after.add(index);
        steps.add(
            new CreateIndex(
                index,
                TableDefinition.attributeDefinitions(
                    desired.partitionKey(), desired.sortKey(), after)));
      }
    }
    return steps;
  }

  private static Optional<TableUpdate> billing(
      TableDefinition desired, ObservedTable observed, List<Index> kept) {
    Optional<Capacity> want = desired.provisioned();
    Optional<Capacity> have = observed.provisioned();
    if (want.isEmpty()) {
      return have.isPresent()
          ? Optional.of(
              new SetBilling(Optional.of(SetBilling.PAY_PER_REQUEST), Optional.empty(), Map.of()))
          : Optional.empty();
    }
    boolean switching = have.isEmpty();
    Map<String, Index> wantedIndexes = byName(desired.indexes());
    Map<String, Capacity> indexCapacities = new TreeMap<>();
    for (Index index : kept) {
      Optional<Capacity> capacity = wantedIndexes.get(index.name()).provisioned();
      if (capacity.isPresent() && (switching || !capacity.equals(index.provisioned()))) {
        indexCapacities.put(index.name(), capacity.get());
      }
    }
    Optional<Capacity> table = want.equals(have) ? Optional.empty() : want;
    if (!switching && table.isEmpty() && indexCapacities.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new SetBilling(
            switching ? Optional.of(SetBilling.PROVISIONED) : Optional.empty(),
            table,
            indexCapacities));
  }

  /**
   * The next UpdateTimeToLive, if one is due. DynamoDB turns TTL on for one attribute at a time:
   * another attribute is a disable, then an enable (and AWS allows one change per hour). While a
   * change is in progress nothing is called.
   */
  public static TimeToLivePlan timeToLive(Optional<String> desired, ObservedTimeToLive observed) {
    String status = observed.status();
    Optional<String> attribute = observed.attribute();
    switch (status) {
      case ObservedTimeToLive.ENABLING:
        return desired.isPresent() && desired.equals(attribute)
            ? TimeToLivePlan.converged()
            : TimeToLivePlan.waiting("time to live is being enabled on " + attribute.orElse("?"));
      case ObservedTimeToLive.DISABLING:
        return desired.isEmpty()
            ? TimeToLivePlan.converged()
            : TimeToLivePlan.waiting("time to live is being disabled on " + attribute.orElse("?"));
      case ObservedTimeToLive.ENABLED:
        if (desired.isPresent() && desired.equals(attribute)) {
          return TimeToLivePlan.converged();
        }
        // DynamoDB names the attribute of an enabled TTL; without it there is nothing to disable
        return attribute.isPresent()
            ? TimeToLivePlan.call(attribute.get(), false)
            : desired.map(a -> TimeToLivePlan.call(a, true)).orElse(TimeToLivePlan.converged());
      default:
        return desired.isPresent()
            ? TimeToLivePlan.call(desired.get(), true)
            : TimeToLivePlan.converged();
    }
  }

  /** Whether UpdateContinuousBackups is due, and to what. */
  public static Optional<Boolean> pointInTimeRecovery(boolean desired, boolean observedEnabled) {
    return desired == observedEnabled ? Optional.empty() : Optional.of(desired);
  }

  private static Map<String, Index> byName(List<Index> indexes) {
    Map<String, Index> byName = new TreeMap<>();
    indexes.forEach(i -> byName.put(i.name(), i));
    return byName;
  }

  private static String describeKeys(
      TableDefinition.Key partitionKey, Optional<TableDefinition.Key> sortKey) {
    return "partition key "
        + partitionKey
        + sortKey.map(k -> " and sort key " + k).orElse(" and no sort key");
  }

  /**
   * The time-to-live step: a call to make ({@code attribute} enabled or disabled), a change in
   * progress to wait for, or neither (converged).
   */
  public record TimeToLivePlan(
      Optional<String> attribute, boolean enable, Optional<String> waitingFor) {
    public static TimeToLivePlan converged() {
      return new TimeToLivePlan(Optional.empty(), false, Optional.empty());
    }

    static TimeToLivePlan waiting(String why) {
      return new TimeToLivePlan(Optional.empty(), false, Optional.of(why));
    }

    static TimeToLivePlan call(String attribute, boolean enable) {
      return new TimeToLivePlan(Optional.of(attribute), enable, Optional.empty());
    }

    public boolean isConverged() {
      return attribute.isEmpty() && waitingFor.isEmpty();
    }

    public String describe() {
      return attribute.map(a -> "time to live " + (enable ? "on " : "off ") + a).orElse("");
    }
  }
}
