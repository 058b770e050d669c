package dev.msa.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.msa.operator.api.QueueSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * SQS attributes of a service's queue and dead-letter queue, and the difference to what SQS
 * reports, so an update sends only what changed.
 */
public final class QueueAttributes {
  public static final String VISIBILITY_TIMEOUT = "VisibilityTimeout";
  public static final String MESSAGE_RETENTION_PERIOD = "MessageRetentionPeriod";
  public static final String REDRIVE_POLICY = "RedrivePolicy";
  public static final String REDRIVE_ALLOW_POLICY = "RedriveAllowPolicy";
  public static final String FIFO_QUEUE = "FifoQueue";
  public static final String CONTENT_BASED_DEDUPLICATION = "ContentBasedDeduplication";

  /** The longest SQS allows: a dead letter stays inspectable as long as possible. */
  static final String DEAD_LETTER_RETENTION = "1209600";

  private static final Set<String> JSON_VALUED = Set.of(REDRIVE_POLICY, REDRIVE_ALLOW_POLICY);

  /** Set at creation only: SQS cannot change them. */
  private static final Set<String> CREATION_ONLY = Set.of(FIFO_QUEUE);

  private QueueAttributes() {}

  /**
   * @param deadLetterArn the dead-letter queue to redrive to; empty removes the redrive policy
   */
  public static Map<String, String> queue(QueueSpec spec, Optional<String> deadLetterArn) {
    Map<String, String> attributes = new LinkedHashMap<>();
    if (Boolean.TRUE.equals(spec.getFifo())) {
      attributes.put(FIFO_QUEUE, "true");
      // always sent for a FIFO queue (standard queues refuse it), so turning it off is a change
      attributes.put(
          CONTENT_BASED_DEDUPLICATION,
          String.valueOf(Boolean.TRUE.equals(spec.getContentBasedDeduplication())));
    }
    attributes.put(
        VISIBILITY_TIMEOUT, String.valueOf(orDefault(spec.getVisibilityTimeoutSeconds(), 30)));
    attributes.put(
        MESSAGE_RETENTION_PERIOD,
        String.valueOf(orDefault(spec.getMessageRetentionSeconds(), 345600)));
    int maxReceiveCount =
        spec.getDeadLetter() == null ? 5 : orDefault(spec.getDeadLetter().getMaxReceiveCount(), 5);
    attributes.put(
        REDRIVE_POLICY,
        deadLetterArn
            .map(
                arn ->
                    PolicyDocuments.write(
                        PolicyDocuments.object()
                            .put("deadLetterTargetArn", arn)
                            .put("maxReceiveCount", maxReceiveCount)))
            .orElse(""));
    return attributes;
  }

  /** The dead-letter queue: only its own queue may redrive into it. */
  public static Map<String, String> deadLetterQueue(QueueSpec spec, String sourceQueueArn) {
    Map<String, String> attributes = new LinkedHashMap<>();
    if (Boolean.TRUE.equals(spec.getFifo())) {
      attributes.put(FIFO_QUEUE, "true");
    }
    attributes.put(MESSAGE_RETENTION_PERIOD, DEAD_LETTER_RETENTION);
    ObjectNode redriveAllow = PolicyDocuments.object().put("redrivePermission", "byQueue");
    redriveAllow.putArray("sourceQueueArns").add(sourceQueueArn);
    attributes.put(REDRIVE_ALLOW_POLICY, PolicyDocuments.write(redriveAllow));
    return attributes;
  }

  /** The desired attributes whose observed value differs; JSON values compare by meaning. */
  public static Map<String, String> changed(
      Map<String, String> desired, Map<String, String> observed) {
    Map<String, String> changed = new LinkedHashMap<>();
    desired.forEach(
        (name, value) -> {
          if (CREATION_ONLY.contains(name)) {
            return;
          }
          if (name.equals(REDRIVE_ALLOW_POLICY) && !observed.containsKey(name)) {
            // Set at creation; moto does not implement it and reports nothing, AWS reports it.
            return;
          }
          String actual = observed.getOrDefault(name, "");
          boolean same =
              JSON_VALUED.contains(name) && !value.isEmpty() && !actual.isEmpty()
                  ? sameJson(value, actual)
                  : Objects.equals(value, actual);
          if (!same) {
            changed.put(name, value);
          }
        });
    return changed;
  }

  private static boolean sameJson(String a, String b) {
    JsonNode left = PolicyDocuments.parse(a);
    JsonNode right = PolicyDocuments.parse(b);
    // SQS reports maxReceiveCount as a number or a string depending on the API version.
    return normalise(left).equals(normalise(right));
  }

  private static JsonNode normalise(JsonNode node) {
    if (node.isObject() && node.has("maxReceiveCount")) {
      var copy = node.deepCopy();
      ((ObjectNode) copy).put("maxReceiveCount", node.get("maxReceiveCount").asText());
      return copy;
    }
    return node;
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
