package dev.msa.operator.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP surface on a loopback port, with no operator behind the probes yet. */
class OperationsServerTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient http = HttpClient.newHttpClient();
  private OperationsServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        OperationsServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry, new Probes());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void metricsAreInPrometheusTextFormat() throws Exception {
    Counter.builder("msa.test.things").tag("kind", "Microservice").register(registry).increment();

    HttpResponse<String> response = get("/metrics", "GET");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .contains(OperationsServer.PROMETHEUS_TEXT);
    assertThat(response.body()).contains("msa_test_things_total{kind=\"Microservice\"} 1.0");
  }

  @Test
  void probesAnswer503BeforeThereIsAnOperator() throws Exception {
    assertThat(get("/healthz", "GET").statusCode()).isEqualTo(503);
    HttpResponse<String> ready = get("/readyz", "GET");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("not started\n");
  }

  @Test
  void otherPathsAndMethodsAreRefused() throws Exception {
    assertThat(get("/metricsx", "GET").statusCode()).isEqualTo(404);
    assertThat(get("/", "GET").statusCode()).isEqualTo(404);
    assertThat(get("/metrics", "DELETE").statusCode()).isEqualTo(405);
    assertThat(get("/readyz", "HEAD").statusCode()).isEqualTo(503);
  }

  private HttpResponse<String> get(String path, String method) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
