package dev.msa.operator.aws;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A token bucket for one AWS service, taken before every attempt — a retry after a throttle costs a
 * token like the first try, so a throttling storm is not made worse by retries that skip the limit.
 * Up to one second's worth of attempts go at once; then callers wait, and the next token goes to
 * the waiting call of the highest {@link AwsCallPriority} (the lowest number; first come among
 * equals), not to whoever asked first: in a burst of creates, the services applied first get their
 * calls through first and are Ready first, and re-reads of Ready objects wait behind the creates.
 * Only the first in line sleeps for the next token, outside the lock; the others wait on the
 * monitor until it has taken one.
 */
final class AwsRateLimiter implements ExecutionInterceptor {
  /** Sleeps for a number of nanoseconds; tests pass one that moves a fake clock. */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  /** Nanoseconds a call waited for tokens, all its attempts: not AWS's time (AwsCallMetrics). */
  static final ExecutionAttribute<Long> WAITED = new ExecutionAttribute<>("msa.aws.rate.waited");

  private record Waiter(long priority, long sequence) {}

  private final double perSecond;
  private final double capacity;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final PriorityQueue<Waiter> waiting =
      new PriorityQueue<>(
          Comparator.comparingLong(Waiter::priority).thenComparingLong(Waiter::sequence));
  private double tokens;
  private long refilledAt;
  private long taken;
  private long arrivals;

  AwsRateLimiter(double perSecond) {
    this(perSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  AwsRateLimiter(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
    this.perSecond = perSecond;
    this.capacity = Math.max(1, perSecond);
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.tokens = capacity;
    this.refilledAt = nanoTime.getAsLong();
  }

  /** Runs once per HTTP attempt, inside the SDK's retry loop (beforeExecution runs once a call). */
  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    try {
      long waited = acquire();
      if (attributes != null && waited > 0) {
        Long before = attributes.getAttribute(WAITED);
        attributes.putAttribute(WAITED, (before == null ? 0 : before) + waited);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AbortedException.builder()
          .message("interrupted while waiting for the AWS rate limit")
          .cause(e)
          .build();
    }
  }

  /** Takes one token at this thread's priority, waiting until it is due; the nanoseconds waited. */
  long acquire() throws InterruptedException {
    long start = nanoTime.getAsLong();
    Waiter me;
    synchronized (this) {
      me = new Waiter(AwsCallPriority.current(), arrivals++);
      waiting.add(me);
    }
    boolean done = false;
    boolean waited = false;
    try {
      while (true) {
        long sleep;
        synchronized (this) {
          refill();
          while (waiting.peek() != me) {
            waited = true;
            wait(); // the first in line notifies when it has its token, or gives up its place
            refill();
          }
          if (tokens >= 1) {
            tokens -= 1;
            taken++;
            waiting.poll();
            done = true;
            notifyAll();
            return waited ? Math.max(0, nanoTime.getAsLong() - start) : 0;
          }
          sleep = (long) Math.ceil((1 - tokens) / perSecond * 1e9);
        }
        waited = true;
        sleeper.sleep(sleep);
      }
    } finally {
      if (!done) {
        synchronized (this) {
          waiting.remove(me);
          notifyAll();
        }
      }
    }
  }

  /** Tokens taken so far: one per attempt. */
  synchronized long taken() {
    return taken;
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - refilledAt) * perSecond / 1e9);
    refilledAt = now;
  }
}
