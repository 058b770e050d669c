package dev.msa.operator.reconciler;

import dev.msa.operator.aws.SqsQueues;
import dev.msa.operator.model.PolicyDocuments;
import dev.msa.operator.model.QueuePolicy;
import dev.msa.operator.model.QueuePolicy.Grant;
import dev.msa.operator.model.StatementChanges;
import dev.msa.operator.model.SubscriptionPlan.SubscriberQueue;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Writes a subscriber queue's access policy as the union of its subscriptions' grants. Several
 * subscriptions of one queue reconcile in parallel; each computes the whole union, so writes are
 * serialised per queue and the union is computed inside the lock, from the informer cache as it is
 * then: whichever write comes last has seen every subscription that wrote before it, and no
 * statement is lost. Only the leader reconciles, so this process is the only writer.
 */
final class QueuePolicies {
  private static final String POLICY = "Policy";

  private final SqsQueues sqs;
  private final Supplier<Duration> observationMaxAge;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  /**
   * Compares with a read of the queue at most {@code observationMaxAge} old when there is one (the
   * subscriber's own reconcile reads its queue at every resync), else reads it; {@code
   * Duration.ZERO} reads before every comparison.
   */
  QueuePolicies(SqsQueues sqs, Duration observationMaxAge) {
    this(sqs, () -> observationMaxAge);
  }

  QueuePolicies(SqsQueues sqs, Supplier<Duration> observationMaxAge) {
    this.sqs = sqs;
    this.observationMaxAge = observationMaxAge;
  }

  /**
   * One and a half resync periods (the adaptive one): the subscriber's Microservice has read its
   * queue within one period (and its tenth of jitter) in the steady state, and the slack covers
   * reconciles that start late. A statement removed outside the operator is therefore put back
   * within about two and a half periods.
   */
  static Supplier<Duration> observationMaxAge(AdaptiveResync resync) {
    return () -> resync.period().multipliedBy(3).dividedBy(2);
  }

  /**
   * What one write found and did: the Sids of the statements it added and removed (none when the
   * policy already was the union), and those statements as a plan shows them.
   */
  record Write(
      boolean queueGone, Set<String> added, Set<String> removed, StatementChanges statements) {
    boolean changed() {
      return !added.isEmpty() || !removed.isEmpty();
    }
  }

  /** Brings the queue's policy to the union {@code grants} computes when the lock is held. */
  Write apply(SubscriberQueue queue, Supplier<Set<Grant>> grants) {
    return apply(queue, grants, true);
  }

  /**
   * Brings the queue's policy to the union {@code grants} computes when the lock is held; without
   * {@code send} (a plan), only says what that would change.
   */
  Write apply(SubscriberQueue queue, Supplier<Set<Grant>> grants, boolean send) {
    synchronized (locks.computeIfAbsent(queue.arn(), arn -> new Object())) {
      Optional<Map<String, String>> attributes =
          sqs.recentAttributes(queue.url(), observationMaxAge.get());
      if (attributes.isEmpty()) {
        return new Write(true, Set.of(), Set.of(), StatementChanges.NONE);
      }
      Optional<String> observed = Optional.ofNullable(attributes.get().get(POLICY));
      Set<Grant> union = grants.get();
      Optional<String> desired = QueuePolicy.document(queue.arn(), union);
      if (QueuePolicy.same(desired, observed)) {
        return new Write(false, Set.of(), Set.of(), StatementChanges.NONE);
      }
      if (send) {
        sqs.setAttributes(queue.url(), Map.of(POLICY, desired.orElse("")));
      }
      Set<String> before = QueuePolicy.sids(observed);
      Set<String> after = QueuePolicy.sids(desired);
      Set<String> added = new TreeSet<>(after);
      added.removeAll(before);
      Set<String> removed = new TreeSet<>(before);
      removed.removeAll(after);
      if (added.isEmpty() && removed.isEmpty()) {
        // Same statements, other content: count it as every statement put back.
        added.addAll(after);
      }
      return new Write(false, added, removed, PolicyDocuments.statementChanges(observed, desired));
    }
  }
}
