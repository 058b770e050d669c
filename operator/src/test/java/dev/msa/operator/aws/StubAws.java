package dev.msa.operator.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.msa.operator.testing.TestMoto;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A stand-in AWS endpoint on 127.0.0.1 for what moto cannot do (EKS Pod Identity, throttling): it
 * records every request and answers each {@code "METHOD /path"} with a canned response.
 */
public final class StubAws implements AutoCloseable {
  record Request(String method, String path, String query, String body) {}

  private record Answer(int status, String contentType, Map<String, String> headers, String body) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  public StubAws() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers {@code method path} (the path without its query) with JSON. */
  void answerJson(String method, String path, int status, String body, String... headerPairs) {
    answer(method, path, status, "application/json", body, headerPairs);
  }

  public void answer(
      String method,
      String path,
      int status,
      String contentType,
      String body,
      String... headerPairs) {
    Map<String, String> headers = new ConcurrentHashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    answers.put(method + " " + path, new Answer(status, contentType, headers, body));
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  public AwsClients clients(MeterRegistry registry) {
    return AwsClients.create(
        TestMoto.REGION,
        Optional.of(endpoint()),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
        registry,
        new AwsRateLimits(1000, Map.of()));
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    URI uri = exchange.getRequestURI();
    requests.add(new Request(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(), body));
    Answer answer =
        answers.getOrDefault(
            exchange.getRequestMethod() + " " + uri.getPath(),
            new Answer(
                404,
                "application/json",
                Map.of("x-amzn-ErrorType", "ResourceNotFoundException"),
                "{\"message\":\"the stub has no answer for this request\"}"));
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    answer.headers().forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
