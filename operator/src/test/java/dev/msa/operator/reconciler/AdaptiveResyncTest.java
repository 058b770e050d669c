package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.testing.SettableClock;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdaptiveResyncTest {
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  @Test
  void aSmallFleetKeepsTheConfiguredPeriod() {
    // 100 Microservices with a subscription each: 600 reads fit 10 minutes at 5 per second
    assertThat(AdaptiveResync.period(TEN_MINUTES, 600, 5)).isEqualTo(TEN_MINUTES);
  }

  @Test
  void aLargeFleetStretchesThePeriodToTheReadBudget() {
    // 10,000 Microservices (5 reads) and 10,000 subscriptions (1): 60,000 reads at 5/s
    long reads = 10_000L * AdaptiveResync.MICROSERVICE_READS + 10_000L;
    assertThat(AdaptiveResync.period(TEN_MINUTES, reads, 5)).isEqualTo(Duration.ofSeconds(12_000));
    assertThat(AdaptiveResync.period(TEN_MINUTES, 6_000, 5)).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void theReadRateStaysWithinTheBudgetWhateverTheFleet() {
    for (long reads = 0; reads < 200_000; reads += 997) {
      Duration period = AdaptiveResync.period(Duration.ofSeconds(30), reads, 5);
      assertThat(reads / (double) period.toSeconds()).isLessThanOrEqualTo(5.0);
    }
  }

  @Test
  void eachObjectsDelayIsSpreadOverTheNextTenthOfThePeriod() {
    Clock clock = Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC);
    assertThat(new AdaptiveResync(TEN_MINUTES, 5, clock, () -> 0.0).next()).isEqualTo(TEN_MINUTES);
    assertThat(new AdaptiveResync(TEN_MINUTES, 5, clock, () -> 0.999).next())
        .isGreaterThan(TEN_MINUTES.multipliedBy(109).dividedBy(100))
        .isLessThan(TEN_MINUTES.multipliedBy(11).dividedBy(10));
  }

  @Test
  void theFleetIsCountedAgainAfterAFewSeconds() {
    SettableClock clock = new SettableClock(Instant.parse("2026-12-05T00:00:00Z"));
    AtomicLong reads = new AtomicLong(100);
    AdaptiveResync resync = new AdaptiveResync(Duration.ofSeconds(30), 5, clock, () -> 0.0);
    resync.countReadsWith(reads::get);
    assertThat(resync.period()).isEqualTo(Duration.ofSeconds(30));
    reads.set(6_000);
    assertThat(resync.period()).isEqualTo(Duration.ofSeconds(30)); // counted 0 s ago
    clock.set(clock.instant().plusSeconds(6));
    assertThat(resync.period()).isEqualTo(Duration.ofSeconds(1_200));
  }

  @Test
  void aReconcileThatAskedToComeBackSoonerKeepsItsDelay() {
    AdaptiveResync resync = new AdaptiveResync(TEN_MINUTES, 5, Clock.systemUTC(), () -> 0.5);
    UpdateControl<Microservice> soon =
        UpdateControl.<Microservice>noUpdate().rescheduleAfter(Duration.ofSeconds(5));
    assertThat(resync.schedule(soon).getScheduleDelay()).contains(5_000L);
    UpdateControl<Microservice> plain = UpdateControl.noUpdate();
    assertThat(resync.schedule(plain).getScheduleDelay()).contains(630_000L);
  }
}
