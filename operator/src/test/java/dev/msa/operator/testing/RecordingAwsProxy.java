package dev.msa.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An HTTP proxy in front of an AWS endpoint (moto) that records every call with the AWS status it
 * got, for tests that count what AWS really did across operator processes — including one killed
 * with {@code kill -9}, whose own meters die with it. Each process gets its own listener ({@link
 * #endpoint}), so calls are told apart by who sent them. A call counts as AWS answered it, even
 * when the caller was gone before it could read the answer.
 */
public final class RecordingAwsProxy implements AutoCloseable {
  /** Request headers the JDK client sets itself and refuses to be given. */
  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The parameters that name the resource a call is about, in the order they are looked for. */
  private static final List<String> SUBJECTS =
      List.of(
          "QueueName",
          "RoleName",
          "TableName",
          "Name",
          "Rule",
          "QueueUrl",
          "TopicArn",
          "SubscriptionArn");

  /**
   * One call as AWS answered it.
   *
   * @param via the listener's name: which process sent it
   * @param operation the AWS operation, e.g. CreateQueue
   * @param subject what it is about (a queue, role, topic or rule name; topic and endpoint for
   *     Subscribe)
   */
  public record Call(String via, String operation, int status, String subject, long atNanos) {
    public boolean succeeded() {
      return status >= 200 && status < 300;
    }
  }

  private final URI target;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final ExecutorService workers =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "aws-proxy");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, HttpServer> listeners = new LinkedHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  public RecordingAwsProxy(URI target) {
    this.target = target;
  }

  /** A listener of its own for {@code via}, started on first use: the endpoint to give it. */
  public synchronized URI endpoint(String via) {
    HttpServer server = listeners.computeIfAbsent(via, this::listen);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Successful calls of the operations that {@code operation} accepts, counted by operation. */
  public Map<String, Long> successes(Predicate<String> operation) {
    return calls.stream()
        .filter(c -> c.succeeded() && operation.test(c.operation()))
        .collect(Collectors.groupingBy(Call::operation, TreeMap::new, Collectors.counting()));
  }

  /** The same call made successfully more than once: operation and subject, with how often. */
  public Map<String, Long> repeatedSuccesses(Predicate<String> operation) {
    Map<String, Long> repeated = new TreeMap<>();
    calls.stream()
        .filter(c -> c.succeeded() && operation.test(c.operation()))
        .collect(
            Collectors.groupingBy(c -> c.operation() + " " + c.subject(), Collectors.counting()))
        .forEach(
            (call, count) -> {
              if (count > 1) {
                repeated.put(call, count);
              }
            });
    return repeated;
  }

  private HttpServer listen(String via) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      server.createContext("/", exchange -> forward(via, exchange));
      server.setExecutor(workers);
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void forward(String via, HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = readAll(exchange.getRequestBody());
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
              .timeout(Duration.ofSeconds(60))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                  values.forEach(value -> request.header(name, value));
                }
              });
      HttpResponse<byte[]> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      calls.add(
          new Call(
              via,
              operation(exchange, body),
              response.statusCode(),
              subject(exchange, body),
              System.nanoTime()));
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      byte[] answer = response.body();
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.sendResponseHeaders(502, -1);
    }
  }

  /** JSON protocols name it in X-Amz-Target ("AmazonSQS.CreateQueue"), query ones in Action. */
  private static String operation(HttpExchange exchange, byte[] body) {
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target != null) {
      return target.substring(target.lastIndexOf('.') + 1);
    }
    String action = formParameters(exchange, body).get("Action");
    return action != null
        ? action
        : exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
  }

  private static String subject(HttpExchange exchange, byte[] body) {
    Map<String, String> parameters = new TreeMap<>();
    if (exchange.getRequestHeaders().getFirst("X-Amz-Target") != null) {
      try {
        JsonNode json = JSON.readTree(body);
        json.fields()
            .forEachRemaining(field -> parameters.put(field.getKey(), field.getValue().asText()));
      } catch (IOException e) {
        return "";
      }
    } else {
      parameters.putAll(formParameters(exchange, body));
    }
    if (parameters.containsKey("Endpoint")) {
      return parameters.get("TopicArn") + " -> " + parameters.get("Endpoint");
    }
    List<String> found = new ArrayList<>();
    for (String name : SUBJECTS) {
      if (parameters.containsKey(name)) {
        found.add(parameters.get(name));
      }
    }
    if (parameters.containsKey("PolicyName")) {
      found.add(parameters.get("PolicyName"));
    }
    return String.join(" ", found);
  }

  private static Map<String, String> formParameters(HttpExchange exchange, byte[] body) {
    String form = exchange.getRequestURI().getRawQuery();
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
      form = new String(body, StandardCharsets.UTF_8);
    }
    Map<String, String> parameters = new TreeMap<>();
    if (form == null || form.isEmpty()) {
      return parameters;
    }
    for (String pair : form.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.putIfAbsent(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return parameters;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Override
  public synchronized void close() {
    listeners.values().forEach(server -> server.stop(0));
    listeners.clear();
    workers.shutdownNow();
  }
}
