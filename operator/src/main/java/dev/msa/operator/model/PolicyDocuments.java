package dev.msa.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.msa.operator.api.DataStoreAccess;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  static final List<String> READ_WRITE_TABLE_ACTIONS =
      List.of(
          "dynamodb:BatchGetItem",
          "dynamodb:BatchWriteItem",
          "dynamodb:ConditionCheckItem",
          "dynamodb:DeleteItem",
          "dynamodb:DescribeTable",
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:Query",
          "dynamodb:Scan",
          "dynamodb:UpdateItem");
  static final List<String> READ_ONLY_TABLE_ACTIONS =
      List.of(
          "dynamodb:BatchGetItem",
          "dynamodb:DescribeTable",
          "dynamodb:GetItem",
          "dynamodb:Query",
          "dynamodb:Scan");
  // ListStreams is left out on purpose: it takes only the "*" resource.
  static final List<String> STREAM_READ_ACTIONS =
      List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator");
  static final String READ_WRITE_TABLES_SID = "ReadWriteBoundTables";
  static final String READ_ONLY_TABLES_SID = "ReadBoundTables";
  static final String TABLE_STREAMS_SID = "ReadBoundTableStreams";
  static final List<String> TABLE_SIDS =
      List.of(READ_WRITE_TABLES_SID, READ_ONLY_TABLES_SID, TABLE_STREAMS_SID);
  static final String QUEUE_DEPTH_SID = "ReadOwnQueueDepth";
  static final String KEDA_WEB_IDENTITY_SID = "KedaReadsQueueDepth";
  static final String KEDA_ROLE_SID = "KedaRoleReadsQueueDepth";
  static final String VERSION = "2012-10-17";

  /** A statement longer than this is shortened in a plan; ten actions on two ARNs fit. */
  static final int LONGEST_STATEMENT = 400;

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
              // What KEDA's aws-sqs-queue scaler reads, granted in its own words: the consumer's
              // statement happens to include it, but the scaler must not depend on that.
              if (permissions.scalesOnQueueDepth()) {
                statements.add(
                    allow(QUEUE_DEPTH_SID, List.of("sqs:GetQueueAttributes"), List.of(queue)));
              }
            });
    if (!permissions.topicArns().isEmpty()) {
      statements.add(
          allow("PublishOwnTopics", List.of("sns:Publish"), sorted(permissions.topicArns())));
    }
    statements.addAll(tableStatements(permissions.tables()));
    if (statements.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode policy = JSON.createObjectNode().put("Version", VERSION);
    policy.putArray("Statement").addAll(statements);
    return Optional.of(write(policy));
  }

  /**
   * Item-level actions on each bound table and its indexes ({@code <table ARN>/index/*}, the one
   * wildcard SPEC §4 allows); ReadOnly tables get the read actions only. A read-write binding to a
   * table with a stream may read that exact stream: its ARN names the stream, so no wildcard.
   */
  private static List<ObjectNode> tableStatements(List<TableGrant> tables) {
    List<ObjectNode> statements = new ArrayList<>();
    List<String> readWrite = new ArrayList<>();
    List<String> readOnly = new ArrayList<>();
    List<String> streams = new ArrayList<>();
    for (TableGrant table : sortedByArn(tables)) {
      boolean writes = table.access() != DataStoreAccess.ReadOnly;
      List<String> resources = writes ? readWrite : readOnly;
      resources.add(table.tableArn());
      resources.add(table.tableArn() + "/index/*");
      if (writes) {
        table.streamArn().ifPresent(streams::add);
      }
    }
    if (!readWrite.isEmpty()) {
      statements.add(allow(READ_WRITE_TABLES_SID, READ_WRITE_TABLE_ACTIONS, readWrite));
    }
    if (!readOnly.isEmpty()) {
      statements.add(allow(READ_ONLY_TABLES_SID, READ_ONLY_TABLE_ACTIONS, readOnly));
    }
    if (!streams.isEmpty()) {
      statements.add(allow(TABLE_STREAMS_SID, STREAM_READ_ACTIONS, streams));
    }
    return statements;
  }

  private static List<TableGrant> sortedByArn(List<TableGrant> tables) {
    return tables.stream().sorted(Comparator.comparing(TableGrant::tableArn)).toList();
  }

  /** IRSA: the cluster's OIDC provider may assume the role for exactly this ServiceAccount. */
  public static String irsaTrust(
      String oidcProviderArn, String issuerHostAndPath, String namespace, String serviceAccount) {
    return irsaTrust(
        oidcProviderArn, issuerHostAndPath, namespace, serviceAccount, Optional.empty());
  }

  /**
   * IRSA for the service's ServiceAccount and, for queue-depth autoscaling, KEDA's operator: its
   * ServiceAccount through the same provider, and its role when one is configured.
   */
  public static String irsaTrust(
      String oidcProviderArn,
      String issuerHostAndPath,
      String namespace,
      String serviceAccount,
      Optional<KedaIdentity> keda) {
    List<ObjectNode> statements = new ArrayList<>();
    statements.add(webIdentity(oidcProviderArn, issuerHostAndPath, namespace, serviceAccount));
    keda.ifPresent(
        k -> {
          statements.add(
              JSON.createObjectNode()
                  .put("Sid", KEDA_WEB_IDENTITY_SID)
                  .setAll(
                      webIdentity(
                          oidcProviderArn, issuerHostAndPath, k.namespace(), k.serviceAccount())));
          k.roleArn().ifPresent(role -> statements.add(assumedByRole(role)));
        });
    return document(statements);
  }

  private static ObjectNode webIdentity(
      String oidcProviderArn, String issuerHostAndPath, String namespace, String serviceAccount) {
    ObjectNode statement = JSON.createObjectNode().put("Effect", "Allow");
    statement.putObject("Principal").put("Federated", oidcProviderArn);
    statement.put("Action", "sts:AssumeRoleWithWebIdentity");
    ObjectNode equals = statement.putObject("Condition").putObject("StringEquals");
    equals.put(
        issuerHostAndPath + ":sub", "system:serviceaccount:" + namespace + ":" + serviceAccount);
    equals.put(issuerHostAndPath + ":aud", "sts.amazonaws.com");
    return statement;
  }

  /**
   * EKS Pod Identity: the EKS pod identity agent of this account may assume and tag the session.
   */
  public static String podIdentityTrust(String accountId) {
    return podIdentityTrust(accountId, Optional.empty());
  }

  /**
   * EKS Pod Identity for the service's pods and, for queue-depth autoscaling, KEDA's operator role
   * when one is configured: without a web identity token, KEDA can only use {@code sts:AssumeRole}.
   */
  public static String podIdentityTrust(String accountId, Optional<KedaIdentity> keda) {
    ObjectNode statement = JSON.createObjectNode().put("Effect", "Allow");
    statement.putObject("Principal").put("Service", "pods.eks.amazonaws.com");
    statement.putArray("Action").add("sts:AssumeRole").add("sts:TagSession");
    statement.putObject("Condition").putObject("StringEquals").put("aws:SourceAccount", accountId);
    List<ObjectNode> statements = new ArrayList<>(List.of(statement));
    keda.flatMap(KedaIdentity::roleArn).ifPresent(role -> statements.add(assumedByRole(role)));
    return document(statements);
  }

  private static ObjectNode assumedByRole(String roleArn) {
    ObjectNode statement = JSON.createObjectNode().put("Sid", KEDA_ROLE_SID).put("Effect", "Allow");
    statement.putObject("Principal").put("AWS", roleArn);
    statement.put("Action", "sts:AssumeRole");
    return statement;
  }

  /**
   * Whether two inline policies (empty: none) differ at most in their bound-table statements, i.e.
   * whether a change between them is a DataStore binding's.
   */
  public static boolean sameApartFromTables(Optional<String> a, Optional<String> b) {
    return withoutTableStatements(a).equals(withoutTableStatements(b));
  }

  private static List<JsonNode> withoutTableStatements(Optional<String> policy) {
    List<JsonNode> statements = new ArrayList<>();
    policy
        .map(PolicyDocuments::parse)
        .map(p -> p.path("Statement"))
        .ifPresent(
            all ->
                all.forEach(
                    s -> {
                      if (!TABLE_SIDS.contains(s.path("Sid").asText())) {
                        statements.add(s);
                      }
                    }));
    return statements;
  }

  /** Whether two policy documents mean the same, whatever their formatting. */
  public static boolean same(String a, String b) {
    return parse(a).equals(parse(b));
  }

  /**
   * A policy document as an Event may show it: its statements' ids and a hash of the document,
   * never the document itself ("2 statements ConsumeOwnQueue, PublishOwnTopics (sha256 1a2b3c4d)").
   */
  public static String summary(String document) {
    List<JsonNode> statements = new ArrayList<>();
    try {
      JsonNode statement = parse(document).path("Statement");
      if (statement.isArray()) {
        statement.forEach(statements::add);
      } else if (statement.isObject()) {
        statements.add(statement);
      }
    } catch (IllegalArgumentException e) {
      return "a document that is not JSON (sha256 " + Difference.shortHash(document) + ")";
    }
    List<String> sids = new ArrayList<>();
    long unnamed = statements.stream().filter(s -> s.path("Sid").asText().isEmpty()).count();
    statements.stream()
        .map(s -> s.path("Sid").asText())
        .filter(sid -> !sid.isEmpty())
        .forEach(sids::add);
    if (unnamed > 0) {
      sids.add(unnamed + " without Sid");
    }
    return statements.size()
        + (statements.size() == 1 ? " statement" : " statements")
        + (sids.isEmpty() ? "" : " " + String.join(", ", sids))
        + " (sha256 "
        + Difference.shortHash(document)
        + ")";
  }

  /**
   * The statements {@code after} has and {@code before} has not, and the other way round, compared
   * by content whatever their order (empty: no document).
   */
  public static StatementChanges statementChanges(Optional<String> before, Optional<String> after) {
    List<JsonNode> old = statements(before);
    List<JsonNode> next = statements(after);
    return new StatementChanges(
        next.stream()
            .filter(s -> !old.contains(s))
            .map(PolicyDocuments::describeStatement)
            .toList(),
        old.stream()
            .filter(s -> !next.contains(s))
            .map(PolicyDocuments::describeStatement)
            .toList());
  }

  /**
   * One statement in a line: "ReadWriteBoundTables: Allow dynamodb:{GetItem,PutItem} on arn:… if
   * ArnEquals aws:SourceArn=arn:…", its principal after "for"; shortened past {@value
   * #LONGEST_STATEMENT} characters, keeping a hash of the whole.
   */
  static String describeStatement(JsonNode statement) {
    StringBuilder line = new StringBuilder();
    String sid = statement.path("Sid").asText();
    if (!sid.isEmpty()) {
      line.append(sid).append(": ");
    }
    line.append(statement.path("Effect").asText("Allow"));
    JsonNode principal = statement.path("Principal");
    if (principal.isObject()) {
      List<String> who = new ArrayList<>();
      principal.fields().forEachRemaining(p -> who.addAll(texts(p.getValue())));
      line.append(" for ").append(String.join(", ", who));
    } else if (principal.isTextual()) {
      line.append(" for ").append(principal.asText());
    }
    line.append(' ').append(actions(texts(statement.path("Action"))));
    List<String> resources = texts(statement.path("Resource"));
    if (!resources.isEmpty()) {
      line.append(" on ").append(String.join(", ", resources));
    }
    JsonNode condition = statement.path("Condition");
    if (condition.isObject()) {
      List<String> tests = new ArrayList<>();
      condition
          .fields()
          .forEachRemaining(
              operator ->
                  operator
                      .getValue()
                      .fields()
                      .forEachRemaining(
                          key ->
                              tests.add(
                                  operator.getKey()
                                      + " "
                                      + key.getKey()
                                      + "="
                                      + String.join("|", texts(key.getValue())))));
      line.append(" if ").append(String.join(" and ", tests));
    }
    String text = line.toString();
    return text.length() <= LONGEST_STATEMENT
        ? text
        : text.substring(0, LONGEST_STATEMENT - 20)
            + "… (sha256 "
            + Difference.shortHash(text)
            + ")";
  }

  /** "dynamodb:{GetItem,PutItem}" for several actions of one service. */
  private static String actions(List<String> actions) {
    Map<String, List<String>> byService = new LinkedHashMap<>();
    for (String action : actions) {
      int colon = action.indexOf(':');
      String service = colon < 0 ? "" : action.substring(0, colon + 1);
      byService.computeIfAbsent(service, k -> new ArrayList<>()).add(action.substring(colon + 1));
    }
    List<String> groups = new ArrayList<>();
    byService.forEach(
        (service, names) ->
            groups.add(
                service
                    + (names.size() == 1 ? names.get(0) : "{" + String.join(",", names) + "}")));
    return String.join(", ", groups);
  }

  private static List<String> texts(JsonNode node) {
    List<String> texts = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> texts.add(n.asText()));
    } else if (!node.isMissingNode() && !node.isNull()) {
      texts.add(node.asText());
    }
    return texts;
  }

  private static List<JsonNode> statements(Optional<String> document) {
    List<JsonNode> statements = new ArrayList<>();
    document
        .filter(d -> !d.isBlank())
        .map(PolicyDocuments::parse)
        .map(p -> p.path("Statement"))
        .ifPresent(
            statement -> {
              if (statement.isArray()) {
                statement.forEach(statements::add);
              } else if (statement.isObject()) {
                statements.add(statement);
              }
            });
    return statements;
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

  private static String document(List<ObjectNode> statements) {
    ObjectNode policy = JSON.createObjectNode().put("Version", VERSION);
    policy.putArray("Statement").addAll(statements);
    return write(policy);
  }

  private static List<String> sorted(List<String> values) {
    return values.stream().sorted().toList();
  }

  /** A new JSON object, for the documents of this package. */
  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
