package dev.msa.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.KedaCrds;
import dev.msa.operator.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every file in samples/ applied to the full environment, the operator running as the chart's
 * ServiceAccount: the whole shop becomes Ready, then is deleted again with the AWS side.
 */
class SamplesE2E extends OperatorE2E {
  private static final Duration WAIT = Duration.ofSeconds(180);

  @BeforeAll
  static void start() {
    startOperator("e2e-shop");
  }

  @Test
  void theWholeShopBecomesReadyAndIsDeletedAgain() throws IOException {
    List<GenericKubernetesResource> samples = samples();
    assertThat(samples)
        .extracting(GenericKubernetesResource::getKind)
        .contains("Microservice", "DataStore", "EventSubscription");
    for (GenericKubernetesResource sample : samples) {
      client.resource(sample).inNamespace(namespace).create();
    }

    Eventually.assertThat(
        WAIT,
        () -> {
          for (GenericKubernetesResource sample : samples) {
            assertThat(ready(sample))
                .as(
                    "%s %s: %s",
                    sample.getKind(), sample.getMetadata().getName(), readyMessage(sample))
                .isEqualTo("True");
          }
        });

    // The worker scales on its queue's depth: make up serves KEDA's API (its published CRDs).
    GenericKubernetesResource scaledObject =
        client
            .genericKubernetesResources(KedaCrds.API_VERSION, "ScaledObject")
            .inNamespace(namespace)
            .withName("notifications")
            .get();
    assertThat(scaledObject).as("ScaledObject notifications").isNotNull();
    assertThat(Serialization.asJson(scaledObject.getAdditionalProperties().get("spec")))
        .contains("\"type\":\"aws-sqs-queue\"")
        .contains("\"queueURL\":\"" + queueUrl("notifications") + "\"");

    // Delete the DataStore's users first: a DataStore waits while a Microservice lists it.
    for (String kind : List.of("EventSubscription", "Microservice", "DataStore")) {
      for (GenericKubernetesResource sample : samples) {
        if (sample.getKind().equals(kind)) {
          resource(sample).delete();
        }
      }
    }
    Eventually.assertThat(
        WAIT, () -> assertThat(samples).allSatisfy(s -> assertThat(resource(s).get()).isNull()));
  }

  @SuppressWarnings("unchecked")
  private static String queueUrl(String microservice) {
    var status =
        (Map<String, Object>)
            client
                .genericKubernetesResources("msa.dev/v1alpha1", "Microservice")
                .inNamespace(namespace)
                .withName(microservice)
                .get()
                .getAdditionalProperties()
                .get("status");
    return String.valueOf(((Map<String, Object>) status.get("queue")).get("url"));
  }

  private static String ready(GenericKubernetesResource sample) {
    return condition(sample, "status");
  }

  private static String readyMessage(GenericKubernetesResource sample) {
    return condition(sample, "reason") + " " + condition(sample, "message");
  }

  @SuppressWarnings("unchecked")
  private static String condition(GenericKubernetesResource sample, String field) {
    GenericKubernetesResource current = resource(sample).get();
    if (current == null || !(current.getAdditionalProperties().get("status") instanceof Map)) {
      return "(no status)";
    }
    var status = (Map<String, Object>) current.getAdditionalProperties().get("status");
    var conditions = (List<Map<String, Object>>) status.getOrDefault("conditions", List.of());
    return conditions.stream()
        .filter(c -> "Ready".equals(c.get("type")))
        .map(c -> String.valueOf(c.get(field)))
        .findFirst()
        .orElse("(no Ready)");
  }

  private static io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource> resource(
      GenericKubernetesResource sample) {
    return client
        .genericKubernetesResources(sample.getApiVersion(), sample.getKind())
        .inNamespace(namespace)
        .withName(sample.getMetadata().getName());
  }

  private static List<GenericKubernetesResource> samples() throws IOException {
    List<GenericKubernetesResource> samples = new ArrayList<>();
    try (Stream<Path> files = Files.list(RepoPaths.samples())) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        samples.add(
            Serialization.unmarshal(Files.readString(file), GenericKubernetesResource.class));
      }
    }
    return samples;
  }
}
