package dev.msa.operator.testing;

import dev.msa.operator.api.Microservice;
import io.fabric8.kubernetes.client.KubernetesClient;
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

  /**
   * Server-side applies Microservice {@code name} in {@code namespace} with the given flow-style
   * spec ({@code {image: "nginx:1", queue: {}}}), as field manager {@code manager}.
   */
  public static void apply(
      KubernetesClient client, String namespace, String name, String spec, String manager) {
    client
        .resources(Microservice.class)
        .inNamespace(namespace)
        .resource(
            fromYaml(
                """
                apiVersion: msa.dev/v1alpha1
                kind: Microservice
                metadata: {name: %s}
                spec: %s
                """
                    .formatted(name, spec)))
        .fieldManager(manager)
        .serverSideApply();
  }
}
