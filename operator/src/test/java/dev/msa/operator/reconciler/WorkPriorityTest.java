package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.MicroserviceStatus;
import dev.msa.operator.aws.AwsCallPriority;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkPriorityTest {
  private static final String CREATED = "2026-12-05T13:00:00Z";

  @Test
  void aNewObjectGoesByWhenItWasCreated() {
    Microservice first = microservice("2026-12-05T13:00:00Z", 1L);
    Microservice second = microservice("2026-12-05T13:00:01Z", 1L);

    assertThat(WorkPriority.of(first, null))
        .isEqualTo(Instant.parse("2026-12-05T13:00:00Z").toEpochMilli())
        .isLessThan(WorkPriority.of(second, null));
  }

  @Test
  void readyForItsSpecIsBackgroundWork() {
    Microservice ready = microservice(CREATED, 2L);

    assertThat(WorkPriority.of(ready, status(2L, "True"))).isEqualTo(AwsCallPriority.BACKGROUND);
  }

  @Test
  void aChangedSpecOrAFailureIsServedByCreationTime() {
    Microservice changed = microservice(CREATED, 3L);
    long created = Instant.parse(CREATED).toEpochMilli();

    assertThat(WorkPriority.of(changed, status(2L, "True"))).isEqualTo(created);
    assertThat(WorkPriority.of(changed, status(3L, "False"))).isEqualTo(created);
  }

  @Test
  void aDeletionGoesByWhenItWasAskedFor() {
    Microservice deleted = microservice(CREATED, 2L);
    deleted.getMetadata().setDeletionTimestamp("2026-12-05T14:00:00Z");

    assertThat(WorkPriority.of(deleted, status(2L, "True")))
        .isEqualTo(Instant.parse("2026-12-05T14:00:00Z").toEpochMilli());
  }

  @Test
  void anUnreadableTimestampGoesAfterTheOthersButBeforeBackgroundWork() {
    Microservice odd = microservice("yesterday", 1L);

    assertThat(WorkPriority.of(odd, null))
        .isGreaterThan(Instant.parse(CREATED).toEpochMilli())
        .isLessThan(AwsCallPriority.BACKGROUND);
  }

  private static Microservice microservice(String created, Long generation) {
    Microservice microservice = new Microservice();
    microservice.setMetadata(
        new ObjectMetaBuilder()
            .withName("orders")
            .withNamespace("shop")
            .withCreationTimestamp(created)
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
