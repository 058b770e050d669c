package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.msa.operator.aws.AwsException;
import dev.msa.operator.aws.AwsFailure;
import dev.msa.operator.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reconciling and Stalled beside Ready, as kstatus (Flux, kubectl wait) reads them. */
class KstatusTest {
  private static final Condition QUEUE_OK = Conditions.of("QueueReady", true, "Ready", "ok");

  @Test
  void aReadyObjectHasNeitherAndStaleOnesAreDropped() {
    Condition ready = Conditions.ready(List.of(QUEUE_OK));
    List<Condition> conditions =
        Conditions.withKstatus(
            List.of(
                ready,
                Conditions.of(Conditions.STALLED, true, "NameConflict", "old"),
                QUEUE_OK,
                Conditions.of(Conditions.RECONCILING, true, "Creating", "old")));

    assertThat(conditions).extracting(Condition::getType).containsExactly("Ready", "QueueReady");
  }

  /** The CRDs key conditions by type: a repeated one would make the apiserver refuse the status. */
  @Test
  void ofConditionsOfTheSameTypeOnlyTheFirstIsKept() {
    Condition ready = Conditions.ready(List.of(QUEUE_OK));
    Condition again = Conditions.of("QueueReady", false, "Throttling", "later");

    assertThat(Conditions.withKstatus(List.of(ready, QUEUE_OK, again)))
        .extracting(Condition::getType, Condition::getStatus)
        .containsExactly(tuple("Ready", "True"), tuple("QueueReady", "True"));
  }

  @Test
  void aTerminalReasonIsStalledWithReadysReasonAndMessage() {
    Condition conflict = Conditions.of("QueueReady", false, "NameConflict", "queue q is not ours");
    Condition ready = Conditions.ready(List.of(conflict));

    assertThat(Conditions.withKstatus(List.of(ready, conflict)))
        .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(
            tuple("Ready", "False", "NameConflict"),
            tuple("Stalled", "True", "NameConflict"),
            tuple("QueueReady", "False", "NameConflict"));
    assertThat(Conditions.withKstatus(List.of(ready, conflict)).get(1).getMessage())
        .isEqualTo("QueueReady: queue q is not ours");
  }

  @Test
  void progressAndRetriedFailuresAreReconciling() {
    for (Condition part :
        List.of(
            Conditions.of("TableReady", false, DataStoreAws.CREATING, "table t is CREATING"),
            awsFailure("Throttling", false))) {
      Condition ready = Conditions.ready(List.of(part));
      assertThat(Conditions.withKstatus(List.of(ready, part)))
          .as(part.getReason())
          .extracting(Condition::getType)
          .containsExactly("Ready", "Reconciling", part.getType());
    }
  }

  @Test
  void aTerminalAwsErrorIsStalledThoughItsCodeIsInNoList() {
    Condition denied = awsFailure("AccessDenied", true);
    assertThat(Reasons.TERMINAL).doesNotContain("AccessDenied");

    assertThat(Reasons.isTerminal(denied)).isTrue();
    assertThat(Conditions.withKstatus(List.of(Conditions.ready(List.of(denied)), denied)))
        .extracting(Condition::getType)
        .contains("Stalled")
        .doesNotContain("Reconciling");
  }

  /** Waiting for the rest does not make a terminal failure Ready: Ready names it first. */
  @Test
  void readyNamesATerminalFailureBeforeEarlierProgress() {
    Condition rollout =
        Conditions.of("WorkloadAvailable", false, Reasons.ROLLOUT_IN_PROGRESS, "rolling out");
    Condition denied = awsFailure("AccessDenied", true);

    Condition ready = Conditions.ready(List.of(rollout, denied));

    assertThat(ready.getReason()).isEqualTo("AccessDenied");
    assertThat(ready.getMessage())
        .startsWith("IdentityReady: ")
        .endsWith("(also not ready: WorkloadAvailable)");
  }

  @Test
  void aDeletionFailureIsRefusedWhenAwsWillRepeatIt() {
    assertThat(Reasons.ofDeletionFailure(awsException("DeleteConflict", true)))
        .isEqualTo(Reasons.DELETION_REFUSED);
    assertThat(Reasons.ofDeletionFailure(awsException("ServiceUnavailable", false)))
        .isEqualTo(Reasons.DELETION_FAILED);
    assertThat(Reasons.TERMINAL).contains(Reasons.DELETION_REFUSED);
    assertThat(Reasons.PROGRESSING).contains(Reasons.DELETION_FAILED);
  }

  /** Plan-only waits for a person: nothing progresses until the annotation goes. */
  @Test
  void aPlanOnlyObjectIsStalled() {
    Condition ready = Conditions.of("Ready", false, Plans.PLAN_ONLY, "plan-only: 2 changes");

    assertThat(Conditions.withKstatus(List.of(ready)))
        .extracting(Condition::getType, Condition::getReason)
        .containsExactly(tuple("Ready", "PlanOnly"), tuple("Stalled", "PlanOnly"));
  }

  @Test
  void docsFluxNamesEveryTerminalReason() throws IOException {
    String doc = Files.readString(RepoPaths.root().resolve("docs/flux.md"));
    for (String reason :
        java.util.stream.Stream.concat(Reasons.TERMINAL.stream(), Reasons.SUSPENDED.stream())
            .toList()) {
      assertThat(doc).as("docs/flux.md names %s", reason).contains("| `" + reason + "` |");
    }
  }

  private static Condition awsFailure(String code, boolean terminal) {
    return AwsPartFailure.of("IdentityReady", "role r", awsException(code, terminal));
  }

  private static AwsException awsException(String code, boolean terminal) {
    return new AwsException(new AwsFailure("iam", "CreateRole", code, "it failed", terminal), null);
  }
}
