package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.MicroserviceStatus;
import dev.msa.operator.aws.AwsCallPriority;
import dev.msa.operator.testing.SettableClock;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkPriorityTest {
  private static final Instant START = Instant.parse("2026-12-05T13:00:00.000Z");

  private final SettableClock now = new SettableClock(START);
  private final WorkPriority priority = new WorkPriority(now, 1);

  @Test
  void ofTwoCreatedInTheSameSecondTheOneSeenFirstGoesFirstAndKeepsItsPlace() {
    Microservice first = microservice("a", 1L);
    Microservice second = microservice("b", 1L);

    long firstPlace = priority.of(first, null);
    now.set(START.plusMillis(3));
    long secondPlace = priority.of(second, null);
    now.set(START.plusSeconds(5));

    assertThat(firstPlace).isEqualTo(START.toEpochMilli()).isLessThan(secondPlace);
    assertThat(priority.of(first, status(0L, "False"))).isEqualTo(firstPlace);
    assertThat(priority.of(second, null)).isEqualTo(secondPlace);
  }

  @Test
  void readyForItsSpecIsBackgroundWorkAndForgotten() {
    Microservice service = microservice("a", 2L);
    priority.of(service, null);

    assertThat(priority.of(service, status(2L, "True"))).isEqualTo(AwsCallPriority.BACKGROUND);
    assertThat(priority.waiting()).isZero();
  }

  @Test
  void aChangedSpecWaitsFromWhenItWasFirstSeenChanged() {
    Microservice changed = microservice("a", 3L);
    now.set(START.plus(Duration.ofHours(1)));

    assertThat(priority.of(changed, status(2L, "True")))
        .isEqualTo(START.plus(Duration.ofHours(1)).toEpochMilli());
  }

  @Test
  void aDeletionGoesByWhenItWasAskedForAndIsForgotten() {
    Microservice deleted = microservice("a", 2L);
    priority.of(deleted, null);
    deleted.getMetadata().setDeletionTimestamp("2026-12-05T14:00:00Z");

    assertThat(priority.of(deleted, status(1L, "False")))
        .isEqualTo(Instant.parse("2026-12-05T14:00:00Z").toEpochMilli());
    assertThat(priority.waiting()).isZero();
  }

  @Test
  void aReconcileOfAReadyObjectNeedsNoTurnAndANewOneStandsInLineWithoutWaiting() {
    Microservice ready = microservice("ready", 1L);
    Microservice waiting = microservice("waiting", 1L);
    Microservice holding = microservice("holding", 1L);
    List<String> woken = new ArrayList<>();

    try (WorkPriority.Turn held = priority.enter(holding, null, () -> woken.add("holding"))) {
      assertThat(held.granted()).isTrue(); // the one turn
      try (WorkPriority.Turn background =
          priority.enter(ready, status(1L, "True"), () -> woken.add("ready"))) {
        assertThat(background.granted()).isTrue();
        assertThat(AwsCallPriority.current()).isEqualTo(AwsCallPriority.BACKGROUND);
      }
      try (WorkPriority.Turn none = priority.enter(waiting, null, () -> woken.add("waiting"))) {
        assertThat(none.granted()).isFalse();
      }
      assertThat(priority.waitingForATurn()).isEqualTo(1);
      assertThat(woken).isEmpty();
    }

    assertThat(woken).containsExactly("waiting");
    try (WorkPriority.Turn kept = priority.enter(waiting, null, () -> woken.add("again"))) {
      assertThat(kept.granted()).isTrue();
    }
    assertThat(priority.waitingForATurn()).isZero();
  }

  @Test
  void anObjectReadyWhileItsTurnWasKeptGivesTheTurnToTheNext() {
    Microservice first = microservice("first", 1L);
    Microservice second = microservice("second", 1L);
    Microservice third = microservice("third", 1L);
    List<String> woken = new ArrayList<>();
    WorkPriority.Turn held = priority.enter(first, null, () -> woken.add("first"));
    priority.enter(second, null, () -> woken.add("second")).close();
    now.set(START.plusMillis(5));
    priority.enter(third, null, () -> woken.add("third")).close();
    held.close();
    assertThat(woken).containsExactly("second");

    // the second became Ready meanwhile (its reconcile found the work done by another replica)
    priority.enter(second, status(1L, "True"), () -> woken.add("second again")).close();

    assertThat(woken).containsExactly("second", "third");
  }

  @Test
  void aReconcileWithoutAwsCallsNeedsNoTurnKeepsItsPlaceAndLeavesTheLine() {
    Microservice holding = microservice("holding", 1L);
    Microservice rolledOut = microservice("rolled out", 1L);
    Microservice next = microservice("next", 1L);
    List<String> woken = new ArrayList<>();
    WorkPriority.Turn held = priority.enter(holding, null, () -> woken.add("holding"));
    priority.enter(rolledOut, null, () -> woken.add("rolled out")).close();
    now.set(START.plusMillis(5));
    priority.enter(next, null, () -> woken.add("next")).close();
    assertThat(priority.waitingForATurn()).isEqualTo(2);

    try (WorkPriority.Turn statusOnly = priority.enterWithoutAws(rolledOut, status(1L, "False"))) {
      assertThat(statusOnly.granted()).isTrue();
      assertThat(AwsCallPriority.current()).isEqualTo(START.toEpochMilli());
    }
    assertThat(priority.waitingForATurn()).as("out of the line").isEqualTo(1);
    held.close();

    assertThat(woken)
        .as("the freed turn is not kept for one that needs none")
        .containsExactly("next");
  }

  private static Microservice microservice(String uid, Long generation) {
    Microservice microservice = new Microservice();
    microservice.setMetadata(
        new ObjectMetaBuilder()
            .withName("orders-" + uid)
            .withNamespace("shop")
            .withUid(uid)
            .withCreationTimestamp("2026-12-05T13:00:00Z")
            .withGeneration(generation)
            .build());
    return microservice;
  }

  private static MicroserviceStatus status(Long observedGeneration, String ready) {
    MicroserviceStatus status = new MicroserviceStatus();
    status.setObservedGeneration(observedGeneration);
    status.getConditions().add(new ConditionBuilder().withType("Ready").withStatus(ready).build());
    return status;
  }
}
