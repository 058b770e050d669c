package dev.msa.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.model.ObservedTable.ObservedIndex;
import dev.msa.operator.model.TableDefinition.Capacity;
import dev.msa.operator.model.TableDefinition.Index;
import dev.msa.operator.model.TableDefinition.Key;
import dev.msa.operator.model.TablePlanner.TimeToLivePlan;
import dev.msa.operator.model.TableUpdate.CreateIndex;
import dev.msa.operator.model.TableUpdate.DeleteIndex;
import dev.msa.operator.model.TableUpdate.SetBilling;
import dev.msa.operator.model.TableUpdate.SetDeletionProtection;
import dev.msa.operator.model.TableUpdate.SetStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TablePlannerTest {
  private static final Key ID = new Key("id", "S");
  private static final Index BY_CUSTOMER = index("by-customer", "customerId");
  private static final Index BY_STATUS = index("by-status", "status");

  private static Index index(String name, String key) {
    return new Index(name, new Key(key, "S"), Optional.empty(), "ALL", List.of(), Optional.empty());
  }

  private static Index provisioned(Index index, long read, long write) {
    return new Index(
        index.name(),
        index.partitionKey(),
        index.sortKey(),
        index.projection(),
        index.nonKeyAttributes(),
        Optional.of(new Capacity(read, write)));
  }

  private static TableDefinition desired(
      Optional<Capacity> provisioned,
      List<Index> indexes,
      Optional<String> stream,
      boolean protection) {
    return new TableDefinition(
        "t",
        ID,
        Optional.empty(),
        provisioned,
        indexes,
        Optional.empty(),
        false,
        stream,
        protection);
  }

  private static ObservedTable observed(
      Optional<Capacity> provisioned,
      List<Index> indexes,
      Optional<String> stream,
      boolean protection) {
    return new ObservedTable(
        "t",
        "arn:aws:dynamodb:us-east-1:123456789012:table/t",
        "ACTIVE",
        ID,
        Optional.empty(),
        provisioned,
        indexes.stream().map(i -> new ObservedIndex(i, "ACTIVE")).toList(),
        stream,
        stream.map(s -> "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024"),
        protection);
  }

  /** What applying a step does to the observed table, as DynamoDB would once it is ACTIVE. */
  private static ObservedTable apply(ObservedTable table, TableUpdate step) {
    List<Index> indexes =
        new ArrayList<>(table.indexes().stream().map(ObservedIndex::index).toList());
    Optional<Capacity> provisioned = table.provisioned();
    Optional<String> stream = table.streamViewType();
    boolean protection = table.deletionProtection();
    if (step instanceof SetDeletionProtection p) {
      protection = p.enabled();
    } else if (step instanceof SetBilling b) {
      if (b.switchToMode().equals(Optional.of(SetBilling.PAY_PER_REQUEST))) {
        provisioned = Optional.empty();
        indexes.replaceAll(TablePlannerTest::withoutCapacity);
      } else {
        provisioned = b.table().or(() -> table.provisioned());
        indexes.replaceAll(
            i ->
                b.indexes().containsKey(i.name()) ? withCapacity(i, b.indexes().get(i.name())) : i);
      }
    } else if (step instanceof SetStream s) {
      stream = s.viewType();
    } else if (step instanceof DeleteIndex d) {
      indexes.removeIf(i -> i.name().equals(d.name()));
    } else if (step instanceof CreateIndex c) {
      indexes.add(c.index());
    }
    return observed(provisioned, indexes, stream, protection);
  }

  private static Index withoutCapacity(Index i) {
    return new Index(
        i.name(),
        i.partitionKey(),
        i.sortKey(),
        i.projection(),
        i.nonKeyAttributes(),
        Optional.empty());
  }

  private static Index withCapacity(Index i, Capacity c) {
    return provisioned(i, c.read(), c.write());
  }

  @Test
  void aTableThatMatchesNeedsNoCall() {
    var want = desired(Optional.empty(), List.of(BY_CUSTOMER), Optional.of("NEW_IMAGE"), true);
    var have = observed(Optional.empty(), List.of(BY_CUSTOMER), Optional.of("NEW_IMAGE"), true);
    assertThat(TablePlanner.tableUpdates(want, have)).isEmpty();
    assertThat(TablePlanner.busy(have)).isEmpty();
    assertThat(TablePlanner.keyMismatch(want, have)).isEmpty();
  }

  @Test
  void indexOrderAndTheOrderOfIncludedAttributesNeedNoCall() {
    Index a =
        new Index(
            "a",
            new Key("x", "S"),
            Optional.empty(),
            "INCLUDE",
            List.of("p", "q"),
            Optional.empty());
    Index aReordered =
        new Index(
            "a",
            new Key("x", "S"),
            Optional.empty(),
            "INCLUDE",
            List.of("q", "p"),
            Optional.empty());
    var want = desired(Optional.empty(), List.of(a, BY_CUSTOMER), Optional.empty(), true);
    var have = observed(Optional.empty(), List.of(BY_CUSTOMER, aReordered), Optional.empty(), true);
    assertThat(TablePlanner.tableUpdates(want, have)).isEmpty();
  }

  @Test
  void indexesAreCreatedAndDeletedOneUpdateAtATime() {
    Index byRegion = index("by-region", "region");
    var want = desired(Optional.empty(), List.of(BY_CUSTOMER, byRegion), Optional.empty(), true);
    var have = observed(Optional.empty(), List.of(BY_STATUS), Optional.empty(), true);

    List<TableUpdate> steps = TablePlanner.tableUpdates(want, have);
    assertThat(steps)
        .extracting(TableUpdate::describe)
        .containsExactly(
            "delete index by-status", "create index by-customer", "create index by-region");
    assertThat(steps.get(1))
        .isEqualTo(new CreateIndex(BY_CUSTOMER, Map.of("id", "S", "customerId", "S")));
    assertThat(steps.get(2))
        .as("the definitions cover every key the table will have, not one index's only")
        .isEqualTo(new CreateIndex(byRegion, Map.of("id", "S", "customerId", "S", "region", "S")));

    // Each call is one step; replaying them converges.
    ObservedTable table = have;
    int calls = 0;
    for (List<TableUpdate> due = TablePlanner.tableUpdates(want, table);
        !due.isEmpty();
        due = TablePlanner.tableUpdates(want, table)) {
      table = apply(table, due.get(0));
      calls++;
    }
    assertThat(calls).isEqualTo(3);
  }

  @Test
  void anIndexWhoseShapeChangedIsDeletedThenCreated() {
    Index byCustomerKeysOnly =
        new Index(
            "by-customer",
            new Key("customerId", "S"),
            Optional.empty(),
            "KEYS_ONLY",
            List.of(),
            Optional.empty());
    var want = desired(Optional.empty(), List.of(byCustomerKeysOnly), Optional.empty(), true);
    var have = observed(Optional.empty(), List.of(BY_CUSTOMER), Optional.empty(), true);
    assertThat(TablePlanner.tableUpdates(want, have))
        .extracting(TableUpdate::describe)
        .containsExactly("delete index by-customer", "create index by-customer");
  }

  @Test
  void nothingIsDueWhileTheTableOrAnIndexIsBusy() {
    var creating =
        new ObservedTable(
            "t",
            "arn",
            "CREATING",
            ID,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            true);
    assertThat(TablePlanner.busy(creating)).contains("table t is CREATING");

    var backfilling =
        new ObservedTable(
            "t",
            "arn",
            "ACTIVE",
            ID,
            Optional.empty(),
            Optional.empty(),
            List.of(new ObservedIndex(BY_CUSTOMER, "CREATING")),
            Optional.empty(),
            Optional.empty(),
            true);
    assertThat(TablePlanner.busy(backfilling)).contains("index by-customer is CREATING");
  }

  @Test
  void switchingToProvisionedGivesEveryRemainingIndexItsCapacityAfterDeletions() {
    var want =
        desired(
            Optional.of(new Capacity(5, 5)),
            List.of(provisioned(BY_CUSTOMER, 2, 1)),
            Optional.empty(),
            true);
    var have = observed(Optional.empty(), List.of(BY_CUSTOMER, BY_STATUS), Optional.empty(), true);
    assertThat(TablePlanner.tableUpdates(want, have))
        .containsExactly(
            new DeleteIndex("by-status"),
            new SetBilling(
                Optional.of("PROVISIONED"),
                Optional.of(new Capacity(5, 5)),
                Map.of("by-customer", new Capacity(2, 1))));
  }

  @Test
  void aCapacityChangeSendsOnlyWhatChanges() {
    var want =
        desired(
            Optional.of(new Capacity(5, 5)),
            List.of(provisioned(BY_CUSTOMER, 4, 1)),
            Optional.empty(),
            true);
    var have =
        observed(
            Optional.of(new Capacity(5, 5)),
            List.of(provisioned(BY_CUSTOMER, 2, 1)),
            Optional.empty(),
            true);
    assertThat(TablePlanner.tableUpdates(want, have))
        .as("DynamoDB refuses an update to the same table throughput")
        .containsExactly(
            new SetBilling(
                Optional.empty(), Optional.empty(), Map.of("by-customer", new Capacity(4, 1))));

    var same =
        observed(
            Optional.of(new Capacity(5, 5)),
            List.of(provisioned(BY_CUSTOMER, 4, 1)),
            Optional.empty(),
            true);
    assertThat(TablePlanner.tableUpdates(want, same)).isEmpty();
  }

  @Test
  void switchingToOnDemandIsOneCallAndIndexCapacityIsIgnoredOnDemand() {
    var want = desired(Optional.empty(), List.of(BY_CUSTOMER), Optional.empty(), true);
    var have =
        observed(
            Optional.of(new Capacity(5, 5)),
            List.of(provisioned(BY_CUSTOMER, 2, 1)),
            Optional.empty(),
            true);
    assertThat(TablePlanner.tableUpdates(want, have))
        .containsExactly(
            new SetBilling(Optional.of("PAY_PER_REQUEST"), Optional.empty(), Map.of()));
  }

  @Test
  void aNewStreamViewTypeIsDisableThenEnable() {
    var want = desired(Optional.empty(), List.of(), Optional.of("NEW_IMAGE"), true);
    assertThat(
            TablePlanner.tableUpdates(
                want, observed(Optional.empty(), List.of(), Optional.of("KEYS_ONLY"), true)))
        .containsExactly(new SetStream(Optional.empty()), new SetStream(Optional.of("NEW_IMAGE")));
    assertThat(
            TablePlanner.tableUpdates(
                want, observed(Optional.empty(), List.of(), Optional.empty(), true)))
        .containsExactly(new SetStream(Optional.of("NEW_IMAGE")));
    assertThat(
            TablePlanner.tableUpdates(
                desired(Optional.empty(), List.of(), Optional.empty(), true),
                observed(Optional.empty(), List.of(), Optional.of("KEYS_ONLY"), true)))
        .containsExactly(new SetStream(Optional.empty()));
  }

  @Test
  void deletionProtectionComesFirst() {
    var want = desired(Optional.empty(), List.of(BY_CUSTOMER), Optional.of("NEW_IMAGE"), true);
    var have = observed(Optional.empty(), List.of(), Optional.empty(), false);
    assertThat(TablePlanner.tableUpdates(want, have))
        .extracting(TableUpdate::describe)
        .containsExactly("deletion protection on", "stream NEW_IMAGE", "create index by-customer");
  }

  @Test
  void otherKeysCannotBeReachedAndSaySo() {
    var want = desired(Optional.empty(), List.of(), Optional.empty(), true);
    var have =
        new ObservedTable(
            "t",
            "arn",
            "ACTIVE",
            new Key("id", "N"),
            Optional.of(new Key("at", "N")),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            true);
    assertThat(TablePlanner.keyMismatch(want, have))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("has partition key id (N) and sort key at (N)")
                    .contains("asks for partition key id (S) and no sort key")
                    .contains("cannot change a table's keys"));
  }

  @Test
  void theStreamArnIsTheEnabledStreamsOnly() {
    var disabled =
        new ObservedTable(
            "t",
            "arn",
            "ACTIVE",
            ID,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.of("arn/stream/old"),
            true);
    assertThat(disabled.streamArn()).as("kept by DynamoDB for a day after disabling").isEmpty();
  }

  @Test
  void timeToLive() {
    var on = new ObservedTimeToLive("ENABLED", Optional.of("expiresAt"));
    var off = new ObservedTimeToLive("DISABLED", Optional.empty());
    var offAfterwards = new ObservedTimeToLive("DISABLED", Optional.of("expiresAt"));

    assertThat(TablePlanner.timeToLive(Optional.of("expiresAt"), on).isConverged()).isTrue();
    assertThat(TablePlanner.timeToLive(Optional.empty(), off).isConverged()).isTrue();
    assertThat(TablePlanner.timeToLive(Optional.empty(), offAfterwards).isConverged()).isTrue();

    assertThat(TablePlanner.timeToLive(Optional.of("expiresAt"), off))
        .isEqualTo(new TimeToLivePlan(Optional.of("expiresAt"), true, Optional.empty()));
    assertThat(TablePlanner.timeToLive(Optional.empty(), on))
        .isEqualTo(new TimeToLivePlan(Optional.of("expiresAt"), false, Optional.empty()));
    assertThat(TablePlanner.timeToLive(Optional.of("ttl"), on))
        .as("another attribute: first disable the current one")
        .isEqualTo(new TimeToLivePlan(Optional.of("expiresAt"), false, Optional.empty()));
    assertThat(TablePlanner.timeToLive(Optional.of("ttl"), offAfterwards))
        .as("then enable the new one")
        .isEqualTo(new TimeToLivePlan(Optional.of("ttl"), true, Optional.empty()));
  }

  @Test
  void timeToLiveWaitsForAChangeInProgress() {
    var disabling = new ObservedTimeToLive("DISABLING", Optional.of("expiresAt"));
    var enabling = new ObservedTimeToLive("ENABLING", Optional.of("expiresAt"));

    assertThat(TablePlanner.timeToLive(Optional.of("ttl"), disabling).waitingFor())
        .contains("time to live is being disabled on expiresAt");
    assertThat(TablePlanner.timeToLive(Optional.of("ttl"), disabling).attribute()).isEmpty();
    assertThat(TablePlanner.timeToLive(Optional.empty(), enabling).attribute()).isEmpty();
    assertThat(TablePlanner.timeToLive(Optional.empty(), disabling).isConverged())
        .as("heading where the spec wants it")
        .isTrue();
    assertThat(TablePlanner.timeToLive(Optional.of("expiresAt"), enabling).isConverged()).isTrue();
  }

  @Test
  void pointInTimeRecovery() {
    assertThat(TablePlanner.pointInTimeRecovery(true, true)).isEmpty();
    assertThat(TablePlanner.pointInTimeRecovery(false, false)).isEmpty();
    assertThat(TablePlanner.pointInTimeRecovery(true, false)).contains(true);
    assertThat(TablePlanner.pointInTimeRecovery(false, true)).contains(false);
  }
}
