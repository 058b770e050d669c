package dev.msa.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.PrometheusScrape;
import dev.msa.operator.testing.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One operator JVM as a Deployment's pod would run it, started from the class path {@code make run}
 * uses, electing a leader through a Lease in {@code namespace} and watching only that namespace;
 * its HTTP port and its log file. Which process reconciles is read from its /metrics.
 */
public record OperatorProcess(String name, int port, Process process, Path log, String lease) {
  private static final Duration STARTUP = Duration.ofSeconds(120);

  /**
   * Starts it with the environment of this JVM (.local/env.sh) and {@code settings} over it, and
   * waits until it answers /readyz.
   */
  static OperatorProcess start(
      String name, String namespace, String lease, Map<String, String> settings)
      throws IOException {
    int port = freePort();
    Path log = Files.createTempFile("msa-" + name + "-", ".log");
    ProcessBuilder builder = command(log);
    Map<String, String> env = builder.environment();
    env.put(OperatorConfig.WATCH_NAMESPACES, namespace);
    env.put(OperatorConfig.LEADER_ELECTION, "true");
    env.put(OperatorConfig.LEASE_NAME, lease);
    env.put(OperatorConfig.LEASE_NAMESPACE, namespace);
    env.put(OperatorConfig.HTTP_ADDRESS, "127.0.0.1");
    env.put(OperatorConfig.HTTP_PORT, String.valueOf(port));
    env.put("POD_NAME", name);
    env.putAll(settings);
    OperatorProcess started = new OperatorProcess(name, port, builder.start(), log, lease);
    System.out.println(name + " logs to " + log);
    try {
      Eventually.assertThat(
          STARTUP,
          () -> {
            assertThat(started.process().isAlive()).as(name + " is running").isTrue();
            assertThat(PrometheusScrape.status(port, "/readyz"))
                .as(name + " /readyz")
                .isEqualTo(200);
          });
    } catch (AssertionError e) {
      started.process().destroyForcibly();
      System.out.println(Files.readString(log));
      throw e;
    }
    return started;
  }

  /**
   * The operator's own JVM as {@code make run} starts it, from the repository's build, its output
   * to {@code log}; the caller adds the environment.
   */
  public static ProcessBuilder command(Path log) {
    Path root = RepoPaths.root();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                root.resolve("operator/target/classes")
                    + ":"
                    + root.resolve("operator/target/lib/*"),
                "dev.msa.operator.Main")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // Flags on the command line (a bench's -Xmx) come after these and win.
    builder.environment().put("JAVA_TOOL_OPTIONS", chartJvmOptions());
    return builder;
  }

  /**
   * The JVM flags the chart gives the operator's pod as {@code JAVA_TOOL_OPTIONS}
   * (helm/msa-operator/values.yaml, {@code jvm.options}), so that what the tests and benchmarks run
   * is what is shipped.
   */
  public static String chartJvmOptions() {
    Path values = RepoPaths.root().resolve("helm/msa-operator/values.yaml");
    try {
      return new ObjectMapper(new YAMLFactory())
          .readTree(values.toFile())
          .path("jvm")
          .path("options")
          .asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  double metric(String metric, Map<String, String> labels) {
    return PrometheusScrape.of(port).sum(metric, labels);
  }

  boolean leads() {
    return metric("leader_election_master_status", Map.of("name", lease)) == 1;
  }

  /** Reconciles of {@code kind} this process started. */
  double reconciliations(String kind) {
    return metric("operator_sdk_reconciliations_started_total", Map.of("kind", kind));
  }

  /** {@code kill -9}: no shutdown hook, no lease released. */
  void kill() {
    try {
      process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
