package dev.msa.operator.reconciler;

import static dev.msa.operator.reconciler.DataStoreAws.POINT_IN_TIME_RECOVERY_READY;
import static dev.msa.operator.reconciler.DataStoreAws.TIME_TO_LIVE_READY;
import static dev.msa.operator.reconciler.DataStoreAws.UPDATING;

import dev.msa.operator.aws.AwsException;
import dev.msa.operator.aws.TableResource;
import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.FieldUpdate;
import dev.msa.operator.model.ObservedTimeToLive;
import dev.msa.operator.model.StatementChanges;
import dev.msa.operator.model.TableDefinition;
import dev.msa.operator.model.TablePlanner;
import dev.msa.operator.model.TablePlanner.TimeToLivePlan;
import java.util.List;
import java.util.Optional;

/**
 * A table's settings that DynamoDB keeps apart from the table, each with its own read and write:
 * time to live and point-in-time recovery. Each is a part with its own condition.
 */
final class TableSettings {
  private static final String TIME_TO_LIVE = "TimeToLive";
  private static final String POINT_IN_TIME_RECOVERY = "PointInTimeRecovery";

  private final TableResource tables;

  TableSettings(TableResource tables) {
    this.tables = tables;
  }

  void timeToLive(TableDefinition desired, AwsSync sync, TableOutcome outcome) {
    String what = "DynamoDB table " + desired.name() + " time to live";
    try {
      ObservedTimeToLive observed = tables.timeToLive(desired.name());
      TimeToLivePlan plan = TablePlanner.timeToLive(desired.timeToLiveAttribute(), observed);
      if (!sync.leftAsItIs(
              AwsPart.DYNAMODB_TABLE,
              desired.name() + " time to live",
              desired.timeToLiveAttribute(),
              attribute -> timeToLiveChange(attribute, observed))
          .isEmpty()) {
        // left as it is by the driftPolicy: nothing to wait for
        plan = TimeToLivePlan.converged();
      }
      // Another attribute is a disable, then an enable: where DynamoDB allows both at once
      // (moto), both happen in this reconcile; on AWS the second waits for the first to settle.
      TimeToLivePlan last = null;
      for (int i = 0; i < 2 && plan.attribute().isPresent() && !plan.equals(last); i++) {
        TimeToLivePlan step = plan;
        Change change =
            new Change(
                AwsPart.DYNAMODB_TABLE,
                desired.name(),
                Change.Kind.UPDATED,
                List.of(step.describe()),
                timeToLiveChange(desired.timeToLiveAttribute(), observed).differences(),
                StatementChanges.NONE);
        if (!sync.write(
            change,
            () -> tables.updateTimeToLive(desired.name(), step.attribute().get(), step.enable()))) {
          return; // planned: the whole change is in the plan
        }
        outcome.changes.add(changed(desired, plan.describe()));
        last = plan;
        plan =
            TablePlanner.timeToLive(
                desired.timeToLiveAttribute(), tables.timeToLive(desired.name()));
      }
      if (plan.isConverged()) {
        outcome.condition(
            TIME_TO_LIVE_READY,
            true,
            desired.timeToLiveAttribute().isPresent() ? "Ready" : "NotRequested",
            desired
                .timeToLiveAttribute()
                .map(a -> "time to live on attribute " + a)
                .orElse("spec.dynamoDB.timeToLiveAttribute is not set"));
      } else {
        outcome.condition(
            TIME_TO_LIVE_READY,
            false,
            UPDATING,
            plan.waitingFor().orElse(plan.describe() + " is due")
                + "; checked again at the next resync");
      }
    } catch (AwsException e) {
      if (e.code().endsWith("ValidationException")) {
        outcome.condition(
            TIME_TO_LIVE_READY,
            false,
            e.reason(),
            what
                + ": "
                + e.getMessage()
                + "; AWS allows one time-to-live change per table per hour: retried at the"
                + " next resync");
      } else {
        outcome.failed(TIME_TO_LIVE_READY, what, e);
      }
    }
  }

  void pointInTimeRecovery(TableDefinition desired, AwsSync sync, TableOutcome outcome) {
    String what = "DynamoDB table " + desired.name() + " point-in-time recovery";
    try {
      boolean enabled = tables.pointInTimeRecovery(desired.name());
      Optional<Boolean> change =
          TablePlanner.pointInTimeRecovery(desired.pointInTimeRecovery(), enabled);
      boolean left =
          !sync.leftAsItIs(
                  AwsPart.DYNAMODB_TABLE,
                  desired.name() + " point-in-time recovery",
                  desired.pointInTimeRecovery(),
                  wanted ->
                      TablePlanner.pointInTimeRecovery(wanted, enabled)
                          .map(
                              on ->
                                  FieldUpdate.of(POINT_IN_TIME_RECOVERY, onOff(enabled), onOff(on)))
                          .orElse(FieldUpdate.NONE))
              .isEmpty();
      if (change.isPresent()
          && !left
          && sync.write(
              new Change(
                  AwsPart.DYNAMODB_TABLE,
                  desired.name(),
                  Change.Kind.UPDATED,
                  List.of("point-in-time recovery " + (change.get() ? "on" : "off")),
                  List.of(
                      FieldUpdate.of(POINT_IN_TIME_RECOVERY, onOff(enabled), onOff(change.get()))
                          .difference()
                          .orElseThrow()),
                  StatementChanges.NONE),
              () -> tables.updatePointInTimeRecovery(desired.name(), change.get()))) {
        sync.sent(
            AwsPart.DYNAMODB_TABLE,
            desired.name() + " point-in-time recovery",
            FieldUpdate.of(POINT_IN_TIME_RECOVERY, "", ""));
        outcome.changes.add(
            changed(desired, "point-in-time recovery " + (change.get() ? "on" : "off")));
      }
      outcome.condition(
          POINT_IN_TIME_RECOVERY_READY,
          true,
          desired.pointInTimeRecovery() ? "Ready" : "NotRequested",
          "point-in-time recovery " + (desired.pointInTimeRecovery() ? "on" : "off"));
    } catch (RuntimeException e) {
      outcome.failed(POINT_IN_TIME_RECOVERY_READY, what, e);
    }
  }

  /** The time-to-live call due to reach {@code attribute} (empty: off), as one field. */
  private static FieldUpdate timeToLiveChange(
      Optional<String> attribute, ObservedTimeToLive observed) {
    if (TablePlanner.timeToLive(attribute, observed).attribute().isEmpty()) {
      return FieldUpdate.NONE;
    }
    String now =
        ObservedTimeToLive.ENABLED.equals(observed.status())
            ? "on " + observed.attribute().orElse("an attribute")
            : "off";
    return FieldUpdate.of(TIME_TO_LIVE, now, attribute.map(a -> "on " + a).orElse("off"));
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  private static Change changed(TableDefinition desired, String field) {
    return new Change(AwsPart.DYNAMODB_TABLE, desired.name(), Change.Kind.UPDATED, List.of(field));
  }
}
