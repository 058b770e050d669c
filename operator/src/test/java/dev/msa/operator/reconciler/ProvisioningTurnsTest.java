package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msa.operator.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvisioningTurnsTest {

  @Test
  void aFreedTurnGoesToTheEarliestWaitingNotToTheFirstToAsk() throws Exception {
    ProvisioningTurns turns = new ProvisioningTurns(1);
    List<String> served = Collections.synchronizedList(new ArrayList<>());
    turns.take(1);
    Thread late = waiter(turns, 300, "applied later", served);
    Thread early = waiter(turns, 200, "applied earlier", served);

    late.start();
    Eventually.assertThat(Duration.ofSeconds(10), () -> assertThat(turns.waiting()).isEqualTo(1));
    early.start();
    Eventually.assertThat(Duration.ofSeconds(10), () -> assertThat(turns.waiting()).isEqualTo(2));
    assertThat(served).isEmpty();
    turns.give();
    late.join(10_000);
    early.join(10_000);

    assertThat(List.copyOf(served)).containsExactly("applied earlier", "applied later");
    assertThat(turns.taken()).isZero();
  }

  @Test
  void asManyRunAtOnceAsThereAreTurns() throws Exception {
    ProvisioningTurns turns = new ProvisioningTurns(2);

    turns.take(5);
    turns.take(5);

    assertThat(turns.taken()).isEqualTo(2);
    Thread third = new Thread(() -> take(turns, 5));
    third.start();
    Eventually.assertThat(Duration.ofSeconds(10), () -> assertThat(turns.waiting()).isEqualTo(1));
    turns.give();
    third.join(10_000);
    assertThat(turns.taken()).isEqualTo(2);
    assertThat(turns.waiting()).isZero();
  }

  @Test
  void anInterruptedWaiterGivesUpItsPlace() throws Exception {
    ProvisioningTurns turns = new ProvisioningTurns(1);
    turns.take(1);
    Thread waiter = new Thread(() -> take(turns, 2));
    waiter.start();
    Eventually.assertThat(Duration.ofSeconds(10), () -> assertThat(turns.waiting()).isEqualTo(1));

    waiter.interrupt();
    waiter.join(10_000);

    assertThat(turns.waiting()).isZero();
    assertThat(turns.taken()).isEqualTo(1);
  }

  @Test
  void noTurnsIsRefused() {
    assertThatThrownBy(() -> new ProvisioningTurns(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static Thread waiter(
      ProvisioningTurns turns, long priority, String name, List<String> served) {
    return new Thread(
        () -> {
          take(turns, priority);
          served.add(name);
          turns.give();
        });
  }

  private static void take(ProvisioningTurns turns, long priority) {
    try {
      turns.take(priority);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
