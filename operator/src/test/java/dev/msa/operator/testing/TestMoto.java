package dev.msa.operator.testing;

import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.aws.AwsRateLimits;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * One moto server per test JVM, from the virtualenv {@code e2e/local/tools.sh} installed: started
 * on first use on a free loopback port, stopped (with its child processes) at exit. Tests share it:
 * each uses names of its own, so none depends on another's leftovers.
 */
public final class TestMoto {
  public static final String REGION = "us-east-1";
  public static final String ACCOUNT_ID = "123456789012";

  private static TestMoto instance;

  private final URI endpoint;
  private final Process process;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestMoto() {
    Path motoServer = RepoPaths.cache().resolve("bin").resolve("moto_server");
    if (!Files.isExecutable(motoServer)) {
      throw new IllegalStateException(
          "no moto_server at " + motoServer + ": run `make tools` (e2e/local/tools.sh) first");
    }
    int port = freePort();
    endpoint = URI.create("http://127.0.0.1:" + port);
    try {
      Path log = Files.createTempFile("msa-it-moto", ".log");
      log.toFile().deleteOnExit();
      process =
          new ProcessBuilder(motoServer.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "stop-moto"));
      awaitReady(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static synchronized TestMoto get() {
    if (instance == null) {
      instance = new TestMoto();
    }
    return instance;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Forgets every AWS resource. */
  public void reset() {
    HttpResponse<Void> response =
        send(
            HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("moto reset answered " + response.statusCode());
    }
  }

  /** Clients against this moto, region us-east-1, static test credentials, no rate limits. */
  public AwsClients clients(MeterRegistry registry) {
    return clients(registry, List.of());
  }

  /** The same, with interceptors that inject faults. */
  public AwsClients clients(MeterRegistry registry, List<ExecutionInterceptor> faults) {
    return clients(registry, faults, endpoint);
  }

  /** The same, through another endpoint in front of this moto (a {@link SwitchableProxy}). */
  public AwsClients clients(
      MeterRegistry registry, List<ExecutionInterceptor> faults, URI through) {
    return clients(registry, faults, through, Map.of());
  }

  /**
   * The same, with the SDK's per-service endpoint variables ({@code AWS_ENDPOINT_URL_EKS}, …) taken
   * from {@code environment}: one service sent to a stub, the others to moto.
   */
  public AwsClients clients(
      MeterRegistry registry,
      List<ExecutionInterceptor> faults,
      URI through,
      Map<String, String> environment) {
    return AwsClients.create(
        REGION,
        Optional.of(through),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
        registry,
        new AwsRateLimits(1000, Map.of()),
        faults,
        environment);
  }

  private void awaitReady(Path log) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "moto_server exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        if (send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).GET()).statusCode()
            == 200) {
          return;
        }
      } catch (UncheckedIOException e) {
        // not listening yet
      }
      sleep(Duration.ofMillis(100));
    }
    stop();
    throw new IllegalStateException("moto_server did not answer within 30 s; log: " + log);
  }

  private HttpResponse<Void> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** moto_server is a Python entry point that may start workers: stop the whole tree. */
  private void stop() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
