package dev.msa.operator.reconciler;

import java.util.Optional;

/**
 * What one reconcile of a DataStore's table observed and did: besides each part's condition and
 * changes, the names for status. Asking to look again soon also covers a table busy with a change
 * whose end should be watched.
 */
final class TableOutcome extends AwsParts {
  Optional<String> tableName = Optional.empty();
  Optional<String> tableArn = Optional.empty();
  Optional<String> streamArn = Optional.empty();
}
