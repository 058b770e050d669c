package dev.msa.operator.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.RepoPaths;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make flow} against a real apiserver and moto: the samples/ shop applied, reconciled by the
 * operator, then drawn from the live objects with the ARNs the operator recorded.
 */
class EventFlowIT {
  @Test
  void drawsTheSamplesShopFromTheLiveObjects(@TempDir Path out) throws Exception {
    try (KubernetesClient client = TestApiServer.get().newClient()) {

      try (OperatorHarness operator =
          OperatorHarness.inNewNamespace(client, "flow", "itflow", TestMoto.get().endpoint())) {
        String ns = operator.namespace;
        applySamples(operator, ns);
        Eventually.assertThat(
            OperatorHarness.WAIT,
            () -> {
              for (String name : List.of("notify-on-order", "reserve-stock")) {
                assertThat(
                        operator.condition(EventSubscription.class, ns, name, "Ready").getStatus())
                    .as(name)
                    .isEqualTo("True");
              }
            });
        String topicArn =
            operator.get(Microservice.class, ns, "orders").getStatus().getTopics().get(0).getArn();

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        EventFlow flow =
            EventFlowCommand.run(
                client, ns, out, new PrintStream(text, true, StandardCharsets.UTF_8));

        assertThat(flow.deliveries()).allMatch(EventFlow.Delivery::ready);
        assertThat(text.toString(StandardCharsets.UTF_8))
            .contains("Event flow in namespace " + ns + ": 4 Microservices")
            .contains("SNS topic orders/order-events  published by orders  " + topicArn)
            .contains("  → notifications  queue itflow-" + ns + "-notifications")
            .contains("via EventSubscription reserve-stock")
            .doesNotContain("not created yet");
        assertThat(Files.readString(out.resolve("event-flow.dot")))
            .contains("\"bus:default\" -> \"queue:" + ns + "/inventory\"");
        assertThat(
                DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(out.resolve("event-flow.svg").toFile())
                    .getElementsByTagName("rect")
                    .getLength())
            .isGreaterThan(10);
        // -Dmsa.flow.keep=DIR keeps the pictures to look at
        String keep = System.getProperty("msa.flow.keep");
        if (keep != null) {
          EventFlowCommand.run(client, ns, Path.of(keep), System.out);
        }
      }
    }
  }

  private static void applySamples(OperatorHarness operator, String ns) throws Exception {
    try (var files = Files.list(RepoPaths.samples())) {
      for (Path sample : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        String yaml = Files.readString(sample);
        operator.apply(kind(yaml), ns, yaml);
      }
    }
  }

  private static Class<? extends HasMetadata> kind(String yaml) {
    if (yaml.contains("kind: Microservice")) {
      return Microservice.class;
    }
    return yaml.contains("kind: DataStore") ? DataStore.class : EventSubscription.class;
  }
}
