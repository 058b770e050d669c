package dev.msa.operator.operations;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server for Prometheus and the kubelet: {@code /metrics} (Prometheus text format),
 * {@code /healthz} and {@code /readyz}. It starts before the operator, so the probes answer (503)
 * while the operator is still starting.
 */
public final class OperationsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OperationsServer.class);
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusMeterRegistry registry;
  private final Probes probes;

  private OperationsServer(HttpServer server, PrometheusMeterRegistry registry, Probes probes) {
    this.server = server;
    this.registry = registry;
    this.probes = probes;
    this.executor =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "msa-operations-http");
              thread.setDaemon(true); // never what keeps the process alive
              return thread;
            });
  }

  /** Binds {@code address} (port 0: any free port) and starts serving. */
  public static OperationsServer start(
      InetSocketAddress address, PrometheusMeterRegistry registry, Probes probes)
      throws IOException {
    OperationsServer operations =
        new OperationsServer(HttpServer.create(address, 16), registry, probes);
    operations.server.createContext("/", operations::handle);
    operations.server.setExecutor(operations.executor);
    operations.server.start();
    log.info(
        "serving /metrics, /healthz and /readyz on {}:{}",
        address.getHostString(),
        operations.port());
    return operations;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, PLAIN_TEXT, "only GET and HEAD\n");
        return;
      }
      switch (exchange.getRequestURI().getPath()) {
        case "/metrics" -> respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
        case "/healthz" -> probe(exchange, probes::liveness);
        case "/readyz" -> probe(exchange, probes::readiness);
        default -> respond(exchange, 404, PLAIN_TEXT, "try /metrics, /healthz or /readyz\n");
      }
    } catch (RuntimeException e) {
      log.warn("answering {} failed: {}", exchange.getRequestURI().getPath(), e.toString());
      throw e;
    } finally {
      exchange.close();
    }
  }

  private static void probe(HttpExchange exchange, Supplier<Probes.Result> probe)
      throws IOException {
    Probes.Result result = probe.get();
    respond(exchange, result.status(), PLAIN_TEXT, result.body() + "\n");
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
