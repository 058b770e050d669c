package dev.msa.operator.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.MicroserviceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ReconcileMetrics metrics = new ReconcileMetrics(registry);

  @Test
  void aNewGenerationIsTimedUntilItsStatusSaysReady() {
    Microservice orders = microservice(1, null);

    metrics.reconcileStarted(orders);
    metrics.statusComputed(orders, status(1, "False"));
    metrics.reconcileStarted(orders);
    metrics.statusComputed(orders, status(1, "True"));

    Timer timer = registry.get(ReconcileMetrics.APPLY_TO_READY).tag("kind", "Microservice").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.getId().getTags()).extracting("key").containsExactly("kind");
  }

  @Test
  void aSteadyStateReconcileOfAReadyGenerationRecordsNothing() {
    Microservice orders = microservice(3, status(3, "True"));

    metrics.reconcileStarted(orders);
    metrics.statusComputed(orders, status(3, "True"));

    assertThat(registry.find(ReconcileMetrics.APPLY_TO_READY).timer()).isNull();
  }

  @Test
  void aSpecChangeOnAReadyObjectStartsTheClockAgain() {
    Microservice orders = microservice(4, status(3, "True"));

    metrics.reconcileStarted(orders);
    metrics.statusComputed(orders, status(4, "True"));

    assertThat(registry.get(ReconcileMetrics.APPLY_TO_READY).timer().count()).isEqualTo(1);
  }

  @Test
  void aDeletedObjectIsForgotten() {
    Microservice orders = microservice(1, null);
    metrics.reconcileStarted(orders);
    metrics.forget(orders);
    metrics.statusComputed(orders, status(1, "True"));

    assertThat(registry.find(ReconcileMetrics.APPLY_TO_READY).timer()).isNull();
  }

  @Test
  void aChangeIsDriftOnlyWhenTheSpecWasAlreadyReconciled() {
    metrics.changed(microservice(2, status(1, "True")), "Deployment"); // spec change: not drift
    metrics.changed(microservice(1, null), "Deployment"); // first apply: not drift
    metrics.changed(microservice(2, status(2, "True")), "Deployment");
    Microservice drifted = microservice(2, status(2, "False"));
    for (String part : List.of("SqsQueue", "IamRole", "SnsTopic", "IamRole")) {
      metrics.changed(drifted, part);
    }

    assertThat(counter("Deployment")).isEqualTo(1);
    assertThat(counter("SqsQueue")).isEqualTo(1);
    assertThat(counter("IamRole")).isEqualTo(2);
    assertThat(counter("SnsTopic")).isEqualTo(1);
    assertThat(registry.get(ReconcileMetrics.DRIFT_CORRECTIONS).counters())
        .allSatisfy(c -> assertThat(c.getId().getTag("kind")).isEqualTo("Microservice"));
  }

  @Test
  void theReadyStateIsTheReadyConditionsStatusOrUnknown() {
    assertThat(ReconcileMetrics.readyState(microservice(1, null))).isEqualTo("Unknown");
    assertThat(ReconcileMetrics.readyState(microservice(1, new MicroserviceStatus())))
        .isEqualTo("Unknown");
    assertThat(ReconcileMetrics.readyState(microservice(1, status(1, "False")))).isEqualTo("False");
    assertThat(ReconcileMetrics.readyState(microservice(1, status(1, "True")))).isEqualTo("True");
  }

  private double counter(String part) {
    return registry.get(ReconcileMetrics.DRIFT_CORRECTIONS).tag("part", part).counter().count();
  }

  private static Microservice microservice(long generation, MicroserviceStatus status) {
    Microservice microservice = new Microservice();
    microservice.setMetadata(
        new ObjectMetaBuilder()
            .withName("orders")
            .withNamespace("shop")
            .withUid("uid-1")
            .withGeneration(generation)
            .build());
    microservice.setStatus(status);
    return microservice;
  }

  private static MicroserviceStatus status(long observedGeneration, String ready) {
    MicroserviceStatus status = new MicroserviceStatus();
    status.setObservedGeneration(observedGeneration);
    Condition condition =
        new ConditionBuilder().withType("Ready").withStatus(ready).withReason("Test").build();
    status.setConditions(List.of(condition));
    return status;
  }
}
