package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.testing.ApiRequests;
import dev.msa.operator.testing.DeploymentController;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.KedaCrds;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.RepoPaths;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Steady state at the request level: the samples/ shop Ready, then every object of every kind
 * reconciled three more times, and not one POST, PUT, PATCH or DELETE from the operator's client
 * (Events included) — counted at its HTTP layer, with the reconciles counted by JOSDK's meter. The
 * cluster serves KEDA's API for the while (KEDA's CRDs, removed again after), so the worker that
 * scales on queue depth has its ScaledObject and TriggerAuthentication, which must stay quiet too.
 */
class SteadyStateRequestsIT {
  private static final List<Class<? extends HasMetadata>> KINDS =
      List.of(Microservice.class, DataStore.class, EventSubscription.class);

  @Test
  void threeResyncsOfEveryKindSendNoWriteToTheApiserver() throws Exception {
    ApiRequests requests = new ApiRequests();
    try (KubernetesClient admin = TestApiServer.get().newClient();
        KubernetesClient operatorClient = TestApiServer.get().newClient(requests)) {
      KedaCrds.install(admin);
      try (OperatorHarness operator =
          OperatorHarness.inNewNamespace(
              operatorClient, "quiet", "itquiet", TestMoto.get().endpoint())) {
        String ns = operator.namespace;
        List<String> services = applySamples(admin, ns);
        Eventually.assertThat(
            OperatorHarness.WAIT,
            () -> {
              // as kube-controller-manager does, for every new generation the operator applies
              services.forEach(service -> DeploymentController.keepAvailable(admin, ns, service));
              for (Class<? extends HasMetadata> kind : KINDS) {
                for (HasMetadata object : admin.resources(kind).inNamespace(ns).list().getItems()) {
                  String name = object.getMetadata().getName();
                  assertThat(ready(operator, kind, ns, name))
                      .as(kind.getSimpleName() + " " + name)
                      .isEqualTo("True");
                }
              }
            });
        KINDS.forEach(operator::awaitIdle);
        assertThat(requests.writes())
            .as("the counter sees the operator's writes: children applied, statuses patched")
            .containsKeys(
                "PATCH deployments",
                "PATCH scaledobjects",
                "PATCH microservices/status",
                "PATCH datastores/status");
        requests.clear();
        double[] before = KINDS.stream().mapToDouble(operator::reconciles).toArray();

        KINDS.forEach(kind -> operator.awaitReconciles(kind, 3));

        for (int i = 0; i < KINDS.size(); i++) {
          assertThat(operator.reconciles(KINDS.get(i)) - before[i])
              .as("%s reconciles in the window", KINDS.get(i).getSimpleName())
              .isGreaterThanOrEqualTo(3);
        }
        assertThat(requests.writes()).as("the operator's writes to the apiserver").isEmpty();
        System.out.printf(
            "steady state: %s reconciles, %d requests, 0 writes%n",
            KINDS.stream().map(k -> k.getSimpleName() + "=" + operator.reconciles(k)).toList(),
            requests.all().size());
      } finally {
        KedaCrds.remove(admin);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static String ready(
      OperatorHarness operator, Class<? extends HasMetadata> kind, String ns, String name) {
    return operator.condition((Class) kind, ns, name, "Ready").getStatus();
  }

  /**
   * Applies the samples as a user would (not through the operator's client); the services' names.
   */
  private static List<String> applySamples(KubernetesClient admin, String ns) throws Exception {
    try (var files = Files.list(RepoPaths.samples())) {
      for (Path sample : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        admin
            .load(Files.newInputStream(sample))
            .inNamespace(ns)
            .fieldManager("test-user")
            .forceConflicts()
            .serverSideApply();
      }
    }
    return admin.resources(Microservice.class).inNamespace(ns).list().getItems().stream()
        .map(m -> m.getMetadata().getName())
        .toList();
  }
}
