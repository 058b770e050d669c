package dev.msa.operator.reconciler;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * At most a number of reconciles of objects not yet Ready at once, let in by priority (the lowest
 * number first; first come among equals). On a busy operator, moto or apiserver the calls of every
 * reconcile in flight share the CPU: with a whole burst in flight each service got a slice and all
 * of them finished near the end. Letting in a few at a time, the earliest first, the first applied
 * finish first and the rest follow.
 */
final class ProvisioningTurns {
  private record Waiter(long priority, long sequence) {}

  private final int turns;
  private final PriorityQueue<Waiter> waiting =
      new PriorityQueue<>(
          Comparator.comparingLong(Waiter::priority).thenComparingLong(Waiter::sequence));
  private int taken;
  private long arrivals;

  ProvisioningTurns(int turns) {
    if (turns < 1) {
      throw new IllegalArgumentException("turns must be at least 1, not " + turns);
    }
    this.turns = turns;
  }

  /** Waits until this priority is first in line and a turn is free, and takes it. */
  synchronized void take(long priority) throws InterruptedException {
    Waiter me = new Waiter(priority, arrivals++);
    waiting.add(me);
    try {
      while (waiting.peek() != me || taken >= turns) {
        wait();
      }
    } catch (InterruptedException e) {
      waiting.remove(me);
      notifyAll();
      throw e;
    }
    waiting.poll();
    taken++;
    notifyAll(); // the next in line may find a turn free too
  }

  synchronized void give() {
    taken--;
    notifyAll();
  }

  /** Reconciles waiting for a turn. */
  synchronized int waiting() {
    return waiting.size();
  }

  /** Turns taken now. */
  synchronized int taken() {
    return taken;
  }
}
