package dev.msa.operator.testing;

import dev.msa.operator.api.Microservice;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Microservice fixtures written as YAML, the way users write them. */
public final class Microservices {
  public static final String NAMESPACE = "shop";

  private Microservices() {}

  public static Microservice fromYaml(String yaml) {
    return Serialization.unmarshal(yaml, Microservice.class);
  }

  /** A Microservice {@code name} in {@link #NAMESPACE} whose spec is the given YAML. */
  public static Microservice withSpec(String name, String specYaml) {
    return fromYaml(
        """
        apiVersion: msa.dev/v1alpha1
        kind: Microservice
        metadata:
          name: %s
          namespace: %s
          generation: 1
        spec:
        %s"""
            .formatted(name, NAMESPACE, specYaml.indent(2)));
  }
}
