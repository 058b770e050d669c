package dev.msa.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * KEDA's ScaledObject and TriggerAuthentication CRDs as KEDA publishes them (fetched by
 * e2e/local/tools.sh into the cache, from KEDA's Go module, which `make up` installs too; KEDA
 * itself never runs in the tests), installed into or removed from a cluster, waiting until API
 * discovery — what the operator asks — agrees. The test apiserver is shared by every IT of a JVM:
 * whoever installs them removes them again.
 */
public final class KedaCrds {
  public static final String API_VERSION = "keda.sh/v1alpha1";
  private static final List<String> FILES =
      List.of("keda.sh_scaledobjects.yaml", "keda.sh_triggerauthentications.yaml");
  private static final List<String> PLURALS = List.of("scaledobjects", "triggerauthentications");
  private static final Duration WAIT = Duration.ofSeconds(60);

  private KedaCrds() {}

  public static void install(KubernetesClient client) {
    for (CustomResourceDefinition crd : crds()) {
      client.resource(crd).forceConflicts().serverSideApply();
    }
    Eventually.assertThat(
        WAIT, () -> assertThat(served(client)).as("keda.sh kinds served").isEqualTo(PLURALS));
  }

  public static void remove(KubernetesClient client) {
    for (CustomResourceDefinition crd : crds()) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .delete();
    }
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(served(client)).as("keda.sh kinds still served").isEmpty();
          for (CustomResourceDefinition crd : crds()) {
            assertThat(
                    client
                        .apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(crd.getMetadata().getName())
                        .get())
                .as("CRD " + crd.getMetadata().getName())
                .isNull();
          }
        });
  }

  /** Which of KEDA's two kinds API discovery lists, in the order of {@link #PLURALS}. */
  public static List<String> served(KubernetesClient client) {
    APIResourceList resources = client.getApiResources(API_VERSION);
    List<String> names =
        resources == null
            ? List.of()
            : resources.getResources().stream().map(APIResource::getName).toList();
    return PLURALS.stream().filter(names::contains).toList();
  }

  private static List<CustomResourceDefinition> crds() {
    return FILES.stream().map(KedaCrds::read).toList();
  }

  private static CustomResourceDefinition read(String file) {
    try {
      return Serialization.unmarshal(
          Files.readString(RepoPaths.cache().resolve("keda").resolve(file)),
          CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
