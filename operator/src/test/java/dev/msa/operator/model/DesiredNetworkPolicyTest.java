package dev.msa.operator.model;

import static dev.msa.operator.testing.Microservices.withSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.model.DesiredNetworkPolicy.Caller;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DesiredNetworkPolicyTest {
  private static final Microservice ORDERS = withSpec("orders", "{image: nginx, port: 8080}");
  private static final Microservice WORKER = withSpec("inventory", "{image: nginx}");

  @Test
  void admitsCallersAndAllowedNamespacesOnlyOnTheServicePort() {
    NetworkPolicy policy =
        DesiredNetworkPolicy.build(
            ORDERS,
            List.of(new Caller("shop", "web"), new Caller("admin", "console")),
            Set.of("monitoring"));

    NetworkPolicyIngressRule rule = onlyRule(policy);
    assertThat(rule.getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getPort().getIntVal()).isEqualTo(8080);
              assertThat(port.getProtocol()).isEqualTo("TCP");
            });
    assertThat(rule.getFrom()).hasSize(3);
  }

  @Test
  void aCallerIsItsPodsInItsNamespaceAndAnAllowedNamespaceIsAllOfIt() {
    NetworkPolicy policy =
        DesiredNetworkPolicy.build(
            ORDERS, List.of(new Caller("admin", "console")), List.of("monitoring"));

    List<NetworkPolicyPeer> from = onlyRule(policy).getFrom();
    assertThat(matchLabels(from.get(0).getNamespaceSelector()))
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "admin"));
    assertThat(matchLabels(from.get(0).getPodSelector()))
        .isEqualTo(Map.of("msa.dev/microservice", "console"));
    assertThat(matchLabels(from.get(1).getNamespaceSelector()))
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
    assertThat(from.get(1).getPodSelector()).isNull();
    assertThat(from.get(1).getIpBlock()).isNull();
  }

  @Test
  void peersAreSortedCallersByNamespaceThenNameThenAllowedNamespaces() {
    NetworkPolicy policy =
        DesiredNetworkPolicy.build(
            ORDERS,
            List.of(new Caller("shop", "web"), new Caller("admin", "console"), caller("api")),
            List.of("monitoring", "ingress-nginx"));

    assertThat(onlyRule(policy).getFrom())
        .extracting(DesiredNetworkPolicyTest::describe)
        .containsExactly(
            "admin/console", "shop/api", "shop/web", "ingress-nginx/*", "monitoring/*");
  }

  @Test
  void theSamePeersInAnotherOrderGiveTheSamePolicy() {
    NetworkPolicy one =
        DesiredNetworkPolicy.build(ORDERS, List.of(caller("b"), caller("a")), List.of("y", "x"));
    NetworkPolicy other =
        DesiredNetworkPolicy.build(ORDERS, List.of(caller("a"), caller("b")), List.of("x", "y"));

    assertThat(one).isEqualTo(other);
  }

  @Test
  void aWorkerWithoutAPortAdmitsNothingEvenWithCallers() {
    NetworkPolicy policy =
        DesiredNetworkPolicy.build(WORKER, List.of(caller("web")), List.of("monitoring"));

    assertDeniesAllIngress(policy);
  }

  @Test
  void aServiceNobodyCallsAdmitsNothing() {
    assertDeniesAllIngress(DesiredNetworkPolicy.build(ORDERS, List.of(), List.of()));
  }

  @Test
  void policyProtectsTheServicesPodsAndCarriesTheOperatorsLabels() {
    NetworkPolicy policy = DesiredNetworkPolicy.build(ORDERS, List.of(), List.of());

    assertThat(policy.getMetadata().getName()).isEqualTo("orders");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(policy.getMetadata().getLabels()).isEqualTo(Labels.of(ORDERS));
    assertThat(matchLabels(policy.getSpec().getPodSelector()))
        .isEqualTo(Map.of("msa.dev/microservice", "orders"));
  }

  private static void assertDeniesAllIngress(NetworkPolicy policy) {
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
    assertThat(matchLabels(policy.getSpec().getPodSelector())).isNotEmpty();
  }

  private static NetworkPolicyIngressRule onlyRule(NetworkPolicy policy) {
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress()).hasSize(1);
    return policy.getSpec().getIngress().get(0);
  }

  private static Caller caller(String name) {
    return new Caller("shop", name);
  }

  private static Map<String, String> matchLabels(LabelSelector selector) {
    return selector.getMatchLabels();
  }

  private static String describe(NetworkPolicyPeer peer) {
    String namespace = matchLabels(peer.getNamespaceSelector()).get("kubernetes.io/metadata.name");
    String pods =
        peer.getPodSelector() == null
            ? "*"
            : matchLabels(peer.getPodSelector()).get("msa.dev/microservice");
    return namespace + "/" + pods;
  }
}
