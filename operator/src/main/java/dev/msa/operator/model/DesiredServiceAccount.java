package dev.msa.operator.model;

import dev.msa.operator.api.Microservice;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
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
        .withMetadata(
            new ObjectMetaBuilder(Labels.metadata(microservice, name(microservice)))
                .withAnnotations(new LinkedHashMap<>(annotations))
                .build())
        .build();
  }

  public static String name(Microservice microservice) {
    return microservice.getMetadata().getName();
  }
}
