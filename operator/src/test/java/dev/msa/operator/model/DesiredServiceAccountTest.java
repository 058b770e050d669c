package dev.msa.operator.model;

import static dev.msa.operator.testing.Microservices.fromYaml;
import static dev.msa.operator.testing.Microservices.withSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredServiceAccountTest {
  private static final String ROLE_ARN = "eks.amazonaws.com/role-arn";

  @Test
  void serviceAccountIsNamedAfterTheServiceAndCarriesTheOperatorsLabels() {
    Microservice microservice = withSpec("orders", "image: nginx");

    ServiceAccount account = DesiredServiceAccount.build(microservice, Map.of());

    assertThat(account.getMetadata().getName())
        .isEqualTo("orders")
        .isEqualTo(DesiredServiceAccount.name(microservice));
    assertThat(account.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(account.getMetadata().getLabels()).isEqualTo(Labels.of(microservice));
    assertThat(account.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void identityAnnotationsAreTheOnlyAnnotations() {
    Microservice microservice =
        fromYaml(
            """
            apiVersion: msa.dev/v1alpha1
            kind: Microservice
            metadata:
              name: orders
              namespace: shop
              labels: {argocd.argoproj.io/instance: shop}
              annotations: {argocd.argoproj.io/tracking-id: "shop:x"}
            spec: {image: nginx}
            """);

    ServiceAccount account =
        DesiredServiceAccount.build(
            microservice, Map.of(ROLE_ARN, "arn:aws:iam::123456789012:role/prod-orders"));

    assertThat(account.getMetadata().getAnnotations())
        .containsExactly(Map.entry(ROLE_ARN, "arn:aws:iam::123456789012:role/prod-orders"));
    assertThat(account.getMetadata().getLabels()).doesNotContainKey("argocd.argoproj.io/instance");
  }

  @Test
  void laterChangesToTheGivenAnnotationsDoNotReachTheServiceAccount() {
    Map<String, String> annotations = new HashMap<>(Map.of(ROLE_ARN, "arn:one"));

    ServiceAccount account =
        DesiredServiceAccount.build(withSpec("orders", "image: nginx"), annotations);
    annotations.put(ROLE_ARN, "arn:two");

    assertThat(account.getMetadata().getAnnotations()).containsEntry(ROLE_ARN, "arn:one");
  }
}
