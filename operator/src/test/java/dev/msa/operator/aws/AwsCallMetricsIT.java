package dev.msa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msa.operator.testing.TestMoto;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

class AwsCallMetricsIT {
  private static final String THROTTLED =
      """
      <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
        <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
        <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
      </ErrorResponse>
      """;

  @Test
  void timesEveryCallByServiceOperationAndOutcome() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (AwsClients clients = TestMoto.get().clients(registry)) {
      SqsQueues queues = new SqsQueues(clients.sqs(), clients.queueObservations());
      String name = "it-metrics-" + UUID.randomUUID().toString().substring(0, 8);

      queues.findUrl(name); // absent: a client error that the adapter turns into empty
      String url = queues.create(name, Map.of(), Map.of());
      queues.attributes(url);
      new IamRoles(clients.iam()).find(name);

      assertThat(registry.find("msa.aws.calls").timers())
          .allSatisfy(
              timer ->
                  assertThat(tagKeys(timer))
                      .containsExactlyInAnyOrder("service", "operation", "outcome"));
      assertThat(calls(registry, "sqs", "GetQueueUrl", "client_error")).isEqualTo(1);
      assertThat(calls(registry, "sqs", "CreateQueue", "success")).isEqualTo(1);
      assertThat(calls(registry, "sqs", "GetQueueAttributes", "success")).isEqualTo(1);
      assertThat(calls(registry, "iam", "GetRole", "client_error")).isEqualTo(1);
      assertThat(registry.find("msa.aws.throttles").counters()).isEmpty();
    }
  }

  @Test
  void countsEveryThrottledAttemptAndTheThrottledCall() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (StubAws stub = new StubAws();
        AwsClients clients = stub.clients(registry)) {
      stub.answer("POST", "/", 400, "text/xml", THROTTLED);

      assertThatThrownBy(() -> new StsIdentity(clients.sts()).accountId())
          .isInstanceOfSatisfying(
              AwsException.class,
              e -> {
                assertThat(e.terminal()).isFalse();
                assertThat(e.code()).isEqualTo("Throttling");
              });

      int attempts = stub.requests().size();
      assertThat(attempts).as("the standard retry mode tries 3 times").isEqualTo(3);
      assertThat(calls(registry, "sts", "GetCallerIdentity", "throttled")).isEqualTo(1);
      assertThat(
              registry
                  .get("msa.aws.throttles")
                  .tags("service", "sts", "operation", "GetCallerIdentity")
                  .counter()
                  .count())
          .isEqualTo(attempts);
    }
  }

  @Test
  void theRateLimiterTakesATokenForEveryAttemptRetriesIncluded() {
    AwsRateLimiter limiter = new AwsRateLimiter(1000);
    try (StubAws stub = new StubAws();
        StsClient sts =
            StsClient.builder()
                .endpointOverride(stub.endpoint())
                .region(Region.of(TestMoto.REGION))
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(
                    o -> o.retryStrategy(RetryMode.STANDARD).addExecutionInterceptor(limiter))
                .build()) {
      stub.answer("POST", "/", 400, "text/xml", THROTTLED);

      assertThatThrownBy(sts::getCallerIdentity).isInstanceOf(StsException.class);

      assertThat(stub.requests()).as("the standard retry mode tries 3 times").hasSize(3);
      assertThat(limiter.taken()).as("tokens, one per attempt").isEqualTo(3);
    }
  }

  @Test
  void addsUpTheTimeCallsWaitedForTheRateLimitByService() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (AwsClients clients =
        AwsClients.create(
            TestMoto.REGION,
            Optional.of(TestMoto.get().endpoint()),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
            registry,
            new AwsRateLimits(1000, Map.of("sqs", 2.0)))) {
      SqsQueues queues = new SqsQueues(clients.sqs(), clients.queueObservations());

      for (int i = 0; i < 4; i++) { // two tokens at once, then one each half second
        queues.findUrl("it-rate-wait-" + i);
      }
      new IamRoles(clients.iam()).find("it-rate-wait");

      double waited =
          registry.get("msa.aws.rate.limit.wait").tags("service", "sqs").counter().count();
      assertThat(waited).isBetween(0.6, 1.5);
      assertThat(registry.find("msa.aws.rate.limit.wait").tags("service", "iam").counter())
          .isNull();
    }
  }

  @Test
  void anUnreachableEndpointIsANetworkErrorWorthRetrying() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (AwsClients clients =
        AwsClients.create(
            TestMoto.REGION,
            Optional.of(URI.create("http://127.0.0.1:1")),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
            registry,
            new AwsRateLimits(1000, Map.of()))) {

      assertThatThrownBy(
              () ->
                  new SqsQueues(clients.sqs(), clients.queueObservations())
                      .findUrl("it-unreachable"))
          .isInstanceOfSatisfying(
              AwsException.class,
              e -> {
                assertThat(e.terminal()).isFalse();
                assertThat(e.code()).isEqualTo(AwsErrors.ENDPOINT_UNREACHABLE);
              });
      assertThat(calls(registry, "sqs", "GetQueueUrl", "network_error")).isEqualTo(1);
    }
  }

  private static long calls(
      SimpleMeterRegistry registry, String service, String operation, String outcome) {
    return registry
        .get("msa.aws.calls")
        .tags("service", service, "operation", operation, "outcome", outcome)
        .timer()
        .count();
  }

  private static Set<String> tagKeys(Meter meter) {
    return meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet());
  }
}
