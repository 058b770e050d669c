package dev.msa.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The resync period scaled to the fleet, so that all resyncs together read AWS at most {@code
 * budget} times per second whatever the number of objects:
 *
 * <pre>period = max(configured, reads per cycle / budget)</pre>
 *
 * where reads per cycle is the sum over the cached objects of what one resync of each reads (5 for
 * a Microservice with a queue and a topic, 1 for an EventSubscription, 3 for a DataStore). Each
 * object's next resync is drawn from {@code [period, 1.1 × period)} so that resyncs that started
 * together (a burst of creates) drift apart instead of reading AWS in step; drift is therefore
 * caught within {@code 1.1 × period} (plus the queueing of the reconcile itself), the bound the
 * {@code msa_resync_period_seconds} gauge times 1.1 states.
 */
public final class AdaptiveResync {
  /** AWS reads of one resync, by kind (docs/benchmarks.md, "Steady-state reads"). */
  public static final int MICROSERVICE_READS = 5;

  public static final int SUBSCRIPTION_READS = 1;
  public static final int DATASTORE_READS = 3;

  /** The spread of each object's period above the computed one. */
  static final double JITTER = 0.1;

  /** How long a computed period is reused before the objects are counted again. */
  private static final Duration RECOUNT_AFTER = Duration.ofSeconds(5);

  private final Duration configured;
  private final int budget;
  private final Clock clock;
  private final DoubleSupplier random;
  private volatile LongSupplier readsPerCycle = () -> 0;
  private volatile Duration period;
  private volatile Instant countedAt = Instant.MIN;

  public AdaptiveResync(Duration configured, int budget, Clock clock) {
    this(configured, budget, clock, () -> ThreadLocalRandom.current().nextDouble());
  }

  AdaptiveResync(Duration configured, int budget, Clock clock, DoubleSupplier random) {
    this.configured = configured;
    this.budget = budget;
    this.clock = clock;
    this.random = random;
    this.period = configured;
  }

  /** The period for a fleet costing {@code readsPerCycle} AWS reads per resync of everything. */
  static Duration period(Duration configured, long readsPerCycle, int budget) {
    long seconds = (readsPerCycle + budget - 1) / budget;
    Duration needed = Duration.ofSeconds(seconds);
    return needed.compareTo(configured) > 0 ? needed : configured;
  }

  /** Where the number of reads one resync of every cached object costs comes from. */
  public void countReadsWith(LongSupplier readsPerCycle) {
    this.readsPerCycle = readsPerCycle;
    this.countedAt = Instant.MIN;
  }

  /** The current period (before jitter); the bound on how late drift is caught is 1.1 times it. */
  public Duration period() {
    Instant now = clock.instant();
    if (countedAt.plus(RECOUNT_AFTER).isBefore(now)) {
      period = period(configured, readsPerCycle.getAsLong(), budget);
      countedAt = now;
    }
    return period;
  }

  /** One object's delay to its next resync: the period, spread over its next tenth. */
  Duration next() {
    Duration base = period();
    long spread = (long) (base.toMillis() * JITTER * random.getAsDouble());
    return base.plusMillis(spread);
  }

  /** Schedules the next resync unless the reconcile already asked to come back sooner. */
  <P extends io.fabric8.kubernetes.api.model.HasMetadata> UpdateControl<P> schedule(
      UpdateControl<P> control) {
    if (control.getScheduleDelay().isEmpty()) {
      control.rescheduleAfter(next());
    }
    return control;
  }
}
