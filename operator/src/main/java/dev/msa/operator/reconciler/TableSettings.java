package dev.msa.operator.reconciler;

import static dev.msa.operator.reconciler.DataStoreAws.POINT_IN_TIME_RECOVERY_READY;
import static dev.msa.operator.reconciler.DataStoreAws.TIME_TO_LIVE_READY;
import static dev.msa.operator.reconciler.DataStoreAws.UPDATING;

import dev.msa.operator.aws.AwsException;
import dev.msa.operator.aws.TableResource;
import dev.msa.operator.model.AwsPart;
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
  private final TableResource tables;

  TableSettings(TableResource tables) {
    this.tables = tables;
  }

  void timeToLive(TableDefinition desired, TableOutcome outcome) {
    String what = "DynamoDB table " + desired.name() + " time to live";
    try {
      TimeToLivePlan plan =
          TablePlanner.timeToLive(desired.timeToLiveAttribute(), tables.timeToLive(desired.name()));
      // Another attribute is a disable, then an enable: where DynamoDB allows both at once
      // (moto), both happen in this reconcile; on AWS the second waits for the first to settle.
      TimeToLivePlan last = null;
      for (int i = 0; i < 2 && plan.attribute().isPresent() && !plan.equals(last); i++) {
        tables.updateTimeToLive(desired.name(), plan.attribute().get(), plan.enable());
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

  void pointInTimeRecovery(TableDefinition desired, TableOutcome outcome) {
    String what = "DynamoDB table " + desired.name() + " point-in-time recovery";
    try {
      Optional<Boolean> change =
          TablePlanner.pointInTimeRecovery(
              desired.pointInTimeRecovery(), tables.pointInTimeRecovery(desired.name()));
      if (change.isPresent()) {
        tables.updatePointInTimeRecovery(desired.name(), change.get());
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

  private static Change changed(TableDefinition desired, String field) {
    return new Change(AwsPart.DYNAMODB_TABLE, desired.name(), Change.Kind.UPDATED, List.of(field));
  }
}
