package dev.msa.operator.model;

import dev.msa.operator.api.Microservice;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ServiceAccount the pods run as, named after the service. */
public final class DesiredServiceAccount {
  private DesiredServiceAccount() {}

  /**
   * @param annotations identity annotations (the IRSA role ARN), empty when none applies
   */
  public static ServiceAccount build(Microservice microservice, Map<String, String> annotations) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(name(microservice))
        .withNamespace(microservice.getMetadata().getNamespace())
        .withLabels(Labels.of(microservice))
        .withAnnotations(new LinkedHashMap<>(annotations))
        .endMetadata()
        .build();
  }

  public static String name(Microservice microservice) {
    return microservice.getMetadata().getName();
  }
}
