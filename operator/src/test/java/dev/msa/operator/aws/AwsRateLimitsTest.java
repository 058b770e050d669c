package dev.msa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    FakeTime time = new FakeTime(true);
    AwsRateLimiter limiter = new AwsRateLimiter(3, time::nanos, time::sleep);

    for (int i = 0; i < 3; i++) {
      limiter.acquire();
    }

    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void thenCallsGoAtTheRate() throws InterruptedException {
    FakeTime time = new FakeTime(true);
    AwsRateLimiter limiter = new AwsRateLimiter(2, time::nanos, time::sleep);

    for (int i = 0; i < 5; i++) {
      limiter.acquire();
    }

    assertThat(time.sleeps).containsExactly(millis(500), millis(500), millis(500));
    assertThat(time.elapsed()).isEqualTo(millis(1500));
  }

  @Test
  void callersArrivingTogetherQueueUp() throws InterruptedException {
    FakeTime time = new FakeTime(false); // nobody has woken up yet when the next one asks
    AwsRateLimiter limiter = new AwsRateLimiter(2, time::nanos, time::sleep);

    for (int i = 0; i < 5; i++) {
      limiter.acquire();
    }

    assertThat(time.sleeps).containsExactly(millis(500), millis(1000), millis(1500));
  }

  @Test
  void anIdleBucketRefillsOnlyToItsCapacity() throws InterruptedException {
    FakeTime time = new FakeTime(true);
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
    FakeTime time = new FakeTime(true);
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
    FakeTime time = new FakeTime(true);
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

  /** A clock that only moves when told to, and a sleeper that records (and may advance it). */
  private static final class FakeTime {
    final List<Duration> sleeps = new ArrayList<>();
    final boolean sleepingAdvancesTheClock;
    final long start = 1_000_000_000L;
    long nanos = start;

    FakeTime(boolean sleepingAdvancesTheClock) {
      this.sleepingAdvancesTheClock = sleepingAdvancesTheClock;
    }

    long nanos() {
      return nanos;
    }

    Duration elapsed() {
      return Duration.ofNanos(nanos - start);
    }

    void sleep(long duration) {
      sleeps.add(Duration.ofNanos(duration));
      if (sleepingAdvancesTheClock) {
        nanos += duration;
      }
    }
  }
}
