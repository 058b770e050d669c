package dev.msa.operator.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the AWS calls moto served, whoever made them, with moto's own request recorder ({@code
 * /moto-api/recorder/*}): every request is appended to moto's recording file while recording is on.
 * The same count for msa-operator, ACK and a plain SDK loop, so they are counted the same way.
 */
final class MotoRecorder {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The service in a SigV4 credential scope: {@code
   * Credential=key/date/region/service/aws4_request}.
   */
  private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/");

  private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z0-9]+)");

  private final URI endpoint;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  MotoRecorder(String endpoint) {
    this.endpoint = URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/");
  }

  /** Empties the recording and starts recording. */
  void start() {
    post("moto-api/recorder/stop-recording");
    post("moto-api/recorder/reset-recording");
    post("moto-api/recorder/start-recording");
  }

  /** Stops recording; the calls recorded since {@link #start} by "service/Operation". */
  Map<String, Long> stop() {
    post("moto-api/recorder/stop-recording");
    String recording =
        send(
            HttpRequest.newBuilder(endpoint.resolve("moto-api/recorder/download-recording")).GET());
    post("moto-api/recorder/reset-recording");
    return count(recording);
  }

  /** Calls by "service/Operation" in a recording (one JSON request per line). */
  static Map<String, Long> count(String recording) {
    Map<String, Long> calls = new TreeMap<>();
    for (String line : recording.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        calls.merge(operation(JSON.readTree(line)), 1L, Long::sum);
      } catch (IOException e) {
        calls.merge("unparsed", 1L, Long::sum);
      }
    }
    return calls;
  }

  /**
   * "service/Operation" of one recorded request: the service from the signature's credential scope,
   * the operation from {@code X-Amz-Target} (JSON protocols: SQS) or {@code Action=} in the form
   * body or query (query protocols: SNS, IAM, STS).
   */
  static String operation(JsonNode request) {
    String authorization = header(request, "Authorization");
    Matcher scope = SCOPE.matcher(authorization);
    String service = scope.find() ? scope.group(1) : "?";
    String target = header(request, "X-Amz-Target");
    if (!target.isEmpty()) {
      return service + "/" + target.substring(target.lastIndexOf('.') + 1);
    }
    String body = request.path("body").asText("");
    if (request.path("body_encoded").asBoolean(false)) {
      body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
    String url = request.path("url").asText("");
    for (String text :
        new String[] {body, url.contains("?") ? url.substring(url.indexOf('?') + 1) : ""}) {
      Matcher action = ACTION.matcher(URLDecoder.decode(text, StandardCharsets.UTF_8));
      if (action.find()) {
        return service + "/" + action.group(1);
      }
    }
    // REST protocols (EKS): the method and the path
    return service
        + "/"
        + request.path("method").asText("?")
        + " "
        + url.replaceAll("^[a-z]+://[^/]*|\\?.*", "");
  }

  private static String header(JsonNode request, String name) {
    Iterator<Map.Entry<String, JsonNode>> headers = request.path("headers").fields();
    while (headers.hasNext()) {
      Map.Entry<String, JsonNode> h = headers.next();
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue().asText("");
      }
    }
    return "";
  }

  private void post(String path) {
    send(HttpRequest.newBuilder(endpoint.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private String send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            request.build().uri() + " answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
