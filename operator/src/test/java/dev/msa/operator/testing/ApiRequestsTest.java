package dev.msa.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiRequestsTest {
  @ParameterizedTest
  @CsvSource({
    "/apis/msa.dev/v1alpha1/namespaces/a/microservices/b/status, microservices/status",
    "/apis/msa.dev/v1alpha1/namespaces/a/microservices/b, microservices",
    "/apis/apps/v1/namespaces/a/deployments, deployments",
    "/api/v1/namespaces/a/events, events",
    "/api/v1/namespaces/a/events/e, events",
    "/api/v1/namespaces/a, namespaces",
    "/apis/events.k8s.io/v1/namespaces/a/events/e, events",
  })
  void namesTheResourceOfAPath(String path, String resource) {
    assertThat(ApiRequests.resource(path)).isEqualTo(resource);
  }
}
