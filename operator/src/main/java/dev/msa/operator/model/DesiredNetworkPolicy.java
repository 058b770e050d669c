package dev.msa.operator.model;

import dev.msa.operator.api.Microservice;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Ingress to the service's pods only on its port and only from the Microservices that list it in
 * {@code calls}, plus the namespaces the operator configuration allows. A worker (no port) admits
 * nothing.
 */
public final class DesiredNetworkPolicy {
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private DesiredNetworkPolicy() {}

  /**
   * @param callers Microservices (namespace, name) whose spec.calls names this one
   * @param allowedNamespaces namespaces from configuration whose pods may call every service
   */
  public static NetworkPolicy build(
      Microservice microservice, Collection<Caller> callers, Collection<String> allowedNamespaces) {
    List<NetworkPolicyPeer> peers = new ArrayList<>();
    callers.stream()
        .sorted()
        .forEach(
            caller ->
                peers.add(
                    new NetworkPolicyPeerBuilder()
                        .withNamespaceSelector(namespace(caller.namespace()))
                        .withNewPodSelector()
                        .withMatchLabels(Map.of(Labels.MICROSERVICE, caller.name()))
                        .endPodSelector()
                        .build()));
    allowedNamespaces.stream()
        .sorted()
        .forEach(
            ns ->
                peers.add(
                    new NetworkPolicyPeerBuilder().withNamespaceSelector(namespace(ns)).build()));

    NetworkPolicyBuilder policy =
        new NetworkPolicyBuilder()
            .withMetadata(Labels.metadata(microservice, microservice.getMetadata().getName()))
            .withNewSpec()
            .withNewPodSelector()
            .withMatchLabels(Labels.selector(microservice))
            .endPodSelector()
            .withPolicyTypes("Ingress")
            .endSpec();
    Integer port = microservice.getSpec().getPort();
    if (port != null && !peers.isEmpty()) {
      policy
          .editSpec()
          .withIngress(
              new NetworkPolicyIngressRuleBuilder()
                  .withFrom(peers)
                  .addNewPort()
                  .withProtocol("TCP")
                  .withPort(new IntOrString(port))
                  .endPort()
                  .build())
          .endSpec();
    }
    return policy.build();
  }

  private static io.fabric8.kubernetes.api.model.LabelSelector namespace(String name) {
    return new LabelSelectorBuilder().withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, name)).build();
  }

  /** A Microservice that calls the one the policy protects. */
  public record Caller(String namespace, String name) implements Comparable<Caller> {
    @Override
    public int compareTo(Caller other) {
      int byNamespace = namespace.compareTo(other.namespace);
      return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
    }
  }
}
