package dev.msa.operator.reconciler;

import dev.msa.operator.api.Adoption;
import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.DataStoreStatus;
import dev.msa.operator.api.DeletionPolicy;
import dev.msa.operator.aws.TableResource;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.AwsNames;
import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.AwsTags;
import dev.msa.operator.model.DesiredTable;
import dev.msa.operator.model.Difference;
import dev.msa.operator.model.ObservedTable;
import dev.msa.operator.model.StatementChanges;
import dev.msa.operator.model.TableChanges;
import dev.msa.operator.model.TableDefinition;
import dev.msa.operator.model.TablePlanner;
import dev.msa.operator.model.TableUpdate;
import dev.msa.operator.model.TableUpdate.CreateIndex;
import dev.msa.operator.model.TableUpdate.DeleteIndex;
import dev.msa.operator.model.TableUpdate.SetDeletionProtection;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The AWS side of a DataStore: its DynamoDB table. It reads what exists, creates what is missing
 * (tags passed at creation), brings the table to its spec one UpdateTable at a time (DynamoDB takes
 * one index change per call and none while the table or an index is busy), and sets time to live
 * and point-in-time recovery with their own calls. A table that is not this object's is never
 * touched, except that a table retained by an earlier DataStore of the same cluster, namespace and
 * name is adopted by re-tagging its {@code msa.dev/uid}, and with {@code msa.dev/adopt: force} any
 * table of its name whose keys are the spec's ({@link Adoption}).
 *
 * <p>Reads per steady-state reconcile: DescribeTable, DescribeTimeToLive and
 * DescribeContinuousBackups. A table recorded in status is known to be ours, so its tags are read
 * only when it is first found.
 */
final class DataStoreAws {
  static final String TABLE_READY = "TableReady";
  static final String INDEXES_READY = "IndexesReady";
  static final String TIME_TO_LIVE_READY = "TimeToLiveReady";
  static final String POINT_IN_TIME_RECOVERY_READY = "PointInTimeRecoveryReady";
  static final String UPDATING = "Updating";
  static final String CREATING = "Creating";

  /** Reasons of a part whose change is still being applied. */
  static final Set<String> IN_PROGRESS = Set.of(UPDATING, CREATING);

  static final String KEY_SCHEMA_MISMATCH = "KeySchemaMismatch";

  /**
   * Enough for every step on an endpoint where tables are ACTIVE at once; AWS stops at the first.
   */
  private static final int MAX_UPDATES_PER_RECONCILE = 25;

  private final OperatorConfig config;
  private final AwsNames names;
  private final TableResource tables;
  private final TableSettings settings;
  private final LastCompared lastCompared = new LastCompared();
  private final Function<String, Map<String, String>> defaultTags;

  /** {@code defaultTags}: a namespace's default tags (NamespaceSettings). */
  DataStoreAws(
      OperatorConfig config,
      TableResource tables,
      Function<String, Map<String, String>> defaultTags) {
    this.config = config;
    this.defaultTags = defaultTags;
    this.names = new AwsNames(config.namePrefix());
    this.tables = tables;
    this.settings = new TableSettings(tables);
  }

  String tableName(DataStore dataStore) {
    return names.table(dataStore.getMetadata().getNamespace(), dataStore.getMetadata().getName());
  }

  TableOutcome reconcile(DataStore dataStore) {
    return run(dataStore, false);
  }

  /**
   * The same steps with their writes held back: the outcome's changes are what reconciling would do
   * now, a table's due UpdateTable steps as one change.
   */
  TableOutcome plan(DataStore dataStore) {
    return run(dataStore, true);
  }

  private TableOutcome run(DataStore dataStore, boolean planning) {
    TableOutcome outcome = new TableOutcome();
    String tableName = tableName(dataStore);
    String what = "DynamoDB table " + tableName;
    TableDefinition desired = DesiredTable.build(dataStore, tableName);
    // A table retained by an earlier DataStore of this cluster, namespace and name is adopted,
    // with or without msa.dev/adopt; one of no or other tags only with msa.dev/adopt: force.
    AwsSync sync =
        new AwsSync(
                config.clusterName(),
                dataStore,
                outcome.changes,
                Adoption.of(dataStore).atLeast(Adoption.SAME_NAME),
                planning
                    ? DriftDecisions.planning(dataStore, lastCompared)
                    : DriftDecisions.of(dataStore, lastCompared, outcome.drift),
                planning)
            .withDefaultTags(() -> defaultTags.apply(dataStore.getMetadata().getNamespace()));
    try {
      AwsSync.Synced<ObservedTable> synced =
          sync.ensureExists(
              tables,
              tableName,
              tableName,
              desired,
              recordedAs(dataStore, tableName),
              found -> TablePlanner.keyMismatch(desired, found));
      if (synced.planned()) {
        return outcome; // its creation sets all of it
      }
      ObservedTable table = synced.resource();
      if (!synced.created()) {
        sync.restoreTags(tables, tableName, tableName, table);
      }
      outcome.tableName = Optional.of(tableName);
      outcome.tableArn = Optional.of(table.arn());
      outcome.streamArn = table.streamArn();
      Optional<String> mismatch = TablePlanner.keyMismatch(desired, table);
      if (mismatch.isPresent()) {
        outcome.conditions.add(
            Conditions.of(TABLE_READY, false, KEY_SCHEMA_MISMATCH, mismatch.get()));
        waitingForTable(outcome, "the table's keys do not match the spec");
        return outcome;
      }
      ObservedTable found = table;
      Set<String> left =
          sync.leftAsItIs(
              AwsPart.DYNAMODB_TABLE, tableName, desired, d -> TableChanges.between(d, found));
      table =
          planning
              ? planTableUpdates(desired, table, left, sync)
              : applyTableUpdates(desired, table, left, outcome);
      outcome.streamArn = table.streamArn();
      reportTable(desired, table, left, outcome);
      if (ObservedTable.ACTIVE.equals(table.status())) {
        settings.timeToLive(desired, sync, outcome);
        settings.pointInTimeRecovery(desired, sync, outcome);
      } else {
        waitingForTable(outcome, "table " + tableName + " is " + table.status());
      }
    } catch (RuntimeException e) {
      outcome.conditions.removeIf(c -> TABLE_READY.equals(c.getType()));
      outcome.failed(TABLE_READY, what, e);
      waitingForTable(outcome, "the table is not ready");
      // Keep the last known names, so bound services keep theirs through a transient failure.
      recorded(dataStore)
          .ifPresent(
              s -> {
                outcome.tableName =
                    outcome.tableName.or(() -> Optional.ofNullable(s.getTableName()));
                outcome.tableArn = outcome.tableArn.or(() -> Optional.ofNullable(s.getTableArn()));
                outcome.streamArn =
                    outcome.streamArn.or(() -> Optional.ofNullable(s.getStreamArn()));
              });
    }
    return outcome;
  }

  /** The status recorded this table: it is ours. */
  private static boolean recordedAs(DataStore dataStore, String tableName) {
    return recorded(dataStore)
        .map(DataStoreStatus::getTableArn)
        .filter(arn -> arn.endsWith(":table/" + tableName))
        .isPresent();
  }

  /**
   * Makes the due UpdateTable calls while the table and its indexes are ACTIVE: on AWS that is
   * usually one call per reconcile, the rest follow as the table settles. The fields the
   * driftPolicy leaves as they are ({@code left}) are not changed.
   */
  private ObservedTable applyTableUpdates(
      TableDefinition desired, ObservedTable table, Set<String> left, TableOutcome outcome) {
    ObservedTable current = table;
    TableUpdate last = null;
    for (int i = 0; i < MAX_UPDATES_PER_RECONCILE && TablePlanner.busy(current).isEmpty(); i++) {
      List<TableUpdate> steps = due(desired, current, left);
      if (steps.isEmpty()) {
        break;
      }
      if (steps.get(0).equals(last)) {
        // The answer does not show the change yet: look again shortly rather than repeat it.
        outcome.retrySoon = true;
        break;
      }
      last = steps.get(0);
      current = tables.update(desired.name(), current, last);
      outcome.changes.add(
          new Change(AwsPart.DYNAMODB_TABLE, desired.name(), Change.Kind.UPDATED, last.fields()));
    }
    return current;
  }

  /** The UpdateTable calls still due, as one planned change; the table stays as it is. */
  private static ObservedTable planTableUpdates(
      TableDefinition desired, ObservedTable table, Set<String> left, AwsSync sync) {
    TableChanges changes = TableChanges.between(desired, table).without(left);
    if (!changes.isEmpty()) {
      sync.planned(
          new Change(
              AwsPart.DYNAMODB_TABLE,
              desired.name(),
              Change.Kind.UPDATED,
              changes.fields(),
              changes.differences(),
              StatementChanges.NONE));
    }
    return table;
  }

  /** The UpdateTable calls still due, but for the fields the driftPolicy leaves as they are. */
  private static List<TableUpdate> due(
      TableDefinition desired, ObservedTable table, Set<String> left) {
    return TablePlanner.tableUpdates(desired, table).stream()
        .filter(step -> !left.contains(step.driftField()))
        .toList();
  }

  /** TableReady and IndexesReady from what is left to do; progress is watched every few seconds. */
  private void reportTable(
      TableDefinition desired, ObservedTable table, Set<String> left, TableOutcome outcome) {
    List<TableUpdate> remaining = due(desired, table, left);
    List<TableUpdate> tableSteps = remaining.stream().filter(s -> !isIndexStep(s)).toList();
    List<TableUpdate> indexSteps = remaining.stream().filter(DataStoreAws::isIndexStep).toList();
    Optional<String> busy = TablePlanner.busy(table);
    String name = table.name();
    if (!ObservedTable.ACTIVE.equals(table.status())) {
      outcome.retrySoon = true;
      String reason = "CREATING".equals(table.status()) ? CREATING : UPDATING;
      outcome.conditions.add(
          Conditions.of(TABLE_READY, false, reason, busy.get() + toGo(tableSteps)));
    } else if (!tableSteps.isEmpty()) {
      outcome.retrySoon = true;
      outcome.conditions.add(
          Conditions.of(
              TABLE_READY,
              false,
              UPDATING,
              "waiting for " + busy.orElse("table " + name) + toGo(tableSteps)));
    } else {
      outcome.conditions.add(Conditions.of(TABLE_READY, true, "Ready", "table " + name + " ready"));
    }

    boolean indexBusy =
        table.indexes().stream().anyMatch(i -> !ObservedTable.ACTIVE.equals(i.status()));
    if (!indexSteps.isEmpty() || indexBusy) {
      outcome.retrySoon = true;
      String progress =
          indexBusy
              ? busy.orElse("an index is busy") + (indexSteps.isEmpty() ? "" : "; then ")
              : "";
      outcome.conditions.add(
          Conditions.of(
              INDEXES_READY,
              false,
              UPDATING,
              progress
                  + (indexSteps.isEmpty()
                      ? ""
                      : indexSteps.size()
                          + " index change(s) to go, one at a time as DynamoDB requires: "
                          + describe(indexSteps))));
    } else if (desired.indexes().isEmpty()) {
      outcome.conditions.add(
          Conditions.of(
              INDEXES_READY,
              true,
              "NotRequested",
              "spec.dynamoDB.globalSecondaryIndexes is empty"));
    } else {
      outcome.conditions.add(
          Conditions.of(
              INDEXES_READY, true, "Ready", table.indexes().size() + " index(es) ACTIVE"));
    }
  }

  // --- deletion ----------------------------------------------------------------------------------

  /**
   * What deleting the DataStore does to its table: nothing with Retain, or with a table that is not
   * ours; DeleteTable with Delete, once deletion protection is off. Protection that the spec turns
   * off is turned off here first; protection the spec keeps on makes deletion wait.
   */
  Deletion delete(DataStore dataStore) {
    lastCompared.forget(dataStore);
    return delete(dataStore, new AwsSync(config.clusterName(), dataStore, new ArrayList<>()));
  }

  /** What {@link #delete} would do now, doing nothing: its changes go to {@code planned}. */
  Deletion planDeletion(DataStore dataStore, List<Change> planned) {
    return delete(dataStore, new AwsSync(config.clusterName(), dataStore, planned, true));
  }

  private Deletion delete(DataStore dataStore, AwsSync sync) {
    String tableName = tableName(dataStore);
    String what = "DynamoDB table " + tableName;
    if (dataStore.getSpec().getDeletionPolicy() != DeletionPolicy.Delete) {
      return new Deletion(Deletion.Kind.RETAINED, what);
    }
    Optional<ObservedTable> found = tables.read(tableName);
    if (found.isEmpty()) {
      return new Deletion(Deletion.Kind.GONE, what);
    }
    if (!recordedAs(dataStore, tableName)
        && !AwsTags.ownedBy(tables.tags(tableName, found.get()), dataStore)) {
      return new Deletion(Deletion.Kind.NOT_OURS, what);
    }
    if (found.get().deletionProtection()) {
      if (DesiredTable.build(dataStore, tableName).deletionProtection()) {
        return new Deletion(Deletion.Kind.PROTECTED, what);
      }
      SetDeletionProtection off = new SetDeletionProtection(false);
      sync.write(
          new Change(
              AwsPart.DYNAMODB_TABLE,
              tableName,
              Change.Kind.UPDATED,
              off.fields(),
              List.of(Difference.of("DeletionProtection", "on", "off")),
              StatementChanges.NONE),
          () -> tables.update(tableName, found.get(), off));
    }
    sync.write(
        Change.of(AwsPart.DYNAMODB_TABLE, tableName, Change.Kind.DELETED),
        () -> tables.delete(tableName, found.get()));
    return new Deletion(Deletion.Kind.DELETED, what);
  }

  record Deletion(Kind kind, String table) {
    enum Kind {
      RETAINED,
      GONE,
      NOT_OURS,
      PROTECTED,
      DELETED
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** The parts that need the table say that they wait for it. */
  private static void waitingForTable(TableOutcome outcome, String why) {
    for (String type : List.of(INDEXES_READY, TIME_TO_LIVE_READY, POINT_IN_TIME_RECOVERY_READY)) {
      if (outcome.conditions.stream().noneMatch(c -> type.equals(c.getType()))) {
        outcome.conditions.add(
            new ConditionBuilder()
                .withType(type)
                .withStatus("Unknown")
                .withReason("WaitingForTable")
                .withMessage("not checked: " + why)
                .build());
      }
    }
  }

  private static boolean isIndexStep(TableUpdate step) {
    return step instanceof CreateIndex || step instanceof DeleteIndex;
  }

  private static String toGo(List<TableUpdate> steps) {
    return steps.isEmpty() ? "" : "; to go: " + describe(steps);
  }

  private static String describe(List<TableUpdate> steps) {
    return steps.stream().map(TableUpdate::describe).collect(Collectors.joining(", "));
  }

  private static Optional<DataStoreStatus> recorded(DataStore dataStore) {
    return Optional.ofNullable(dataStore.getStatus());
  }
}
