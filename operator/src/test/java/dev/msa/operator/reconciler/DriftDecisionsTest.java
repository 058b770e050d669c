package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.DriftAction;
import dev.msa.operator.api.DriftField;
import dev.msa.operator.api.DriftPart;
import dev.msa.operator.api.DriftRule;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.MicroserviceSpec;
import dev.msa.operator.api.MicroserviceStatus;
import dev.msa.operator.model.AttributeChanges;
import dev.msa.operator.model.AwsPart;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A driftPolicy across reconciles: drift is left as it is, a change of the spec is applied once
 * (even to a field the policy leaves), and what the operator cannot know after a restart is decided
 * by whether the status has seen the spec's generation.
 */
class DriftDecisionsTest {
  private final LastCompared lastCompared = new LastCompared();
  private final Map<String, String> queue = new HashMap<>(Map.of("VisibilityTimeout", "30"));

  @Test
  void driftOfAnIgnoredFieldIsLeftAtEveryResync() {
    Microservice ms = microservice(DriftAction.Ignore, 1, 1);

    assertThat(sync(ms, "30")).isEmpty();
    queue.put("VisibilityTimeout", "120"); // tuned by hand
    assertThat(sync(ms, "30")).isEmpty();
    assertThat(sync(ms, "30")).isEmpty();
    assertThat(queue).containsEntry("VisibilityTimeout", "120");
  }

  @Test
  void aChangeOfTheFieldInTheSpecIsAppliedOnceThenDriftIsLeftAgain() {
    Microservice ms = microservice(DriftAction.Ignore, 1, 1);
    queue.put("VisibilityTimeout", "120");
    sync(ms, "30");

    Microservice edited = microservice(DriftAction.Ignore, 2, 1);
    assertThat(sync(edited, "45")).containsEntry("VisibilityTimeout", "45");
    queue.put("VisibilityTimeout", "300");
    assertThat(sync(edited, "45")).as("drift after the change").isEmpty();
  }

  @Test
  void anEditOfAnotherFieldOfTheSpecLeavesDriftAsItIs() {
    queue.put("VisibilityTimeout", "120");
    sync(microservice(DriftAction.Ignore, 1, 1), "30");

    assertThat(sync(microservice(DriftAction.Ignore, 2, 1), "30")).isEmpty();
  }

  @Test
  void aPolicyAddedAfterTheDriftStillKeepsIt() {
    sync(microservice(null, 1, 1), "30");
    queue.put("VisibilityTimeout", "120");

    assertThat(sync(microservice(DriftAction.Ignore, 2, 1), "30"))
        .as("the edit that adds the rule does not change the field")
        .isEmpty();
  }

  @Test
  void aReportedFieldIsRecordedWithBothValues() {
    List<Drift> reported = new ArrayList<>();
    queue.put("VisibilityTimeout", "120");

    sync(microservice(DriftAction.Report, 1, 1), "30", reported);

    assertThat(reported)
        .extracting(Drift::describe)
        .containsExactly("SQS queue q: VisibilityTimeout is 120 (spec: 30)");
  }

  @Test
  void withoutALastComparisonADifferenceIsTheSpecsWhileTheStatusLagsBehindIt() {
    queue.put("VisibilityTimeout", "120");

    assertThat(sync(microservice(DriftAction.Ignore, 1, 1), "30")).as("restarted").isEmpty();
    LastCompared restarted = new LastCompared();
    assertThat(sync(microservice(DriftAction.Ignore, 2, 1), "45", new ArrayList<>(), restarted))
        .as("restarted with an edit the status has not seen")
        .containsEntry("VisibilityTimeout", "45");
  }

  private Map<String, String> sync(Microservice ms, String visibilityTimeout) {
    return sync(ms, visibilityTimeout, new ArrayList<>());
  }

  private Map<String, String> sync(Microservice ms, String visibilityTimeout, List<Drift> drift) {
    return sync(ms, visibilityTimeout, drift, lastCompared);
  }

  /** One comparison of the queue with the spec, as AwsSync makes it; what is sent. */
  private Map<String, String> sync(
      Microservice ms, String visibilityTimeout, List<Drift> drift, LastCompared memory) {
    Map<String, String> observed = Map.copyOf(queue);
    DriftDecisions decisions = DriftDecisions.of(ms, memory, drift);
    AttributeChanges sent =
        decisions.permitted(
            AwsPart.SQS_QUEUE,
            "q",
            Map.of("VisibilityTimeout", visibilityTimeout),
            d -> AttributeChanges.ofQueue(d, observed));
    queue.putAll(sent.changed());
    decisions.sent(AwsPart.SQS_QUEUE, "q", sent);
    return sent.changed();
  }

  private static Microservice microservice(
      DriftAction action, long generation, long observedGeneration) {
    Microservice ms = new Microservice();
    ms.setMetadata(
        new ObjectMetaBuilder()
            .withName("orders")
            .withNamespace("ns")
            .withUid("uid-1")
            .withGeneration(generation)
            .build());
    MicroserviceSpec spec = new MicroserviceSpec();
    if (action != null) {
      spec.setDriftPolicy(
          List.of(new DriftRule(DriftPart.Queue, List.of(DriftField.VisibilityTimeout), action)));
    }
    ms.setSpec(spec);
    MicroserviceStatus status = new MicroserviceStatus();
    status.setObservedGeneration(observedGeneration);
    ms.setStatus(status);
    return ms;
  }
}
