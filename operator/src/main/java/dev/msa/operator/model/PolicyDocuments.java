package dev.msa.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The IAM documents the operator writes: a service role's inline policy, generated from intent and
 * scoped to exact ARNs (no wildcard action or resource, no iam: or sts:), and its trust policy for
 * IRSA or EKS Pod Identity. Output is deterministic, so an unchanged intent compares equal.
 */
public final class PolicyDocuments {
  public static final String INLINE_POLICY_NAME = "msa-operator";
  static final List<String> CONSUME_QUEUE_ACTIONS =
      List.of(
          "sqs:ChangeMessageVisibility",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl",
          "sqs:ReceiveMessage");
  static final String VERSION = "2012-10-17";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PolicyDocuments() {}

  /** The inline policy, or empty when the intent needs no AWS access at all. */
  public static Optional<String> servicePolicy(ServicePermissions permissions) {
    List<ObjectNode> statements = new ArrayList<>();
    permissions
        .queueArn()
        .ifPresent(
            queue -> {
              List<String> queues = new ArrayList<>(List.of(queue));
              permissions.deadLetterQueueArn().ifPresent(queues::add);
              statements.add(allow("ConsumeOwnQueue", CONSUME_QUEUE_ACTIONS, queues));
            });
    if (!permissions.topicArns().isEmpty()) {
      statements.add(
          allow("PublishOwnTopics", List.of("sns:Publish"), sorted(permissions.topicArns())));
    }
    if (statements.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode policy = JSON.createObjectNode().put("Version", VERSION);
    policy.putArray("Statement").addAll(statements);
    return Optional.of(write(policy));
  }

  /** IRSA: the cluster's OIDC provider may assume the role for exactly this ServiceAccount. */
  public static String irsaTrust(
      String oidcProviderArn, String issuerHostAndPath, String namespace, String serviceAccount) {
    ObjectNode statement = JSON.createObjectNode().put("Effect", "Allow");
    statement.putObject("Principal").put("Federated", oidcProviderArn);
    statement.put("Action", "sts:AssumeRoleWithWebIdentity");
    ObjectNode equals = statement.putObject("Condition").putObject("StringEquals");
    equals.put(
        issuerHostAndPath + ":sub", "system:serviceaccount:" + namespace + ":" + serviceAccount);
    equals.put(issuerHostAndPath + ":aud", "sts.amazonaws.com");
    return document(statement);
  }

  /**
   * EKS Pod Identity: the EKS pod identity agent of this account may assume and tag the session.
   */
  public static String podIdentityTrust(String accountId) {
    ObjectNode statement = JSON.createObjectNode().put("Effect", "Allow");
    statement.putObject("Principal").put("Service", "pods.eks.amazonaws.com");
    statement.putArray("Action").add("sts:AssumeRole").add("sts:TagSession");
    statement.putObject("Condition").putObject("StringEquals").put("aws:SourceAccount", accountId);
    return document(statement);
  }

  /** Whether two policy documents mean the same, whatever their formatting. */
  public static boolean same(String a, String b) {
    return parse(a).equals(parse(b));
  }

  public static JsonNode parse(String document) {
    try {
      return JSON.readTree(document);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON policy document", e);
    }
  }

  private static ObjectNode allow(String sid, List<String> actions, List<String> resources) {
    ObjectNode statement = JSON.createObjectNode().put("Sid", sid).put("Effect", "Allow");
    ArrayNode action = statement.putArray("Action");
    actions.forEach(action::add);
    ArrayNode resource = statement.putArray("Resource");
    resources.forEach(resource::add);
    return statement;
  }

  private static String document(ObjectNode statement) {
    ObjectNode policy = JSON.createObjectNode().put("Version", VERSION);
    policy.putArray("Statement").add(statement);
    return write(policy);
  }

  private static List<String> sorted(List<String> values) {
    return values.stream().sorted().toList();
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
