package dev.msa.operator.testing;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every request a Kubernetes client sent, seen at the HTTP layer: what the operator wrote to the
 * apiserver, counted rather than inferred from unchanged resourceVersions.
 */
public final class ApiRequests implements Interceptor {
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  /** One request: its method and the resource it named ({@code microservices/status}, …). */
  public record Request(String method, String resource, String path) {}

  private final List<Request> requests = new CopyOnWriteArrayList<>();

  @Override
  public void after(
      HttpRequest request,
      HttpResponse<?> response,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    String path = request.uri().getPath();
    requests.add(new Request(request.method(), resource(path), path));
  }

  public void clear() {
    requests.clear();
  }

  /** The writes since the last {@link #clear}, counted by method and resource. */
  public Map<String, Long> writes() {
    Map<String, Long> writes = new TreeMap<>();
    requests.stream()
        .filter(r -> WRITES.contains(r.method()))
        .forEach(r -> writes.merge(r.method() + " " + r.resource(), 1L, Long::sum));
    return writes;
  }

  /** The requests since the last {@link #clear}. */
  public List<Request> all() {
    return List.copyOf(requests);
  }

  /**
   * The resource of a path: {@code /apis/msa.dev/v1alpha1/namespaces/a/microservices/b/status} is
   * {@code microservices/status}, {@code /api/v1/namespaces/a/events} is {@code events}.
   */
  static String resource(String path) {
    String[] parts = path.replaceFirst("^/", "").split("/");
    int i = parts[0].equals("api") ? 2 : 3; // api/v1/… or apis/group/version/…
    if (i < parts.length && parts[i].equals("namespaces") && i + 2 < parts.length) {
      i += 2;
    }
    if (i >= parts.length) {
      return path;
    }
    String resource = parts[i];
    return i + 2 < parts.length ? resource + "/" + parts[i + 2] : resource;
  }
}
