package dev.msa.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The access policy of a subscriber's queue: one statement per event source, allowing only {@code
 * sqs:SendMessage} from the SNS or EventBridge service principal and only when {@code
 * aws:SourceArn} is that exact topic or rule. No wildcard principal, nothing else may send. The
 * document is deterministic (statements sorted by Sid), so an unchanged union compares equal.
 */
public final class QueuePolicy {
  static final String VERSION = "2012-10-17";
  static final String SEND_MESSAGE = "sqs:SendMessage";
  private static final int SID_HASH_LENGTH = 16;
  private static final ObjectMapper JSON = new ObjectMapper();

  private QueuePolicy() {}

  /** Who delivers into the queue. */
  public enum Sender {
    SNS("sns.amazonaws.com", "SnsTopic"),
    EVENTBRIDGE("events.amazonaws.com", "EventBridgeRule");

    private final String servicePrincipal;
    private final String sidPrefix;

    Sender(String servicePrincipal, String sidPrefix) {
      this.servicePrincipal = servicePrincipal;
      this.sidPrefix = sidPrefix;
    }

    public String servicePrincipal() {
      return servicePrincipal;
    }
  }

  /** Permission for one source (a topic or rule ARN) to send into the queue. */
  public record Grant(Sender sender, String sourceArn) {
    /**
     * Derived from the source alone, so two subscriptions of one source share a statement: the
     * sender and a hash of the ARN (a Sid is letters and digits only).
     */
    public String sid() {
      return sender.sidPrefix + Hashes.sha256(sourceArn).substring(0, SID_HASH_LENGTH);
    }
  }

  /** The policy granting exactly these sources, or empty when there are none (no policy). */
  public static Optional<String> document(String queueArn, Collection<Grant> grants) {
    Map<String, Grant> bySid = new TreeMap<>();
    grants.forEach(g -> bySid.put(g.sid(), g));
    if (bySid.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode policy = JSON.createObjectNode().put("Version", VERSION);
    ArrayNode statements = policy.putArray("Statement");
    bySid.forEach((sid, grant) -> statements.add(statement(sid, grant, queueArn)));
    return Optional.of(policy.toString());
  }

  /**
   * Whether the observed policy (empty or blank: none) means the desired one: statements compare by
   * Sid whatever their order, and a one-element list equals its element, as AWS allows.
   */
  public static boolean same(Optional<String> desired, Optional<String> observed) {
    Optional<String> actual = observed.filter(p -> !p.isBlank());
    if (desired.isEmpty() || actual.isEmpty()) {
      return desired.isEmpty() && actual.isEmpty();
    }
    return normalise(PolicyDocuments.parse(desired.get()))
        .equals(normalise(PolicyDocuments.parse(actual.get())));
  }

  /** The Sids of a policy's statements; none without a policy. */
  public static Set<String> sids(Optional<String> policy) {
    Set<String> sids = new TreeSet<>();
    policy
        .filter(p -> !p.isBlank())
        .map(PolicyDocuments::parse)
        .map(p -> p.path("Statement"))
        .ifPresent(
            statements -> {
              if (statements.isObject()) {
                sids.add(statements.path("Sid").asText());
              } else {
                statements.forEach(st -> sids.add(st.path("Sid").asText()));
              }
            });
    return sids;
  }

  private static ObjectNode statement(String sid, Grant grant, String queueArn) {
    ObjectNode statement = JSON.createObjectNode().put("Sid", sid).put("Effect", "Allow");
    statement.putObject("Principal").put("Service", grant.sender().servicePrincipal());
    statement.put("Action", SEND_MESSAGE);
    statement.put("Resource", queueArn);
    statement.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", grant.sourceArn());
    return statement;
  }

  private static JsonNode normalise(JsonNode node) {
    if (node.isArray()) {
      if (node.size() == 1) {
        return normalise(node.get(0));
      }
      List<JsonNode> items = new ArrayList<>();
      node.forEach(item -> items.add(normalise(item)));
      items.sort(Comparator.comparing(item -> item.path("Sid").asText(item.toString())));
      ArrayNode sorted = JSON.createArrayNode();
      items.forEach(sorted::add);
      return sorted;
    }
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        copy.set(field.getKey(), normalise(field.getValue()));
      }
      return copy;
    }
    return node;
  }
}
