package dev.msa.operator.reconciler;

import dev.msa.operator.api.ObservedStatus;
import dev.msa.operator.aws.AwsCallPriority;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The AWS call priority of one reconcile ({@link AwsCallPriority}): first created, first served.
 *
 * <ul>
 *   <li>Being deleted: the time deletion was asked for.
 *   <li>Not yet Ready for its current spec (created, changed, or failing): the time it was created,
 *       so that of a burst the first applied get their calls through first.
 *   <li>Ready for its spec (a resync, a restart, a peer's change): {@link
 *       AwsCallPriority#BACKGROUND}, behind every create.
 * </ul>
 */
final class WorkPriority {
  private WorkPriority() {}

  static long of(HasMetadata resource, ObservedStatus status) {
    var metadata = resource.getMetadata();
    if (metadata.getDeletionTimestamp() != null) {
      return millis(metadata.getDeletionTimestamp());
    }
    boolean ready =
        status != null
            && status.hasApplied(metadata.getGeneration())
            && status.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    return ready ? AwsCallPriority.BACKGROUND : millis(metadata.getCreationTimestamp());
  }

  /**
   * A Kubernetes timestamp in epoch milliseconds; one that cannot be read goes last of the work.
   */
  private static long millis(String timestamp) {
    if (timestamp == null) {
      return AwsCallPriority.BACKGROUND - 1;
    }
    try {
      return Instant.parse(timestamp).toEpochMilli();
    } catch (DateTimeParseException e) {
      return AwsCallPriority.BACKGROUND - 1;
    }
  }
}
