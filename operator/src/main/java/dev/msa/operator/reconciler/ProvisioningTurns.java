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
  /**
   * How long a turn kept for an object waits for the object's reconcile. A wake-up can come to
   * nothing (the object was deleted meanwhile); the turn then goes to the next in line.
   */
  static final Duration KEPT = Duration.ofSeconds(10);

  private record Waiter(String key, long priority, long sequence, Runnable wakeUp) {}

  private final int turns;
  private final LongSupplier nanoTime;
  private final TreeSet<Waiter> line =
      new TreeSet<>(Comparator.comparingLong(Waiter::priority).thenComparingLong(Waiter::sequence));
  private final Map<String, Waiter> inLine = new HashMap<>();
  private final Map<String, Long> kept = new HashMap<>();
  private int taken; // turns running and turns kept
  private long arrivals;

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
   * once a turn is kept for it. Give a turn taken back with {@link #give}.
   */
  boolean tryTake(String key, long priority, Runnable wakeUp) {
    boolean took;
    List<Runnable> wakeUps;
    synchronized (this) {
      reclaimUnclaimed();
      wakeUps = handOver(); // a reclaimed turn goes to the line before this caller
      if (kept.remove(key) != null) {
        took = true;
      } else if (taken < turns) { // then nobody is in line: handOver gave them the free turns
        taken++;
        took = true;
      } else {
        Waiter before = inLine.get(key);
        if (before == null || before.priority() != priority) {
          leaveLine(key);
          Waiter waiter = new Waiter(key, priority, arrivals++, wakeUp);
          line.add(waiter);
          inLine.put(key, waiter);
        }
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

  /** Objects in line for a turn now. */
  synchronized int waiting() {
    return line.size();
  }

  /** Turns running or kept now. */
  synchronized int taken() {
    return taken;
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
      kept.put(next.key(), nanoTime.getAsLong());
      taken++;
      wakeUps.add(next.wakeUp());
    }
    return wakeUps;
  }

  private void reclaimUnclaimed() {
    long now = nanoTime.getAsLong();
    for (Iterator<Long> keptAt = kept.values().iterator(); keptAt.hasNext(); ) {
      if (now - keptAt.next() > KEPT.toNanos()) {
        keptAt.remove();
        taken--;
      }
    }
  }
}
