package dev.msa.operator.reconciler;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.model.TableGrant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The last AWS outcome of each Microservice in which every part was ready, for the reconciles that
 * follow it closely. Most reconciles are not resyncs: the object's own status write, its Deployment
 * rolling out, a peer or a bound DataStore changing all trigger one, and none of them can change
 * what is on AWS. Reading AWS again for each spent the IAM rate limit several times per service
 * while a fleet was created. Such a reconcile reuses the outcome when the spec (generation) and the
 * bound tables are the same and the outcome is younger than nine tenths of the resync period as it
 * was when the outcome was recorded (the adaptive one, {@link AdaptiveResync}: at N=100 two
 * minutes, so a burst of creates no longer re-reads its roles once the configured 30 s are past).
 * The resync is scheduled at least a whole period after the end of the previous reconcile (not at a
 * fixed rate), so a resync always finds the outcome too old and reads AWS, and drift is found
 * exactly as often as before.
 */
final class RecentAwsOutcomes {
  private record Entry(
      long generation, List<TableGrant> tables, AwsOutcome outcome, Instant reusableUntil) {}

  private final Map<String, Entry> byUid = new ConcurrentHashMap<>();
  private final Supplier<Duration> resyncPeriod;
  private final Clock clock;

  RecentAwsOutcomes(Duration resyncInterval, Clock clock) {
    this(() -> resyncInterval, clock);
  }

  RecentAwsOutcomes(Supplier<Duration> resyncPeriod, Clock clock) {
    this.resyncPeriod = resyncPeriod;
    this.clock = clock;
  }

  /** A copy of the recent outcome for this spec and these tables, with nothing to announce. */
  Optional<AwsOutcome> reusable(Microservice microservice, List<TableGrant> tables) {
    Entry entry = byUid.get(microservice.getMetadata().getUid());
    if (entry == null
        || entry.generation() != generation(microservice)
        || !entry.tables().equals(tables)
        || entry.reusableUntil().isBefore(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(entry.outcome().steadyCopy());
  }

  /**
   * Keeps the outcome of AWS reads that started at {@code startedAt} if every part is ready;
   * otherwise forgets the last one, so the next reconcile reads again.
   */
  void record(
      Microservice microservice, List<TableGrant> tables, AwsOutcome outcome, Instant startedAt) {
    String uid = microservice.getMetadata().getUid();
    if (!outcome.allReady()) {
      byUid.remove(uid);
      return;
    }
    byUid.put(
        uid,
        new Entry(
            generation(microservice),
            List.copyOf(tables),
            outcome.steadyCopy(),
            startedAt.plus(resyncPeriod.get().multipliedBy(9).dividedBy(10))));
  }

  void forget(Microservice microservice) {
    byUid.remove(microservice.getMetadata().getUid());
  }

  private static long generation(Microservice microservice) {
    Long generation = microservice.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }
}
