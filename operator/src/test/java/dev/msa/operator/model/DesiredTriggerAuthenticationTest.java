package dev.msa.operator.model;

import static dev.msa.operator.testing.Microservices.withSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredTriggerAuthenticationTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/prod-shop-notifications";

  @Test
  void kedaAssumesTheServicesOwnRoleThroughTheAwsPodIdentityProvider() {
    Microservice microservice =
        withSpec(
            "notifications",
            "{image: nginx, queue: {}, autoscaling: {queueDepth: {messagesPerReplica: 100,"
                + " maxReplicas: 20}}}");

    TriggerAuthentication auth =
        DesiredTriggerAuthentication.build(microservice, ROLE).orElseThrow();

    assertThat(auth.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
    assertThat(auth.getKind()).isEqualTo("TriggerAuthentication");
    assertThat(auth.getMetadata().getName()).isEqualTo("notifications");
    assertThat(auth.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(auth.getMetadata().getLabels()).isEqualTo(Labels.of(microservice));
    assertThat(auth.getAdditionalProperties())
        .containsOnlyKeys("spec")
        .containsEntry("spec", Map.of("podIdentity", Map.of("provider", "aws", "roleArn", ROLE)));
  }

  @Test
  void noTriggerAuthenticationWithoutQueueDepth() {
    assertThat(
            DesiredTriggerAuthentication.build(
                withSpec("orders", "{image: nginx, queue: {}, autoscaling: {maxReplicas: 3}}"),
                ROLE))
        .isEmpty();
  }
}
