package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProvisioningTurnsTest {
  private final AtomicLong now = new AtomicLong();
  private final List<String> woken = new ArrayList<>();

  @Test
  void aFreedTurnIsKeptForTheEarliestInLineNotForTheFirstToAsk() {
    ProvisioningTurns turns = new ProvisioningTurns(1, now::get);
    assertThat(take(turns, "running", 1)).isTrue();

    assertThat(take(turns, "applied later", 300)).isFalse();
    assertThat(take(turns, "applied earlier", 200)).isFalse();
    assertThat(turns.waiting()).isEqualTo(2);
    assertThat(woken).isEmpty();
    turns.give();

    assertThat(woken).containsExactly("applied earlier");
    assertThat(take(turns, "a newcomer", 100)).as("the turn is kept").isFalse();
    assertThat(take(turns, "applied earlier", 200)).isTrue();
    turns.give();
    assertThat(woken).containsExactly("applied earlier", "a newcomer");
  }

  @Test
  void asManyRunAtOnceAsThereAreTurnsAndNoCallerWaits() {
    ProvisioningTurns turns = new ProvisioningTurns(2, now::get);

    assertThat(take(turns, "a", 5)).isTrue();
    assertThat(take(turns, "b", 5)).isTrue();
    assertThat(take(turns, "c", 5)).isFalse();

    assertThat(turns.taken()).isEqualTo(2);
    assertThat(turns.waiting()).isEqualTo(1);
    turns.give();
    assertThat(turns.taken()).as("one running, one kept for c").isEqualTo(2);
    assertThat(take(turns, "c", 5)).isTrue();
    assertThat(turns.waiting()).isZero();
    assertThat(turns.reclaimed()).isZero();
  }

  @Test
  void theRetryOfAnObjectInLineBacksOffUntilItGetsATurn() {
    ProvisioningTurns turns = new ProvisioningTurns(1, now::get);
    take(turns, "running", 1);
    List<Duration> retries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      assertThat(take(turns, "waiting", 5)).isFalse();
      retries.add(turns.retryAfter("waiting"));
    }
    assertThat(retries)
        .containsExactly(
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            Duration.ofSeconds(120),
            Duration.ofSeconds(240),
            Duration.ofSeconds(240));

    turns.give();
    assertThat(take(turns, "waiting", 5)).isTrue();
    turns.give();
    take(turns, "running again", 1);
    assertThat(take(turns, "waiting", 5)).as("in line again, a new wait").isFalse();
    assertThat(turns.retryAfter("waiting")).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void askingAgainKeepsThePlaceInLine() {
    ProvisioningTurns turns = new ProvisioningTurns(1, now::get);
    take(turns, "running", 1);
    take(turns, "first", 5);
    take(turns, "second", 5);

    assertThat(take(turns, "first", 5)).isFalse(); // its fallback retry, before its wake-up
    turns.give();

    assertThat(woken).containsExactly("first");
  }

  @Test
  void aTurnKeptForAnObjectThatNeverComesGoesToTheNextAfterAWhile() {
    ProvisioningTurns turns = new ProvisioningTurns(1, now::get);
    take(turns, "running", 1);
    take(turns, "deleted meanwhile", 2);
    take(turns, "next", 3);
    turns.give();
    assertThat(woken).containsExactly("deleted meanwhile");

    now.addAndGet(ProvisioningTurns.KEPT.toNanos());
    assertThat(take(turns, "next", 3)).as("still kept").isFalse();
    now.incrementAndGet();

    assertThat(take(turns, "next", 3)).isTrue();
    assertThat(turns.taken()).isEqualTo(1);
    assertThat(turns.reclaimed()).isEqualTo(1);
  }

  @Test
  void aReclaimedTurnGoesToTheLineNotToTheOneWhoAsked() {
    ProvisioningTurns turns = new ProvisioningTurns(1, now::get);
    take(turns, "running", 1);
    take(turns, "deleted meanwhile", 2);
    take(turns, "next", 3);
    turns.give();
    now.addAndGet(ProvisioningTurns.KEPT.toNanos() + 1);

    assertThat(take(turns, "a newcomer", 4)).isFalse();

    assertThat(woken).containsExactly("deleted meanwhile", "next");
    assertThat(take(turns, "next", 3)).isTrue();
  }

  @Test
  void aForgottenObjectLeavesTheLineAndItsKeptTurnGoesOn() {
    ProvisioningTurns turns = new ProvisioningTurns(1, now::get);
    take(turns, "running", 1);
    take(turns, "ready elsewhere", 2);
    take(turns, "gone", 3);
    take(turns, "next", 4);

    turns.forget("gone");
    turns.give();
    assertThat(woken).containsExactly("ready elsewhere");
    turns.forget("ready elsewhere");

    assertThat(woken).containsExactly("ready elsewhere", "next");
    assertThat(turns.taken()).isEqualTo(1);
    assertThat(turns.waiting()).isZero();
  }

  @Test
  void noTurnsIsRefused() {
    assertThatThrownBy(() -> new ProvisioningTurns(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private boolean take(ProvisioningTurns turns, String key, long priority) {
    return turns.tryTake(key, "Microservice apps/" + key, priority, () -> woken.add(key));
  }
}
