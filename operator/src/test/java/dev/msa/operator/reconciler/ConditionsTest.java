package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final String EARLIER = "2026-01-01T00:00:00Z";
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");
  private static final String NOW_TEXT = "2026-01-02T03:04:05Z";

  @Test
  void anUnchangedStatusKeepsItsTransitionTimeEvenWhenReasonAndMessageChange() {
    List<Condition> previous = List.of(stamped("WorkloadAvailable", false, "RolloutInProgress"));
    List<Condition> current =
        List.of(Conditions.of("WorkloadAvailable", false, "PodsUnavailable", "0 of 2"));

    List<Condition> result = Conditions.carryForward(previous, current, 2L, NOW);

    assertThat(result)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getLastTransitionTime()).isEqualTo(EARLIER);
              assertThat(c.getReason()).isEqualTo("PodsUnavailable");
              assertThat(c.getMessage()).isEqualTo("0 of 2");
            });
  }

  @Test
  void aChangedStatusTransitionsNowTruncatedToSeconds() {
    List<Condition> previous = List.of(stamped("WorkloadAvailable", false, "RolloutInProgress"));
    List<Condition> current = List.of(Conditions.of("WorkloadAvailable", true, "Available", "ok"));

    assertThat(Conditions.carryForward(previous, current, 2L, NOW))
        .singleElement()
        .extracting(Condition::getLastTransitionTime)
        .isEqualTo(NOW_TEXT);
  }

  @Test
  void aNewConditionTransitionsNow() {
    List<Condition> previous = List.of(stamped("Ready", true, "Ready"));
    List<Condition> current =
        List.of(
            Conditions.of("Ready", true, "Ready", "ok"),
            Conditions.of("CallsResolved", true, "Resolved", "ok"));

    List<Condition> result = Conditions.carryForward(previous, current, 1L, NOW);

    assertThat(result)
        .extracting(Condition::getType, Condition::getLastTransitionTime)
        .containsExactly(tuple("Ready", EARLIER), tuple("CallsResolved", NOW_TEXT));
  }

  @Test
  void withoutPreviousConditionsEveryConditionTransitionsNow() {
    List<Condition> result =
        Conditions.carryForward(
            null, List.of(Conditions.of("Ready", false, "DeploymentPending", "wait")), 1L, NOW);

    assertThat(result).extracting(Condition::getLastTransitionTime).containsExactly(NOW_TEXT);
  }

  @Test
  void everyConditionIsStampedWithTheGeneration() {
    List<Condition> previous = List.of(stamped("Ready", true, "Ready"));
    List<Condition> current =
        List.of(
            Conditions.of("Ready", true, "Ready", "ok"),
            Conditions.of("WorkloadAvailable", true, "Available", "ok"));

    assertThat(Conditions.carryForward(previous, current, 7L, NOW))
        .extracting(Condition::getObservedGeneration)
        .containsExactly(7L, 7L);
  }

  @Test
  void conditionsThatAreNoLongerReportedAreDropped() {
    List<Condition> previous =
        List.of(stamped("Ready", true, "Ready"), stamped("QueueReady", true, "Created"));

    assertThat(
            Conditions.carryForward(
                previous, List.of(Conditions.of("Ready", true, "Ready", "ok")), 1L, NOW))
        .extracting(Condition::getType)
        .containsExactly("Ready");
  }

  @Test
  void carryingForwardLeavesTheGivenConditionsUntouched() {
    Condition current = Conditions.of("Ready", true, "Ready", "ok");

    Conditions.carryForward(List.of(), List.of(current), 3L, NOW);

    assertThat(current.getLastTransitionTime()).isNull();
    assertThat(current.getObservedGeneration()).isNull();
  }

  @Test
  void readyIsTrueWhenEveryPartHolds() {
    Condition ready =
        Conditions.ready(
            List.of(
                Conditions.of("WorkloadAvailable", true, "Available", "2 of 2"),
                Conditions.of("QueueReady", true, "Created", "queue exists")));

    assertThat(ready.getType()).isEqualTo("Ready");
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo("Ready");
  }

  @Test
  void readyTakesTheFirstFailingPartsReasonAndNamesTheOthers() {
    Condition ready =
        Conditions.ready(
            List.of(
                Conditions.of("IdentityReady", true, "RoleCreated", "role exists"),
                Conditions.of("WorkloadAvailable", false, "RolloutInProgress", "1 of 2 pods"),
                Conditions.of("QueueReady", false, "AccessDenied", "no sqs:CreateQueue"),
                Conditions.of("TopicsReady", false, "Throttled", "retrying")));

    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("RolloutInProgress");
    assertThat(ready.getMessage())
        .startsWith("WorkloadAvailable: 1 of 2 pods")
        .endsWith("(also not ready: QueueReady, TopicsReady)")
        .doesNotContain("IdentityReady");
  }

  @Test
  void readyWithOneFailingPartMentionsNoOthers() {
    Condition ready =
        Conditions.ready(
            List.of(Conditions.of("WorkloadAvailable", false, "DeploymentPending", "not yet")));

    assertThat(ready.getReason()).isEqualTo("DeploymentPending");
    assertThat(ready.getMessage()).isEqualTo("WorkloadAvailable: not yet");
  }

  @Test
  void anUnknownPartIsNotReady() {
    Condition unknown =
        new ConditionBuilder()
            .withType("IdentityReady")
            .withStatus("Unknown")
            .withReason("Pending")
            .withMessage("?")
            .build();

    assertThat(Conditions.ready(List.of(unknown)).getStatus()).isEqualTo("False");
  }

  private static Condition stamped(String type, boolean status, String reason) {
    return new ConditionBuilder(Conditions.of(type, status, reason, "before"))
        .withLastTransitionTime(EARLIER)
        .withObservedGeneration(1L)
        .build();
  }
}
