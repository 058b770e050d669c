package dev.msa.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The EKS Pod Identity API of one cluster, for what moto does not implement: it keeps the
 * associations it is asked to create, answers the list, describe, update, delete and TagResource
 * calls of the EKS REST API with them, and records every call. The operator reaches it through
 * {@code AWS_ENDPOINT_URL_EKS} while IAM and the rest stay on moto.
 */
public final class PodIdentityStub implements AutoCloseable {
  /** One call as the stub answered it. */
  public record Call(String method, String path, String query, String body, int status) {}

  /** An association as the stub holds it. */
  public record Association(
      String id,
      String namespace,
      String serviceAccount,
      String roleArn,
      Map<String, String> tags) {
    Association withRoleArn(String roleArn) {
      return new Association(id, namespace, serviceAccount, roleArn, tags);
    }

    Association withTags(Map<String, String> tags) {
      return new Association(id, namespace, serviceAccount, roleArn, Map.copyOf(tags));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PATH =
      Pattern.compile("/clusters/([^/]+)/pod-identity-associations(?:/([^/]+))?");
  private static final Pattern TAGS = Pattern.compile("/tags/(.+)");

  private final String cluster;
  private final HttpServer server;
  private final Map<String, Association> associations = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  public PodIdentityStub(String cluster) {
    this.cluster = cluster;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Successful CreatePodIdentityAssociation calls: POST on the collection. */
  public long creates() {
    return successes("POST", false);
  }

  /** Successful UpdatePodIdentityAssociation calls: POST on one association. */
  public long updates() {
    return successes("POST", true);
  }

  /** Successful DeletePodIdentityAssociation calls. */
  public long deletes() {
    return successes("DELETE", true);
  }

  /** Successful TagResource calls. */
  public long tagCalls() {
    return calls.stream()
        .filter(c -> c.method().equals("POST") && c.status() == 200)
        .filter(c -> TAGS.matcher(c.path()).matches())
        .count();
  }

  private long successes(String method, boolean onOneAssociation) {
    return calls.stream()
        .filter(c -> c.method().equals(method) && c.status() == 200)
        .filter(
            c -> {
              Matcher path = PATH.matcher(c.path());
              return path.matches() && onOneAssociation == (path.group(2) != null);
            })
        .count();
  }

  public Optional<Association> find(String namespace, String serviceAccount) {
    return associations.values().stream()
        .filter(a -> a.namespace().equals(namespace) && a.serviceAccount().equals(serviceAccount))
        .findFirst();
  }

  /** Someone points the association at another role, outside the operator. */
  public void repoint(String id, String roleArn) {
    associations.computeIfPresent(id, (k, a) -> a.withRoleArn(roleArn));
  }

  /** Someone removes a tag from the association, outside the operator. */
  public void untag(String id, String key) {
    associations.computeIfPresent(
        id,
        (k, a) -> {
          Map<String, String> tags = new LinkedHashMap<>(a.tags());
          tags.remove(key);
          return a.withTags(tags);
        });
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      URI uri = exchange.getRequestURI();
      Matcher path = PATH.matcher(uri.getPath());
      Matcher tags = TAGS.matcher(uri.getPath());
      Answer answer;
      if (tags.matches() && exchange.getRequestMethod().equals("POST")) {
        answer = tag(tags.group(1), body);
      } else if (!path.matches()) {
        answer = error(404, "ResourceNotFoundException", "the stub serves Pod Identity only");
      } else if (!path.group(1).equals(cluster)) {
        answer = error(404, "ResourceNotFoundException", "No cluster found for name: " + cluster);
      } else {
        answer = answer(exchange.getRequestMethod(), path.group(2), query(uri), body);
      }
      calls.add(
          new Call(
              exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(), body, answer.status));
      byte[] bytes = answer.body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (answer.errorType != null) {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", answer.errorType);
      }
      exchange.sendResponseHeaders(answer.status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private record Answer(int status, String errorType, String body) {}

  private Answer answer(String method, String id, Map<String, String> query, String body)
      throws IOException {
    if (id == null && method.equals("GET")) {
      ObjectNode list = JSON.createObjectNode();
      var items = list.putArray("associations");
      associations.values().stream()
          .filter(a -> a.namespace().equals(query.get("namespace")))
          .filter(a -> a.serviceAccount().equals(query.get("serviceAccount")))
          .forEach(a -> items.add(summary(a)));
      return new Answer(200, null, JSON.writeValueAsString(list));
    }
    if (id == null && method.equals("POST")) {
      JsonNode request = JSON.readTree(body);
      String namespace = request.path("namespace").asText();
      String serviceAccount = request.path("serviceAccount").asText();
      if (find(namespace, serviceAccount).isPresent()) {
        return error(409, "ResourceInUseException", "Association already exists");
      }
      Map<String, String> tags = new LinkedHashMap<>();
      request
          .path("tags")
          .fields()
          .forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
      Association created =
          new Association(
              "a-" + ids.incrementAndGet(),
              namespace,
              serviceAccount,
              request.path("roleArn").asText(),
              tags);
      associations.put(created.id(), created);
      return wrapped(created);
    }
    Association existing = id == null ? null : associations.get(id);
    if (existing == null) {
      return error(404, "ResourceNotFoundException", "No association " + id);
    }
    return switch (method) {
      case "GET" -> wrapped(existing);
      case "POST" -> {
        repoint(id, JSON.readTree(body).path("roleArn").asText());
        yield wrapped(associations.get(id));
      }
      case "DELETE" -> {
        associations.remove(id);
        yield wrapped(existing);
      }
      default -> error(405, "InvalidRequestException", method + " is not served");
    };
  }

  /** TagResource, on an association's ARN. */
  private Answer tag(String arn, String body) throws IOException {
    Association existing =
        associations.values().stream().filter(a -> arn(a).equals(arn)).findFirst().orElse(null);
    if (existing == null) {
      return error(404, "ResourceNotFoundException", "No resource " + arn);
    }
    Map<String, String> tags = new LinkedHashMap<>(existing.tags());
    JSON.readTree(body)
        .path("tags")
        .fields()
        .forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    associations.put(existing.id(), existing.withTags(tags));
    return new Answer(200, null, "{}");
  }

  private Answer wrapped(Association a) throws IOException {
    ObjectNode answer = JSON.createObjectNode();
    ObjectNode association = summary(a);
    association.put("roleArn", a.roleArn());
    a.tags().forEach(association.putObject("tags")::put);
    answer.set("association", association);
    return new Answer(200, null, JSON.writeValueAsString(answer));
  }

  private ObjectNode summary(Association a) {
    return JSON.createObjectNode()
        .put("associationId", a.id())
        .put("associationArn", arn(a))
        .put("clusterName", cluster)
        .put("namespace", a.namespace())
        .put("serviceAccount", a.serviceAccount());
  }

  private String arn(Association a) {
    return "arn:aws:eks:us-east-1:123456789012:podidentityassociation/" + cluster + "/" + a.id();
  }

  private static Answer error(int status, String type, String message) {
    return new Answer(status, type, "{\"message\":" + JSON.valueToTree(message) + "}");
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          parameters.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return parameters;
  }
}
