package dev.msa.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A published topic's policy statements that let another account subscribe: one per subscriber
 * account, allowing only the operator's role in that account ({@code msa.dev/aws-role-arn} of a
 * namespace the topic's {@code subscribers.namespaces} lists) {@code sns:Subscribe}, and only for
 * SQS queues of the operator's names in that account. The statements of others in the policy (the
 * default one AWS writes) are kept; the operator's are told apart by their Sid prefix.
 */
public final class TopicPolicy {
  public static final String POLICY = "Policy";
  static final String SID_PREFIX = "MsaSubscribeFrom";

  /**
   * A subscriber account's grant.
   *
   * @param roleArn the operator's role in the subscriber's account, which subscribes
   * @param queueArnPattern the queues it may subscribe, e.g. {@code arn:aws:sqs:*:222222222222:p-*}
   */
  public record Subscriber(String roleArn, String queueArnPattern) {
    public String accountId() {
      return roleArn.split(":")[4];
    }
  }

  private TopicPolicy() {}

  /** The grants' statements as a policy document; empty when no other account subscribes. */
  public static Optional<String> document(String topicArn, Collection<Subscriber> subscribers) {
    List<JsonNode> statements = statements(topicArn, subscribers);
    return statements.isEmpty() ? Optional.empty() : Optional.of(write(statements));
  }

  /**
   * What to set so that the observed policy carries exactly the desired grants ({@code desired}:
   * {@link #document}, absent for none) beside the statements of others; nothing when it does. When
   * the grants go and nothing else remains, the policy AWS gives a new topic comes back.
   */
  public static AttributeChanges changes(
      String topicArn,
      String ownerAccount,
      Optional<String> desired,
      Map<String, String> observed) {
    Optional<String> current = Optional.ofNullable(observed.get(POLICY));
    List<JsonNode> others = new ArrayList<>();
    List<JsonNode> ours = new ArrayList<>();
    current
        .map(PolicyDocuments::parse)
        .map(d -> d.path("Statement"))
        .ifPresent(
            s ->
                s.forEach(
                    st ->
                        (st.path("Sid").asText().startsWith(SID_PREFIX) ? ours : others).add(st)));
    List<JsonNode> wanted = new ArrayList<>();
    desired.map(PolicyDocuments::parse).ifPresent(d -> d.path("Statement").forEach(wanted::add));
    if (sids(ours).equals(sids(wanted))
        && new TreeSet<>(texts(ours)).equals(new TreeSet<>(texts(wanted)))) {
      return new AttributeChanges(Map.of());
    }
    List<JsonNode> merged = new ArrayList<>(others);
    merged.addAll(wanted);
    if (merged.isEmpty()) {
      merged.add(defaultStatement(topicArn, ownerAccount));
    }
    Map<String, String> changed = new LinkedHashMap<>();
    changed.put(POLICY, write(merged));
    Map<String, String> before = new LinkedHashMap<>();
    current.ifPresent(c -> before.put(POLICY, c));
    return new AttributeChanges(changed, before);
  }

  private static List<JsonNode> statements(String topicArn, Collection<Subscriber> subscribers) {
    List<JsonNode> statements = new ArrayList<>();
    subscribers.stream()
        .sorted(java.util.Comparator.comparing(Subscriber::roleArn))
        .forEach(
            s -> {
              ObjectNode statement = PolicyDocuments.object();
              statement.put(
                  "Sid", SID_PREFIX + s.accountId() + Hashes.sha256(s.roleArn()).substring(0, 8));
              statement.put("Effect", "Allow");
              statement.putObject("Principal").put("AWS", s.roleArn());
              statement.put("Action", "sns:Subscribe");
              statement.put("Resource", topicArn);
              ObjectNode condition = statement.putObject("Condition");
              condition.putObject("StringEquals").put("sns:Protocol", "sqs");
              condition.putObject("StringLike").put("sns:Endpoint", s.queueArnPattern());
              statements.add(statement);
            });
    return statements;
  }

  /** The statement SNS puts on a new topic: the owner account may manage and use it. */
  private static JsonNode defaultStatement(String topicArn, String ownerAccount) {
    ObjectNode statement = PolicyDocuments.object();
    statement.put("Sid", "__default_statement_ID");
    statement.put("Effect", "Allow");
    statement.putObject("Principal").put("AWS", "*");
    ArrayNode actions = statement.putArray("Action");
    List.of(
            "SNS:GetTopicAttributes",
            "SNS:SetTopicAttributes",
            "SNS:AddPermission",
            "SNS:RemovePermission",
            "SNS:DeleteTopic",
            "SNS:Subscribe",
            "SNS:ListSubscriptionsByTopic",
            "SNS:Publish")
        .forEach(actions::add);
    statement.put("Resource", topicArn);
    statement.putObject("Condition").putObject("StringEquals").put("AWS:SourceOwner", ownerAccount);
    return statement;
  }

  private static Set<String> sids(List<JsonNode> statements) {
    Set<String> sids = new TreeSet<>();
    statements.forEach(s -> sids.add(s.path("Sid").asText()));
    return sids;
  }

  private static List<String> texts(List<JsonNode> statements) {
    return statements.stream().map(PolicyDocuments::write).toList();
  }

  private static String write(List<JsonNode> statements) {
    ObjectNode document = PolicyDocuments.object();
    document.put("Version", PolicyDocuments.VERSION);
    ArrayNode array = document.putArray("Statement");
    statements.forEach(array::add);
    return PolicyDocuments.write(document);
  }
}
