package dev.msa.operator.reconciler;

import dev.msa.operator.api.ObservedStatus;
import dev.msa.operator.aws.AwsCallPriority;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AWS call priority of one reconcile ({@link AwsCallPriority}): first come, first served.
 *
 * <ul>
 *   <li>Not yet Ready for its current spec (new, changed, or failing): when this process first saw
 *       it so, to the millisecond (a creationTimestamp has whole seconds, and a burst puts dozens
 *       of objects in one second), so that of a burst the first applied get their calls through
 *       first and are Ready first, instead of all finishing late.
 *   <li>Being deleted: the time deletion was asked for.
 *   <li>Ready for its spec (a resync, a restart, a peer's change): {@link
 *       AwsCallPriority#BACKGROUND}, behind every create.
 * </ul>
 *
 * An object is remembered from the first reconcile that finds it not Ready until one finds it Ready
 * or being deleted (the finalizer makes sure one does).
 */
public final class WorkPriority {
  private final Map<String, Long> waitingSince = new ConcurrentHashMap<>();
  private final Clock clock;
  private final ProvisioningTurns turns;

  /**
   * @param turns how many reconciles of objects not yet Ready run at once ({@link
   *     ProvisioningTurns}); one shared by all controllers
   */
  public WorkPriority(Clock clock, int turns) {
    this.clock = clock;
    this.turns = new ProvisioningTurns(turns);
  }

  /**
   * Starts a reconcile of {@code resource}: its AWS calls get its priority, and one of an object
   * not yet Ready waits for its turn. Close it when the reconcile ends.
   */
  Turn enter(HasMetadata resource, ObservedStatus status) {
    long priority = of(resource, status);
    AwsCallPriority.Scope scope = AwsCallPriority.enter(priority);
    boolean took = false;
    if (priority != AwsCallPriority.BACKGROUND) {
      try {
        turns.take(priority);
        took = true;
      } catch (InterruptedException e) {
        // shutting down: go on without a turn; the AWS calls abort on the interrupt
        Thread.currentThread().interrupt();
      }
    }
    return new Turn(scope, took ? turns : null);
  }

  /** A reconcile's priority and, if it took one, its turn. */
  static final class Turn implements AutoCloseable {
    private final AwsCallPriority.Scope scope;
    private final ProvisioningTurns turns;

    private Turn(AwsCallPriority.Scope scope, ProvisioningTurns turns) {
      this.scope = scope;
      this.turns = turns;
    }

    @Override
    public void close() {
      if (turns != null) {
        turns.give();
      }
      scope.close();
    }
  }

  /** Reconciles waiting for a turn now. */
  int waitingForATurn() {
    return turns.waiting();
  }

  long of(HasMetadata resource, ObservedStatus status) {
    var metadata = resource.getMetadata();
    String uid = metadata.getUid() != null ? metadata.getUid() : metadata.getName();
    if (metadata.getDeletionTimestamp() != null) {
      waitingSince.remove(uid);
      return millis(metadata.getDeletionTimestamp());
    }
    boolean ready =
        status != null
            && status.hasApplied(metadata.getGeneration())
            && status.getConditions().stream()
                .anyMatch(c -> Conditions.READY.equals(c.getType()) && Conditions.isTrue(c));
    if (ready) {
      waitingSince.remove(uid);
      return AwsCallPriority.BACKGROUND;
    }
    return waitingSince.computeIfAbsent(uid, u -> clock.millis());
  }

  /** Objects waiting to be Ready: for tests. */
  int waiting() {
    return waitingSince.size();
  }

  /**
   * A Kubernetes timestamp in epoch milliseconds; one that cannot be read goes last of the work.
   */
  private static long millis(String timestamp) {
    try {
      return Instant.parse(timestamp).toEpochMilli();
    } catch (DateTimeParseException e) {
      return AwsCallPriority.BACKGROUND - 1;
    }
  }
}
