package dev.msa.operator.model;

import static dev.msa.operator.testing.Microservices.fromYaml;
import static dev.msa.operator.testing.Microservices.withSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredServiceTest {

  @Test
  void aWorkerWithoutAPortHasNoService() {
    assertThat(DesiredService.build(withSpec("inventory", "image: nginx"))).isEmpty();
  }

  @Test
  void serviceExposesThePortAndTargetsTheNamedContainerPort() {
    Service service =
        DesiredService.build(withSpec("orders", "{image: nginx, port: 8080}")).orElseThrow();

    assertThat(service.getMetadata().getName()).isEqualTo("orders");
    assertThat(service.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("http");
              assertThat(port.getPort()).isEqualTo(8080);
              assertThat(port.getTargetPort().getStrVal()).isEqualTo(DesiredDeployment.PORT_NAME);
              assertThat(port.getProtocol()).isEqualTo("TCP");
            });
  }

  @Test
  void serviceSelectsThePodsOfItsMicroserviceOnly() {
    Service service =
        DesiredService.build(withSpec("orders", "{image: nginx, port: 8080}")).orElseThrow();

    assertThat(service.getSpec().getSelector())
        .containsExactly(Map.entry("msa.dev/microservice", "orders"));
  }

  @Test
  void serviceCarriesTheOperatorsLabelsAndNothingOfTheMicroservicesMetadata() {
    var microservice =
        fromYaml(
            """
            apiVersion: msa.dev/v1alpha1
            kind: Microservice
            metadata:
              name: orders
              namespace: shop
              labels: {argocd.argoproj.io/instance: shop}
              annotations: {argocd.argoproj.io/tracking-id: "shop:x"}
            spec: {image: nginx, port: 8080}
            """);

    Service service = DesiredService.build(microservice).orElseThrow();

    assertThat(service.getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(Labels.of(microservice))
        .containsEntry("app.kubernetes.io/managed-by", "msa-operator");
    assertThat(service.getMetadata().getAnnotations()).isNullOrEmpty();
  }
}
