package dev.msa.operator.reconciler;

import dev.msa.operator.api.ObservedStatus;
import dev.msa.operator.aws.AwsCallPriority;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Duration;
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
   * not yet Ready takes a turn, or else stands in line for one and should end at once ({@link
   * Turn#granted} is false): {@code wakeUp} triggers its next reconcile when a turn is kept for it.
   * Close the turn when the reconcile ends.
   */
  Turn enter(HasMetadata resource, ObservedStatus status, Runnable wakeUp) {
    long priority = of(resource, status);
    String key = key(resource);
    if (priority == AwsCallPriority.BACKGROUND) {
      return withoutTurn(key, priority);
    }
    boolean took = turns.tryTake(key, label(resource), priority, wakeUp);
    return new Turn(
        AwsCallPriority.enter(priority),
        took,
        took ? turns : null,
        took ? ProvisioningTurns.FIRST_RETRY : turns.retryAfter(key));
  }

  /**
   * Starts a reconcile of {@code resource} that will make no AWS call (its AWS side was just found
   * complete and is reused): its priority as {@link #enter} gives it, but no turn. The turns order
   * the AWS work; the status-only reconciles that follow a service's rollout waited in line behind
   * services still waiting for theirs. An object in line leaves it, and a turn kept for it goes to
   * the next.
   */
  Turn enterWithoutAws(HasMetadata resource, ObservedStatus status) {
    return withoutTurn(key(resource), of(resource, status));
  }

  /** Out of the line (a turn kept for it goes to the next), and on without a turn. */
  private Turn withoutTurn(String key, long priority) {
    turns.forget(key);
    return new Turn(AwsCallPriority.enter(priority), true, null, ProvisioningTurns.FIRST_RETRY);
  }

  /** A reconcile's priority and whether it may go on: a turn, or none needed. */
  static final class Turn implements AutoCloseable {
    private final AwsCallPriority.Scope scope;
    private final boolean granted;
    private final ProvisioningTurns turns;
    private final Duration retryAfter;

    private Turn(
        AwsCallPriority.Scope scope,
        boolean granted,
        ProvisioningTurns turns,
        Duration retryAfter) {
      this.scope = scope;
      this.granted = granted;
      this.turns = turns;
      this.retryAfter = retryAfter;
    }

    /** False: no turn is free, the object stands in line and the reconcile should end now. */
    boolean granted() {
      return granted;
    }

    /**
     * Not granted: when to reconcile again even if the wake-up does not come (it normally comes
     * first, when a turn is kept for the object).
     */
    Duration retryAfter() {
      return retryAfter;
    }

    @Override
    public void close() {
      if (turns != null) {
        turns.give();
      }
      scope.close();
    }
  }

  /** Objects in line for a provisioning turn now. */
  public int waitingForATurn() {
    return turns.waiting();
  }

  /** Turns kept for an object whose reconcile did not come within 10 s, since start. */
  public long turnsReclaimed() {
    return turns.reclaimed();
  }

  long of(HasMetadata resource, ObservedStatus status) {
    var metadata = resource.getMetadata();
    String uid = key(resource);
    if (metadata.getDeletionTimestamp() != null) {
      waitingSince.remove(uid);
      return millis(metadata.getDeletionTimestamp());
    }
    if (StatusUpdates.readyForSpec(status, metadata.getGeneration())) {
      waitingSince.remove(uid);
      return AwsCallPriority.BACKGROUND;
    }
    return waitingSince.computeIfAbsent(uid, u -> clock.millis());
  }

  private static String key(HasMetadata resource) {
    var metadata = resource.getMetadata();
    return metadata.getUid() != null ? metadata.getUid() : metadata.getName();
  }

  private static String label(HasMetadata resource) {
    var metadata = resource.getMetadata();
    return resource.getKind() + " " + metadata.getNamespace() + "/" + metadata.getName();
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
