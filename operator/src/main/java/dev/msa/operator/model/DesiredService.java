package dev.msa.operator.model;

import dev.msa.operator.api.Microservice;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Optional;

/** A ClusterIP Service on spec.port; none for a worker without a port. */
public final class DesiredService {
  private DesiredService() {}

  public static Optional<Service> build(Microservice microservice) {
    Integer port = microservice.getSpec().getPort();
    if (port == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ServiceBuilder()
            .withMetadata(Labels.metadata(microservice, microservice.getMetadata().getName()))
            .withNewSpec()
            .withType("ClusterIP")
            .withSelector(Labels.selector(microservice))
            .addNewPort()
            .withName(DesiredDeployment.PORT_NAME)
            .withPort(port)
            .withTargetPort(new IntOrString(DesiredDeployment.PORT_NAME))
            .withProtocol("TCP")
            .endPort()
            .endSpec()
            .build());
  }
}
