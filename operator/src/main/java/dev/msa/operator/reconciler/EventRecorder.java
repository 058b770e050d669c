package dev.msa.operator.reconciler;

import dev.msa.operator.model.Hashes;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on the custom resources: Created, Adopted, Updated, Deleted, DriftCorrected,
 * Failed.
 *
 * <p>Repeats are aggregated as client-go's recorder does: the same type, reason and message on the
 * same object bump {@code count} and {@code lastTimestamp} of one Event instead of adding an Event
 * per retry. The Event's name is derived from those four, so a restarted operator or another
 * replica finds the Event it has to bump; a small cache of the counts saves reading it back.
 */
public class EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "msa-operator";
  private static final int CACHED_EVENTS = 4096;
  private static final int MAX_NAME = 253;
  private static final int HASH_LENGTH = 16;

  private final KubernetesClient client;

  /** The count last written, by Event name; evicted oldest first. */
  private final Map<String, Integer> counts =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
              return size() > CACHED_EVENTS;
            }
          });

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  public void normal(HasMetadata object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  public void warning(HasMetadata object, String reason, String message) {
    record(object, "Warning", reason, message);
  }

  /** The Event's name: the object's name and a hash of what makes two Events the same. */
  static String eventName(HasMetadata object, String type, String reason, String message) {
    String name = object.getMetadata().getName();
    String hash =
        Hashes.sha256(
                String.join(
                    "\n",
                    Objects.toString(object.getMetadata().getUid(), ""),
                    object.getKind(),
                    name,
                    type,
                    reason,
                    message))
            .substring(0, HASH_LENGTH);
    int keep = Math.min(name.length(), MAX_NAME - HASH_LENGTH - 1);
    return name.substring(0, keep) + "." + hash;
  }

  private void record(HasMetadata object, String type, String reason, String message) {
    String namespace = object.getMetadata().getNamespace();
    String name = eventName(object, type, reason, message);
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      Integer count = counts.get(name);
      if (count == null || !bump(namespace, name, count + 1, now)) {
        create(object, namespace, name, type, reason, message, now);
      }
    } catch (KubernetesClientException e) {
      // An event is a courtesy to the user; failing to record one must not fail the reconcile.
      log.warn(
          "could not record event {} on {}: {}",
          reason,
          object.getMetadata().getName(),
          e.getMessage());
    }
  }

  /** Sets the Event's count and last timestamp; false when the Event is gone (expired). */
  private boolean bump(String namespace, String name, int count, String now) {
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .withName(name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
      counts.put(name, count);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        counts.remove(name);
        return false;
      }
      throw e;
    }
  }

  private void create(
      HasMetadata object,
      String namespace,
      String name,
      String type,
      String reason,
      String message,
      String now) {
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(object.getApiVersion())
                    .withKind(object.getKind())
                    .withName(object.getMetadata().getName())
                    .withNamespace(namespace)
                    .withUid(object.getMetadata().getUid())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
      counts.put(name, 1);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // recorded before this process knew it (a restart, another replica): bump what is there
      Event existing = client.v1().events().inNamespace(namespace).withName(name).get();
      int count = existing == null ? 0 : Objects.requireNonNullElse(existing.getCount(), 1);
      if (existing == null || !bump(namespace, name, count + 1, now)) {
        client.v1().events().inNamespace(namespace).resource(event).create();
        counts.put(name, 1);
      }
    }
  }
}
