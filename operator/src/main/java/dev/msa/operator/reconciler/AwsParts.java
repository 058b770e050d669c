package dev.msa.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What one reconcile of an object's AWS side observed and did, whatever the kind: a condition per
 * part, the changes it made, the drift it reports, and whether to look again soon.
 */
abstract class AwsParts {
  final List<Condition> conditions = new ArrayList<>();

  /** Everything done to AWS, in order. */
  final List<Change> changes = new ArrayList<>();

  /** What differs on AWS and was left as it is because the driftPolicy reports it. */
  final List<Drift> drift = new ArrayList<>();

  /** The conditions of the parts that failed ({@link #failed}), also in {@link #conditions}. */
  final List<Condition> failures = new ArrayList<>();

  /** A part failed with an error worth retrying soon, or is waiting on AWS. */
  boolean retrySoon;

  void condition(String type, boolean status, String reason, String message) {
    conditions.add(Conditions.of(type, status, reason, message));
  }

  /**
   * A part failed: its condition names what failed and the AWS code (or NameConflict); a transient
   * failure asks for a retry soon. Anything else is no AWS answer and is thrown on.
   */
  void failed(String type, String what, RuntimeException e) {
    retrySoon |= AwsPartFailure.retrySoon(e);
    Condition failure = AwsPartFailure.of(type, what, e);
    conditions.add(failure);
    failures.add(failure);
  }

  /** Runs a part; a failure becomes its condition, naming the step that failed. */
  boolean attempt(String type, AwsSync sync, Runnable part) {
    try {
      part.run();
      return true;
    } catch (RuntimeException e) {
      failed(type, sync.current(), e);
      return false;
    }
  }

  /**
   * What a plan must say beside its changes: the parts that failed while planning (the plan may be
   * incomplete) and those that cannot become ready without a change (terminal reasons).
   */
  List<Condition> planBlockers() {
    return conditions.stream()
        .filter(c -> !Conditions.isTrue(c) && (failures.contains(c) || Reasons.isTerminal(c)))
        .toList();
  }

  /** A part failed while planning with an error worth retrying soon. */
  boolean planRetrySoon() {
    return failures.stream().anyMatch(c -> !Reasons.isTerminal(c));
  }

  boolean allReady() {
    return !retrySoon && conditions.stream().allMatch(Conditions::isTrue);
  }
}
