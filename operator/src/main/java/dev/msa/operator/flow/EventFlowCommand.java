package dev.msa.operator.flow;

import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code make flow}: reads the Microservices and EventSubscriptions of one namespace (or all) from
 * the cluster of {@code KUBECONFIG}, prints who publishes what to whom and writes the same as
 * {@code event-flow.dot} and {@code event-flow.svg}.
 *
 * <p>Arguments: {@code [--namespace NS] [--out DIR]} (all namespaces; the current directory).
 */
public final class EventFlowCommand {
  private EventFlowCommand() {}

  public static void main(String[] args) {
    String namespace = null;
    Path out = Path.of(".");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--namespace", "-n" -> namespace = value(args, ++i);
        case "--out" -> out = Path.of(value(args, ++i));
        default -> {
          System.err.println("usage: EventFlowCommand [--namespace NS] [--out DIR]");
          System.exit(2);
        }
      }
    }
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      run(client, namespace, out, System.out);
    }
  }

  /** Prints the flow of {@code namespace} (null: every namespace) and writes its two pictures. */
  public static EventFlow run(
      KubernetesClient client, String namespace, Path out, PrintStream text) {
    EventFlow flow =
        EventFlow.of(
            list(client, Microservice.class, namespace),
            list(client, EventSubscription.class, namespace));
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve("event-flow.dot"), FlowDot.render(flow));
      Files.writeString(out.resolve("event-flow.svg"), FlowSvg.render(flow));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    text.println(
        "Event flow in "
            + (namespace == null ? "all namespaces" : "namespace " + namespace)
            + ": "
            + FlowText.render(flow));
    text.println(
        "Pictures: "
            + out.resolve("event-flow.svg")
            + " (open in a browser), "
            + out.resolve("event-flow.dot")
            + " (Graphviz: dot -Tpng)");
    return flow;
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> List<T> list(
      KubernetesClient client, Class<T> type, String namespace) {
    return namespace == null
        ? client.resources(type).inAnyNamespace().list().getItems()
        : client.resources(type).inNamespace(namespace).list().getItems();
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      System.err.println(args[i - 1] + " needs a value");
      System.exit(2);
    }
    return args[i];
  }
}
