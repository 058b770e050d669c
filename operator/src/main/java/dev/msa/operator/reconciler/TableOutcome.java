package dev.msa.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile of a DataStore's table observed and did: the conditions of each part, the
 * names for status, and what was created or changed.
 */
final class TableOutcome {
  final List<Condition> conditions = new ArrayList<>();

  /** What changed on AWS: a spec change ("Updated") or, with an unchanged spec, drift. */
  final List<String> changes = new ArrayList<>();

  final List<String> created = new ArrayList<>();
  Optional<String> tableName = Optional.empty();
  Optional<String> tableArn = Optional.empty();
  Optional<String> streamArn = Optional.empty();

  /** A transient failure, or the table is busy with a change whose end should be watched. */
  boolean retrySoon;
}
