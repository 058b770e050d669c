package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.FaultInjection;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.StatusReads;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A storm while 50 Microservices are created: for 60 s every IAM call is throttled and every SNS
 * call answers 503, injected at each attempt inside the SDK's retry loop. The objects say which
 * part waits and why, without looking terminal, and all converge by themselves afterwards with
 * exactly one role and one topic each.
 */
class ThrottlingStormIT {
  private static final int SERVICES = 50;
  private static final Duration STORM = Duration.ofSeconds(60);
  private static final String CLUSTER = "itstorm";
  private static final List<String> IAM =
      List.of("CreateRole", "GetRole", "PutRolePolicy", "GetRolePolicy", "TagRole");
  private static final List<String> SNS =
      List.of("CreateTopic", "GetTopicAttributes", "TagResource", "SetTopicAttributes");

  @Test
  void fiftyServicesWaitOutAnIamThrottleAndSnsOutageThenConvergeWithNoDuplicate() {
    AtomicBoolean storming = new AtomicBoolean(true);
    try (KubernetesClient client = TestApiServer.get().newClient()) {
      try (OperatorHarness operator =
          OperatorHarness.inNewNamespace(client, "storm", "itstorm", TestMoto.get().endpoint())) {
        String ns = operator.namespace;
        IAM.forEach(
            op ->
                operator.faults.failWhen(
                    op,
                    r -> storming.get(),
                    () -> FaultInjection.awsError("IAM", 400, "Throttling", "Rate exceeded")));
        SNS.forEach(
            op ->
                operator.faults.failWhen(
                    op,
                    r -> storming.get(),
                    () ->
                        FaultInjection.awsError(
                            "SNS", 503, "ServiceUnavailable", "Service is unavailable")));
        long start = System.nanoTime();
        IntStream.range(0, SERVICES)
            .parallel()
            .forEach(
                i ->
                    operator.apply(
                        Microservice.class,
                        ns,
                        "kind: Microservice\nmetadata: {name: svc-"
                            + i
                            + "}\nspec:\n  image: nginx:1\n  replicas: 1\n  queue: {}\n"
                            + "  publishes: [{name: events}]"));

        Eventually.assertThat(
            STORM.minusSeconds(10),
            () -> {
              for (int i = 0; i < SERVICES; i++) {
                Microservice ms = operator.get(Microservice.class, ns, "svc-" + i);
                assertWaiting(ms, "IdentityReady", "Throttling");
                assertWaiting(ms, "TopicsReady", "ServiceUnavailable");
                assertThat(StatusReads.condition(ms, "QueueReady").getStatus())
                    .as("SQS is not in the storm")
                    .isEqualTo("True");
              }
            });
        Eventually.sleep(STORM.minus(Duration.ofNanos(System.nanoTime() - start)));
        storming.set(false);
        long stormEnded = System.nanoTime();

        Eventually.assertThat(
            Duration.ofMinutes(3),
            () -> {
              for (int i = 0; i < SERVICES; i++) {
                Microservice ms = operator.get(Microservice.class, ns, "svc-" + i);
                for (String part : List.of("IdentityReady", "QueueReady", "TopicsReady")) {
                  assertThat(StatusReads.condition(ms, part).getStatus())
                      .as("svc-" + i + " " + part)
                      .isEqualTo("True");
                }
              }
            });
        System.out.printf(
            "storm of %d s: all %d services converged %.1f s after it ended; %s throttled attempts%n",
            STORM.toSeconds(),
            SERVICES,
            (System.nanoTime() - stormEnded) / 1e9,
            throttles(operator.registry));

        String prefix = CLUSTER + "-" + ns + "-svc-";
        try (var sdk = TestMoto.get().clients(new SimpleMeterRegistry())) {
          assertThat(sdk.iam().listRoles(r -> r.maxItems(1000)).roles())
              .filteredOn(r -> r.roleName().startsWith(prefix))
              .as("roles, none twice")
              .hasSize(SERVICES);
        }
        assertThat(successes(operator.registry, "CreateRole"))
            .as("one CreateRole per service")
            .isEqualTo(SERVICES);
        assertThat(successes(operator.registry, "CreateTopic"))
            .as("one CreateTopic per service")
            .isEqualTo(SERVICES);
        assertThat(throttles(operator.registry))
            .as("msa_aws_throttles")
            .isGreaterThanOrEqualTo(SERVICES);
      }
    }
  }

  /** Not Ready, retried: the part's reason is the AWS code, and kstatus says it is progressing. */
  private static void assertWaiting(Microservice ms, String part, String code) {
    String name = ms.getMetadata().getName();
    Condition condition = StatusReads.condition(ms, part);
    assertThat(condition.getStatus()).as(name + " " + part).isEqualTo("False");
    assertThat(condition.getReason()).as(name + " " + part).isEqualTo(code);
    assertThat(condition.getMessage())
        .as(name + " " + part)
        .contains("retrying")
        .doesNotContain("not retried");
    assertThat(ms.getStatus().getConditions())
        .as(name + ": a storm is not terminal")
        .noneMatch(c -> "Stalled".equals(c.getType()) && "True".equals(c.getStatus()));
    assertThat(StatusReads.condition(ms, "Reconciling").getStatus())
        .as(name + " Reconciling")
        .isEqualTo("True");
  }

  private static long successes(SimpleMeterRegistry registry, String operation) {
    return registry
        .find("msa.aws.calls")
        .tags("operation", operation, "outcome", "success")
        .timers()
        .stream()
        .mapToLong(Timer::count)
        .sum();
  }

  private static double throttles(SimpleMeterRegistry registry) {
    return registry.find("msa.aws.throttles").counters().stream().mapToDouble(Counter::count).sum();
  }
}
