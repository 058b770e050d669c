package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.DataStoreAccess;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.MicroserviceSpec;
import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.TableGrant;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecentAwsOutcomesTest {
  private static final Duration RESYNC = Duration.ofSeconds(30);
  private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");
  private static final List<TableGrant> NO_TABLES = List.of();

  @Test
  void aReconcileSoonAfterAReadyOutcomeReusesItWithNothingToAnnounce() {
    RecentAwsOutcomes recent = new RecentAwsOutcomes(RESYNC, at(T0.plusSeconds(27)));
    AwsOutcome outcome = ready();
    outcome.changes.add(Change.of(AwsPart.IAM_ROLE, "r", Change.Kind.CREATED));
    outcome.changes.add(
        new Change(AwsPart.SQS_QUEUE, "q", Change.Kind.UPDATED, List.of("VisibilityTimeout")));

    recent.record(microservice(1), NO_TABLES, outcome, T0);
    Optional<AwsOutcome> reused = recent.reusable(microservice(1), NO_TABLES);

    assertThat(reused).isPresent();
    assertThat(reused.get().env).containsEntry("MSA_QUEUE_URL", "http://q");
    assertThat(reused.get().roleArn).contains("arn:aws:iam::000000000000:role/r");
    assertThat(reused.get().conditions).extracting("type").containsExactly("QueueReady");
    assertThat(reused.get().changes).isEmpty();
  }

  @Test
  void aReconcileLaterThanNineTenthsOfTheIntervalReadsAgain() {
    RecentAwsOutcomes recent = new RecentAwsOutcomes(RESYNC, at(T0.plusSeconds(28)));

    recent.record(microservice(1), NO_TABLES, ready(), T0);

    assertThat(recent.reusable(microservice(1), NO_TABLES)).isEmpty();
  }

  @Test
  void aNewGenerationReadsAgain() {
    RecentAwsOutcomes recent = new RecentAwsOutcomes(RESYNC, at(T0.plusSeconds(1)));

    recent.record(microservice(1), NO_TABLES, ready(), T0);

    assertThat(recent.reusable(microservice(2), NO_TABLES)).isEmpty();
  }

  @Test
  void otherBoundTablesReadAgain() {
    RecentAwsOutcomes recent = new RecentAwsOutcomes(RESYNC, at(T0.plusSeconds(1)));
    List<TableGrant> tables =
        List.of(
            new TableGrant(
                "arn:aws:dynamodb:us-east-1:000000000000:table/t",
                Optional.empty(),
                DataStoreAccess.ReadWrite));

    recent.record(microservice(1), NO_TABLES, ready(), T0);

    assertThat(recent.reusable(microservice(1), tables)).isEmpty();
  }

  @Test
  void anOutcomeWithAFailedPartIsNotReusedAndForgetsTheLastOne() {
    RecentAwsOutcomes recent = new RecentAwsOutcomes(RESYNC, at(T0.plusSeconds(1)));
    AwsOutcome failed = ready();
    failed.conditions.add(Conditions.of("IdentityReady", false, "AwsError", "throttled"));

    recent.record(microservice(1), NO_TABLES, ready(), T0);
    recent.record(microservice(1), NO_TABLES, failed, T0);

    assertThat(recent.reusable(microservice(1), NO_TABLES)).isEmpty();
  }

  @Test
  void aDeletedMicroserviceIsForgotten() {
    RecentAwsOutcomes recent = new RecentAwsOutcomes(RESYNC, at(T0.plusSeconds(1)));

    recent.record(microservice(1), NO_TABLES, ready(), T0);
    recent.forget(microservice(1));

    assertThat(recent.reusable(microservice(1), NO_TABLES)).isEmpty();
  }

  @Test
  void changingAReusedCopyLeavesTheRecordedOutcomeAlone() {
    RecentAwsOutcomes recent = new RecentAwsOutcomes(RESYNC, at(T0.plusSeconds(1)));
    recent.record(microservice(1), NO_TABLES, ready(), T0);

    AwsOutcome first = recent.reusable(microservice(1), NO_TABLES).orElseThrow();
    first.env.put("MSA_TABLE_ORDERS", "t");
    first.conditions.get(0).setStatus("False");

    AwsOutcome second = recent.reusable(microservice(1), NO_TABLES).orElseThrow();
    assertThat(second.env).doesNotContainKey("MSA_TABLE_ORDERS");
    assertThat(second.conditions.get(0).getStatus()).isEqualTo("True");
  }

  private static AwsOutcome ready() {
    AwsOutcome outcome = new AwsOutcome();
    outcome.conditions.add(Conditions.of("QueueReady", true, "Ready", "queue q ready"));
    outcome.env.put("MSA_QUEUE_URL", "http://q");
    outcome.roleArn = Optional.of("arn:aws:iam::000000000000:role/r");
    outcome.roleExists = true;
    return outcome;
  }

  private static Microservice microservice(long generation) {
    Microservice microservice = new Microservice();
    microservice.setMetadata(
        new ObjectMetaBuilder()
            .withName("orders")
            .withNamespace("shop")
            .withUid("9a1e6c4e-0000-4000-8000-000000000001")
            .withGeneration(generation)
            .build());
    microservice.setSpec(new MicroserviceSpec());
    return microservice;
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }
}
