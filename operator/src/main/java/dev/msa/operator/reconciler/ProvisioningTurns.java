package dev.msa.operator.reconciler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most a number of reconciles of objects not yet Ready at once, let in by priority (the lowest
 * number first; first come among equals). On a busy operator, moto or apiserver the calls of every
 * reconcile in flight share the CPU: with a whole burst in flight each service got a slice and all
 * of them finished near the end. Letting in a few at a time, the earliest first, the first applied
 * finish first and the rest follow.
 *
 * <p>Nobody waits on a thread. A reconcile that finds no turn free ends at once, its thread going
 * back to java-operator-sdk's pool, and its object stands in line; when a turn frees, it is kept
 * for the first in line and that object's wake-up runs (it triggers the object's reconcile, which
 * then takes the kept turn). Reconciles that waited on their threads held the pool: with 2,000
 * objects applied at once and 200 threads, the short reconcile after a Deployment became Available
 * queued behind every one of them.
 */
final class ProvisioningTurns {
  private static final Logger log = LoggerFactory.getLogger(ProvisioningTurns.class);

  /**
   * How long a turn kept for an object waits for the object's reconcile. A wake-up can come to
   * nothing (the object was deleted meanwhile); the turn then goes to the next in line.
   */
  static final Duration KEPT = Duration.ofSeconds(10);

  /**
   * An object standing in line is reconciled again after this even when no turn is kept for it, in
   * case its wake-up was lost; each time it is found still in line the wait doubles, up to {@link
   * #LAST_RETRY}. With 10,000 services applied at once an object stood in line for up to half an
   * hour, and a retry every 30 s made 34 reconciles per service.
   */
  static final Duration FIRST_RETRY = Duration.ofSeconds(30);

  static final Duration LAST_RETRY = Duration.ofMinutes(4);

  /**
   * An object in line; {@code label} names it in the log (its key is a uid); {@code reconciles}
   * counts its reconciles that found it in line.
   */
  private record Waiter(
      String key, String label, long priority, long sequence, Runnable wakeUp, int reconciles) {}

  private record Kept(String label, long sinceNanos) {}

  private final int turns;
  private final LongSupplier nanoTime;
  private final TreeSet<Waiter> line =
      new TreeSet<>(Comparator.comparingLong(Waiter::priority).thenComparingLong(Waiter::sequence));
  private final Map<String, Waiter> inLine = new HashMap<>();
  private final Map<String, Kept> kept = new HashMap<>();
  private int taken; // turns running and turns kept
  private long arrivals;
  private long reclaimed;

  ProvisioningTurns(int turns) {
    this(turns, System::nanoTime);
  }

  ProvisioningTurns(int turns, LongSupplier nanoTime) {
    if (turns < 1) {
      throw new IllegalArgumentException("turns must be at least 1, not " + turns);
    }
    this.turns = turns;
    this.nanoTime = nanoTime;
  }

  /**
   * Takes a turn for the object {@code key} when one was kept for it or one is free (then nobody is
   * in line); otherwise puts it in line at {@code priority} and returns false: {@code wakeUp} runs
   * once a turn is kept for it. Give a turn taken back with {@link #give}. {@code label} names the
   * object in the log.
   */
  boolean tryTake(String key, String label, long priority, Runnable wakeUp) {
    boolean took;
    List<Runnable> wakeUps;
    synchronized (this) {
      reclaimUnclaimed();
      wakeUps = handOver(); // a reclaimed turn goes to the line before this caller
      Kept keptForIt = kept.remove(key);
      if (keptForIt != null) {
        if (log.isDebugEnabled()) {
          log.debug(
              "{} claimed the turn kept for it {} ms ago",
              label,
              (nanoTime.getAsLong() - keptForIt.sinceNanos()) / 1_000_000);
        }
        took = true;
      } else if (taken < turns) { // then nobody is in line: handOver gave them the free turns
        taken++;
        took = true;
      } else {
        Waiter before = inLine.get(key);
        leaveLine(key);
        Waiter waiter =
            before == null || before.priority() != priority
                ? new Waiter(key, label, priority, arrivals++, wakeUp, 1)
                : new Waiter(
                    key, label, priority, before.sequence(), wakeUp, before.reconciles() + 1);
        line.add(waiter);
        inLine.put(key, waiter);
        took = false;
      }
      wakeUps.addAll(handOver());
    }
    wakeUps.forEach(Runnable::run);
    return took;
  }

  /** Gives back a turn {@link #tryTake} took. */
  void give() {
    List<Runnable> wakeUps;
    synchronized (this) {
      taken--;
      reclaimUnclaimed();
      wakeUps = handOver();
    }
    wakeUps.forEach(Runnable::run);
  }

  /**
   * The object needs no turn any more (it is Ready): out of the line, and a turn kept for it goes
   * to the next.
   */
  void forget(String key) {
    List<Runnable> wakeUps;
    synchronized (this) {
      leaveLine(key);
      if (kept.remove(key) != null) {
        taken--;
      }
      wakeUps = handOver();
    }
    wakeUps.forEach(Runnable::run);
  }

  /**
   * When the reconcile of an object that {@link #tryTake} put in line should run again if no turn
   * is kept for it before: {@link #FIRST_RETRY}, doubling with each reconcile that found it in
   * line, at most {@link #LAST_RETRY}.
   */
  synchronized Duration retryAfter(String key) {
    Waiter waiter = inLine.get(key);
    int doublings = waiter == null ? 0 : Math.min(waiter.reconciles() - 1, 16);
    Duration retry = FIRST_RETRY.multipliedBy(1L << doublings);
    return retry.compareTo(LAST_RETRY) < 0 ? retry : LAST_RETRY;
  }

  /** Objects in line for a turn now. */
  synchronized int waiting() {
    return line.size();
  }

  /** Turns running or kept now. */
  synchronized int taken() {
    return taken;
  }

  /**
   * Kept turns that went to the next in line because their object's reconcile did not come within
   * {@link #KEPT}, since start: a wake-up that came to nothing (the object was deleted, or a
   * wake-up was lost).
   */
  synchronized long reclaimed() {
    return reclaimed;
  }

  private void leaveLine(String key) {
    Waiter waiter = inLine.remove(key);
    if (waiter != null) {
      line.remove(waiter);
    }
  }

  /** Keeps every free turn for the first in line; returns their wake-ups, to run unlocked. */
  private List<Runnable> handOver() {
    List<Runnable> wakeUps = new ArrayList<>();
    while (taken < turns && !line.isEmpty()) {
      Waiter next = line.pollFirst();
      inLine.remove(next.key());
      kept.put(next.key(), new Kept(next.label(), nanoTime.getAsLong()));
      taken++;
      wakeUps.add(next.wakeUp());
      log.debug("a turn is kept for {}; {} in line after it", next.label(), line.size());
    }
    return wakeUps;
  }

  private void reclaimUnclaimed() {
    long now = nanoTime.getAsLong();
    for (Iterator<Kept> keptFor = kept.values().iterator(); keptFor.hasNext(); ) {
      Kept unclaimed = keptFor.next();
      if (now - unclaimed.sinceNanos() > KEPT.toNanos()) {
        keptFor.remove();
        taken--;
        reclaimed++;
        log.info(
            "the provisioning turn kept for {} was not claimed within {} s and goes to the next in"
                + " line; {} stands in line again at its next reconcile",
            unclaimed.label(),
            KEPT.toSeconds(),
            unclaimed.label());
      }
    }
  }
}
