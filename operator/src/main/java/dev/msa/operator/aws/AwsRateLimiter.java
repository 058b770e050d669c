package dev.msa.operator.aws;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A token bucket for one AWS service, taken before every attempt — a retry after a throttle costs a
 * token like the first try, so a throttling storm is not made worse by retries that skip the limit:
 * up to one second's worth of attempts go at once, then callers wait their turn. Waiting happens
 * outside the lock, so a caller that reserved a later slot does not hold up the bookkeeping of the
 * others.
 */
final class AwsRateLimiter implements ExecutionInterceptor {
  /** Sleeps for a number of nanoseconds; tests pass one that only records. */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  /** Nanoseconds a call waited for tokens, all its attempts: not AWS's time (AwsCallMetrics). */
  static final ExecutionAttribute<Long> WAITED = new ExecutionAttribute<>("msa.aws.rate.waited");

  private final double perSecond;
  private final double capacity;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private double tokens;
  private long refilledAt;
  private long taken;

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

  /** Takes one token, waiting until it is due; the nanoseconds waited. */
  long acquire() throws InterruptedException {
    long waitNanos = reserve();
    if (waitNanos > 0) {
      sleeper.sleep(waitNanos);
    }
    return Math.max(0, waitNanos);
  }

  /** Tokens taken so far: one per attempt. */
  synchronized long taken() {
    return taken;
  }

  /** Takes a token, going into debt if none is left, and says how long to wait for it. */
  private synchronized long reserve() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - refilledAt) * perSecond / 1e9);
    refilledAt = now;
    tokens -= 1;
    taken++;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perSecond * 1e9);
  }
}
