package dev.msa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msa.operator.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;

class AwsRateLimitsTest {

  @Test
  void parsesLimitsPerService() {
    AwsRateLimits limits = AwsRateLimits.parse("iam=5, sqs=50,events=0.5", 20);

    assertThat(limits.perSecond("iam")).isEqualTo(5);
    assertThat(limits.perSecond("sqs")).isEqualTo(50);
    assertThat(limits.perSecond("events")).isEqualTo(0.5);
    assertThat(limits.perSecond("sns")).isEqualTo(20);
  }

  @Test
  void aDefaultEntryReplacesTheDefault() {
    AwsRateLimits limits = AwsRateLimits.parse("iam=20,default=50", 10);

    assertThat(limits).isEqualTo(new AwsRateLimits(50, Map.of("iam", 20.0)));
  }

  @Test
  void blankTextMeansTheDefaultEverywhere() {
    assertThat(AwsRateLimits.parse(" ", 7)).isEqualTo(new AwsRateLimits(7, Map.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"iam", "iam=", "iam=fast", "iam=0", "iam=-1", "iam=NaN", "iam=1=2"})
  void refusesAnEntryWithoutAPositiveNumber(String entry) {
    assertThatThrownBy(() -> AwsRateLimits.parse("sqs=5," + entry, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + entry + "'")
        .hasMessageContaining("positive number");
  }

  @Test
  void refusesAnUnknownServiceNamingIt() {
    assertThatThrownBy(() -> AwsRateLimits.parse("iam=5,sq=3", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "AWS rate limit 'sq=3': unknown service 'sq'; expected one of default, dynamodb, eks,"
                + " events, iam, sns, sqs, sts");
  }

  @Test
  void aFullBucketLetsOneSecondOfCallsThroughAtOnce() throws InterruptedException {
    FakeTime time = new FakeTime();
    AwsRateLimiter limiter = new AwsRateLimiter(3, time::nanos, time::sleep);

    for (int i = 0; i < 3; i++) {
      limiter.acquire();
    }

    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void thenCallsGoAtTheRate() throws InterruptedException {
    FakeTime time = new FakeTime();
    AwsRateLimiter limiter = new AwsRateLimiter(2, time::nanos, time::sleep);

    for (int i = 0; i < 5; i++) {
      limiter.acquire();
    }

    assertThat(time.sleeps).containsExactly(millis(500), millis(500), millis(500));
    assertThat(time.elapsed()).isEqualTo(millis(1500));
  }

  @Test
  void theNextTokenGoesToTheWaitingCallOfHighestPriorityNotToTheFirstToAsk() throws Exception {
    AtomicLong clock = new AtomicLong();
    Semaphore asleep = new Semaphore(0);
    Semaphore wake = new Semaphore(0);
    AwsRateLimiter limiter =
        new AwsRateLimiter(
            1,
            clock::get,
            nanos -> {
              asleep.release();
              wake.acquire();
            });
    limiter.acquire(); // the one token: both callers below have to wait
    List<String> served = Collections.synchronizedList(new ArrayList<>());
    Thread resync = caller(limiter, AwsCallPriority.BACKGROUND, "resync", served);
    Thread create = caller(limiter, 1_700_000_000_000L, "create", served);

    resync.start();
    assertThat(asleep.tryAcquire(10, TimeUnit.SECONDS)).isTrue(); // first in line, sleeping
    create.start();
    assertThat(asleep.tryAcquire(10, TimeUnit.SECONDS)).isTrue(); // now first in line
    clock.addAndGet(Duration.ofSeconds(1).toNanos()); // one token is due
    wake.release(2);

    // the create takes it; the resync, which asked first, sleeps for the next one
    assertThat(asleep.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    Eventually.assertThat(
        Duration.ofSeconds(10), () -> assertThat(List.copyOf(served)).containsExactly("create"));
    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    wake.release();
    resync.join(10_000);
    create.join(10_000);
    assertThat(List.copyOf(served)).containsExactly("create", "resync");
    assertThat(limiter.taken()).isEqualTo(3);
  }

  @Test
  void aPriorityScopePutsBackTheOneBeforeIt() {
    assertThat(AwsCallPriority.current()).isEqualTo(AwsCallPriority.BACKGROUND);
    try (AwsCallPriority.Scope outer = AwsCallPriority.enter(5)) {
      try (AwsCallPriority.Scope inner = AwsCallPriority.enter(7)) {
        assertThat(AwsCallPriority.current()).isEqualTo(7);
      }
      assertThat(AwsCallPriority.current()).isEqualTo(5);
    }
    assertThat(AwsCallPriority.current()).isEqualTo(AwsCallPriority.BACKGROUND);
  }

  private static Thread caller(
      AwsRateLimiter limiter, long priority, String name, List<String> served) {
    return new Thread(
        () -> {
          try (AwsCallPriority.Scope scope = AwsCallPriority.enter(priority)) {
            limiter.acquire();
            served.add(name);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        name);
  }

  @Test
  void anIdleBucketRefillsOnlyToItsCapacity() throws InterruptedException {
    FakeTime time = new FakeTime();
    AwsRateLimiter limiter = new AwsRateLimiter(2, time::nanos, time::sleep);
    limiter.acquire();
    limiter.acquire();

    time.nanos += Duration.ofMinutes(1).toNanos();
    for (int i = 0; i < 3; i++) {
      limiter.acquire();
    }

    assertThat(time.sleeps).containsExactly(millis(500));
  }

  @Test
  void theWaitOfEveryAttemptIsAddedUpForTheCallsTimer() {
    FakeTime time = new FakeTime();
    AwsRateLimiter limiter = new AwsRateLimiter(2, time::nanos, time::sleep);
    ExecutionAttributes call = new ExecutionAttributes();

    for (int attempt = 0; attempt < 4; attempt++) {
      limiter.beforeTransmission(null, call);
    }

    // two tokens at once, then 0.5 s for each of the next two (the clock moves as they sleep)
    assertThat(call.getAttribute(AwsRateLimiter.WAITED)).isEqualTo(millis(1000).toNanos());
    assertThat(limiter.taken()).isEqualTo(4);
  }

  @Test
  void slowerThanOncePerSecondStillLetsTheFirstCallThrough() throws InterruptedException {
    FakeTime time = new FakeTime();
    AwsRateLimiter limiter = new AwsRateLimiter(0.5, time::nanos, time::sleep);

    limiter.acquire();
    limiter.acquire();

    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void anInterruptedWaitAbortsTheCallAndKeepsTheInterrupt() {
    AwsRateLimiter limiter =
        new AwsRateLimiter(
            1,
            () -> 0,
            nanos -> {
              throw new InterruptedException();
            });
    limiter.beforeTransmission(null, null); // the one token

    try {
      assertThatThrownBy(() -> limiter.beforeTransmission(null, null))
          .isInstanceOf(AbortedException.class)
          .hasMessageContaining("rate limit");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  private static Duration millis(long millis) {
    return Duration.ofMillis(millis);
  }

  /** A clock that only moves when told to, and a sleeper that records and advances it. */
  private static final class FakeTime {
    final List<Duration> sleeps = new ArrayList<>();
    final long start = 1_000_000_000L;
    long nanos = start;

    long nanos() {
      return nanos;
    }

    Duration elapsed() {
      return Duration.ofNanos(nanos - start);
    }

    void sleep(long duration) {
      sleeps.add(Duration.ofNanos(duration));
      nanos += duration;
    }
  }
}
