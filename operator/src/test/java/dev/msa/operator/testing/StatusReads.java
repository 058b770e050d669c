package dev.msa.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.ObservedStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What tests read back from the apiserver: a condition, a container's environment, Events. */
public final class StatusReads {
  private StatusReads() {}

  /** The condition of that type; fails when the object has no status or no such condition. */
  public static Condition condition(
      CustomResource<?, ? extends ObservedStatus> resource, String type) {
    String name = resource.getMetadata().getName();
    assertThat(resource.getStatus()).as("status of " + name).isNotNull();
    return resource.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " on " + name));
  }

  /** The environment of the Deployment's first (the service's own) container. */
  public static Map<String, String> containerEnv(Deployment deployment) {
    Map<String, String> env = new LinkedHashMap<>();
    deployment
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }

  /** Messages of the Events with this reason on the named object. */
  public static List<String> eventMessages(
      KubernetesClient client, String namespace, String name, String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
        .map(Event::getMessage)
        .toList();
  }
}
