package dev.msa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/** Which endpoint each client is built with; building clients sends nothing. */
class AwsClientsTest {
  private static final URI GIVEN = URI.create("http://127.0.0.1:4566");
  private static final URI EKS_STUB = URI.create("http://127.0.0.1:9000");

  @Test
  void aServicesOwnVariableWinsOverTheGivenEndpointForThatServiceOnly() {
    try (AwsClients clients = clients(Map.of("AWS_ENDPOINT_URL_EKS", EKS_STUB.toString()))) {
      assertThat(clients.eks().serviceClientConfiguration().endpointOverride()).contains(EKS_STUB);
      assertThat(clients.iam().serviceClientConfiguration().endpointOverride()).contains(GIVEN);
      assertThat(clients.sqs().serviceClientConfiguration().endpointOverride()).contains(GIVEN);
    }
  }

  @Test
  void theVariablesAreNamedAfterTheSdksServiceIds() {
    Map<String, String> env =
        Map.of(
            "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9001",
            "AWS_ENDPOINT_URL_EVENTBRIDGE", "http://127.0.0.1:9002");
    try (AwsClients clients = clients(env)) {
      assertThat(clients.dynamoDb().serviceClientConfiguration().endpointOverride())
          .contains(URI.create("http://127.0.0.1:9001"));
      assertThat(clients.eventBridge().serviceClientConfiguration().endpointOverride())
          .contains(URI.create("http://127.0.0.1:9002"));
    }
  }

  @Test
  void ignoringConfiguredEndpointsIgnoresThemAll() {
    Map<String, String> env =
        Map.of(
            "AWS_ENDPOINT_URL_EKS",
            EKS_STUB.toString(),
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            "true");
    try (AwsClients clients = clients(env)) {
      assertThat(clients.eks().serviceClientConfiguration().endpointOverride()).contains(GIVEN);
    }
  }

  @Test
  void aMalformedVariableNamesItself() {
    assertThatThrownBy(() -> clients(Map.of("AWS_ENDPOINT_URL_SQS", "not a url")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("AWS_ENDPOINT_URL_SQS=not a url: not an endpoint URL");
  }

  private static AwsClients clients(Map<String, String> env) {
    return AwsClients.create(
        "us-east-1",
        Optional.of(GIVEN),
        AnonymousCredentialsProvider.create(),
        new SimpleMeterRegistry(),
        new AwsRateLimits(1000, Map.of()),
        List.of(),
        env);
  }
}
