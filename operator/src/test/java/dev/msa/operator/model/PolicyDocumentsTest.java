package dev.msa.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.msa.operator.api.DataStoreAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyDocumentsTest {
  private static final String QUEUE = "arn:aws:sqs:eu-west-1:123456789012:prod-shop-orders";
  private static final String DLQ = "arn:aws:sqs:eu-west-1:123456789012:prod-shop-orders-dlq";
  private static final String TOPIC_B =
      "arn:aws:sns:eu-west-1:123456789012:prod-shop-orders-order-events";
  private static final String TOPIC_A = "arn:aws:sns:eu-west-1:123456789012:prod-shop-orders-audit";

  @Test
  void servicePolicyIsScopedToExactArns() {
    String policy =
        PolicyDocuments.servicePolicy(
                new ServicePermissions(
                    Optional.of(QUEUE), Optional.of(DLQ), List.of(TOPIC_B, TOPIC_A)))
            .orElseThrow();
    assertThat(PolicyDocuments.parse(policy))
        .isEqualTo(
            PolicyDocuments.parse(
                """
                {"Version":"2012-10-17","Statement":[
                  {"Sid":"ConsumeOwnQueue","Effect":"Allow",
                   "Action":["sqs:ChangeMessageVisibility","sqs:DeleteMessage","sqs:GetQueueAttributes",
                             "sqs:GetQueueUrl","sqs:ReceiveMessage"],
                   "Resource":["%s","%s"]},
                  {"Sid":"PublishOwnTopics","Effect":"Allow","Action":["sns:Publish"],
                   "Resource":["%s","%s"]}]}
                """
                    .formatted(QUEUE, DLQ, TOPIC_A, TOPIC_B)));
    assertNoWildcardsAndNoIdentityActions(policy);
  }

  private static final String TABLE =
      "arn:aws:dynamodb:eu-west-1:123456789012:table/prod-shop-orders";
  private static final String CATALOG =
      "arn:aws:dynamodb:eu-west-1:123456789012:table/prod-shop-catalog";
  private static final String STREAM = TABLE + "/stream/2024-05-01T00:00:00.000";

  @Test
  void boundTablesGetItemActionsOnTheTableAndItsIndexesAndTheStreamWhenThereIsOne() {
    String policy =
        PolicyDocuments.servicePolicy(
                new ServicePermissions(
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    List.of(
                        new TableGrant(CATALOG, Optional.empty(), DataStoreAccess.ReadOnly),
                        new TableGrant(TABLE, Optional.of(STREAM), DataStoreAccess.ReadWrite))))
            .orElseThrow();
    assertThat(PolicyDocuments.parse(policy))
        .isEqualTo(
            PolicyDocuments.parse(
                """
                {"Version":"2012-10-17","Statement":[
                  {"Sid":"ReadWriteBoundTables","Effect":"Allow",
                   "Action":["dynamodb:BatchGetItem","dynamodb:BatchWriteItem","dynamodb:ConditionCheckItem",
                             "dynamodb:DeleteItem","dynamodb:DescribeTable","dynamodb:GetItem",
                             "dynamodb:PutItem","dynamodb:Query","dynamodb:Scan","dynamodb:UpdateItem"],
                   "Resource":["%1$s","%1$s/index/*"]},
                  {"Sid":"ReadBoundTables","Effect":"Allow",
                   "Action":["dynamodb:BatchGetItem","dynamodb:DescribeTable","dynamodb:GetItem",
                             "dynamodb:Query","dynamodb:Scan"],
                   "Resource":["%2$s","%2$s/index/*"]},
                  {"Sid":"ReadBoundTableStreams","Effect":"Allow",
                   "Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator"],
                   "Resource":["%3$s"]}]}
                """
                    .formatted(TABLE, CATALOG, STREAM)));
    assertNoWildcardsAndNoIdentityActions(policy);
    assertThat(policy).doesNotContain("ListStreams");
  }

  @Test
  void readOnlyGrantsTheReadActionsOnlyAndNoStream() {
    String policy =
        PolicyDocuments.servicePolicy(
                new ServicePermissions(
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    List.of(new TableGrant(TABLE, Optional.of(STREAM), DataStoreAccess.ReadOnly))))
            .orElseThrow();
    JsonNode statements = PolicyDocuments.parse(policy).get("Statement");
    assertThat(statements).hasSize(1);
    assertThat(statements.get(0).get("Action").toString())
        .isEqualTo(
            "[\"dynamodb:BatchGetItem\",\"dynamodb:DescribeTable\",\"dynamodb:GetItem\","
                + "\"dynamodb:Query\",\"dynamodb:Scan\"]");
    assertNoWildcardsAndNoIdentityActions(policy);
  }

  @Test
  void tablesComeAfterTheQueueAndTopicsAndAChangeOfThemIsABindingsChange() {
    var withoutTables =
        new ServicePermissions(Optional.of(QUEUE), Optional.empty(), List.of(TOPIC_A));
    var withTable =
        withoutTables.withTables(
            List.of(new TableGrant(TABLE, Optional.empty(), DataStoreAccess.ReadWrite)));
    Optional<String> before = PolicyDocuments.servicePolicy(withoutTables);
    Optional<String> after = PolicyDocuments.servicePolicy(withTable);
    assertThat(PolicyDocuments.parse(after.orElseThrow()).get("Statement"))
        .extracting(s -> s.get("Sid").asText())
        .containsExactly("ConsumeOwnQueue", "PublishOwnTopics", "ReadWriteBoundTables");

    assertThat(PolicyDocuments.sameApartFromTables(before, after)).isTrue();
    assertThat(
            PolicyDocuments.sameApartFromTables(
                Optional.empty(),
                PolicyDocuments.servicePolicy(
                    new ServicePermissions(Optional.empty(), Optional.empty(), List.of())
                        .withTables(withTable.tables()))))
        .as("a policy that holds only tables, added or removed")
        .isTrue();
    assertThat(
            PolicyDocuments.sameApartFromTables(
                before,
                PolicyDocuments.servicePolicy(
                    new ServicePermissions(Optional.of(QUEUE), Optional.empty(), List.of()))))
        .isFalse();
  }

  @Test
  void noIntentNoPolicy() {
    assertThat(
            PolicyDocuments.servicePolicy(
                new ServicePermissions(Optional.empty(), Optional.empty(), List.of())))
        .isEmpty();
  }

  @Test
  void policiesAreDeterministic() {
    var permissions =
        new ServicePermissions(Optional.of(QUEUE), Optional.empty(), List.of(TOPIC_A, TOPIC_B));
    var reordered =
        new ServicePermissions(Optional.of(QUEUE), Optional.empty(), List.of(TOPIC_B, TOPIC_A));
    assertThat(PolicyDocuments.servicePolicy(permissions))
        .isEqualTo(PolicyDocuments.servicePolicy(reordered));
  }

  @Test
  void irsaTrustNamesTheServiceAccountAndAudience() {
    String trust =
        PolicyDocuments.irsaTrust(
            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
            "oidc.eks.eu-west-1.amazonaws.com/id/ABC",
            "shop",
            "orders");
    assertThat(PolicyDocuments.parse(trust))
        .isEqualTo(
            PolicyDocuments.parse(
                """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                  "Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"},
                  "Action":"sts:AssumeRoleWithWebIdentity",
                  "Condition":{"StringEquals":{
                    "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub":"system:serviceaccount:shop:orders",
                    "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud":"sts.amazonaws.com"}}}]}
                """));
  }

  @Test
  void queueDepthScalingGrantsGetQueueAttributesOnTheOwnQueueOnlyInAStatementOfItsOwn() {
    var consumer = new ServicePermissions(Optional.of(QUEUE), Optional.of(DLQ), List.of(TOPIC_A));
    String policy =
        PolicyDocuments.servicePolicy(consumer.withQueueDepthScaling(true)).orElseThrow();

    JsonNode statements = PolicyDocuments.parse(policy).get("Statement");
    assertThat(statements)
        .extracting(s -> s.get("Sid").asText())
        .containsExactly("ConsumeOwnQueue", "ReadOwnQueueDepth", "PublishOwnTopics");
    assertThat(statements.get(1))
        .isEqualTo(
            PolicyDocuments.parse(
                """
                {"Sid":"ReadOwnQueueDepth","Effect":"Allow","Action":["sqs:GetQueueAttributes"],
                 "Resource":["%s"]}
                """
                    .formatted(QUEUE)));
    assertNoWildcardsAndNoIdentityActions(policy);
    assertThat(PolicyDocuments.servicePolicy(consumer).orElseThrow())
        .doesNotContain("ReadOwnQueueDepth");
    assertThat(
            PolicyDocuments.servicePolicy(
                new ServicePermissions(Optional.empty(), Optional.empty(), List.of(TOPIC_A))
                    .withQueueDepthScaling(true)))
        .as("no queue, nothing to read")
        .hasValueSatisfying(p -> assertThat(p).doesNotContain("sqs:"));
  }

  @Test
  void irsaTrustForQueueDepthAddsKedasServiceAccountAndItsRoleWhenConfigured() {
    String provider =
        "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";
    String issuer = "oidc.eks.eu-west-1.amazonaws.com/id/ABC";
    String kedaRole = "arn:aws:iam::123456789012:role/keda-operator";

    JsonNode trust =
        PolicyDocuments.parse(
            PolicyDocuments.irsaTrust(
                provider,
                issuer,
                "shop",
                "notifications",
                Optional.of(new KedaIdentity("keda", "keda-operator", Optional.of(kedaRole)))));

    assertThat(trust)
        .isEqualTo(
            PolicyDocuments.parse(
                """
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Principal":{"Federated":"%1$s"},
                   "Action":"sts:AssumeRoleWithWebIdentity",
                   "Condition":{"StringEquals":{
                     "%2$s:sub":"system:serviceaccount:shop:notifications",
                     "%2$s:aud":"sts.amazonaws.com"}}},
                  {"Sid":"KedaReadsQueueDepth","Effect":"Allow","Principal":{"Federated":"%1$s"},
                   "Action":"sts:AssumeRoleWithWebIdentity",
                   "Condition":{"StringEquals":{
                     "%2$s:sub":"system:serviceaccount:keda:keda-operator",
                     "%2$s:aud":"sts.amazonaws.com"}}},
                  {"Sid":"KedaRoleReadsQueueDepth","Effect":"Allow","Principal":{"AWS":"%3$s"},
                   "Action":"sts:AssumeRole"}]}
                """
                    .formatted(provider, issuer, kedaRole)));
    assertThat(
            PolicyDocuments.irsaTrust(
                provider,
                issuer,
                "shop",
                "notifications",
                Optional.of(new KedaIdentity("keda", "keda-operator", Optional.empty()))))
        .doesNotContain("KedaRoleReadsQueueDepth")
        .contains("KedaReadsQueueDepth");
    assertThat(
            PolicyDocuments.irsaTrust(provider, issuer, "shop", "notifications", Optional.empty()))
        .isEqualTo(PolicyDocuments.irsaTrust(provider, issuer, "shop", "notifications"))
        .doesNotContain("keda");
  }

  @Test
  void podIdentityTrustForQueueDepthAddsKedasRoleOnly() {
    String kedaRole = "arn:aws:iam::123456789012:role/keda-operator";
    JsonNode statements =
        PolicyDocuments.parse(
                PolicyDocuments.podIdentityTrust(
                    "123456789012",
                    Optional.of(new KedaIdentity("keda", "keda-operator", Optional.of(kedaRole)))))
            .get("Statement");

    assertThat(statements).hasSize(2);
    assertThat(statements.get(1))
        .isEqualTo(
            PolicyDocuments.parse(
                """
                {"Sid":"KedaRoleReadsQueueDepth","Effect":"Allow","Principal":{"AWS":"%s"},
                 "Action":"sts:AssumeRole"}
                """
                    .formatted(kedaRole)));
    assertThat(
            PolicyDocuments.podIdentityTrust(
                "123456789012",
                Optional.of(new KedaIdentity("keda", "keda-operator", Optional.empty()))))
        .isEqualTo(PolicyDocuments.podIdentityTrust("123456789012"));
  }

  @Test
  void podIdentityTrustIsForTheEksServiceInThisAccount() {
    JsonNode statement =
        PolicyDocuments.parse(PolicyDocuments.podIdentityTrust("123456789012"))
            .get("Statement")
            .get(0);
    assertThat(statement.get("Principal").get("Service").asText())
        .isEqualTo("pods.eks.amazonaws.com");
    assertThat(statement.get("Action").toString())
        .isEqualTo("[\"sts:AssumeRole\",\"sts:TagSession\"]");
    assertThat(statement.at("/Condition/StringEquals/aws:SourceAccount").asText())
        .isEqualTo("123456789012");
  }

  @Test
  void sameComparesMeaningNotFormatting() {
    assertThat(PolicyDocuments.same("{\"a\": [1, 2]}", "{ \"a\":[1,2] }")).isTrue();
    assertThat(PolicyDocuments.same("{\"a\": [1, 2]}", "{\"a\":[2,1]}")).isFalse();
  }

  @Test
  void aPlanListsTheStatementsAPolicyChangeAddsAndRemovesOneLineEach() {
    Optional<String> before =
        PolicyDocuments.servicePolicy(
            new ServicePermissions(Optional.of(QUEUE), Optional.empty(), List.of(TOPIC_A)));
    Optional<String> after =
        PolicyDocuments.servicePolicy(
            new ServicePermissions(
                Optional.of(QUEUE),
                Optional.empty(),
                List.of(),
                List.of(new TableGrant(TABLE, Optional.empty(), DataStoreAccess.ReadOnly))));

    StatementChanges changes = PolicyDocuments.statementChanges(before, after);

    assertThat(changes.added())
        .containsExactly(
            "ReadBoundTables: Allow dynamodb:{BatchGetItem,DescribeTable,GetItem,Query,Scan} on "
                + TABLE
                + ", "
                + TABLE
                + "/index/*");
    assertThat(changes.removed())
        .containsExactly("PublishOwnTopics: Allow sns:Publish on " + TOPIC_A);
    assertThat(PolicyDocuments.statementChanges(before, before).isEmpty()).isTrue();
    assertThat(PolicyDocuments.statementChanges(Optional.empty(), before).added())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("ConsumeOwnQueue: Allow sqs:{ChangeMessageVisibility,");
  }

  @Test
  void aStatementLineNamesItsPrincipalAndConditionsAndALongOneIsShortened() {
    String trust =
        PolicyDocuments.irsaTrust(
            "arn:aws:iam::123456789012:oidc-provider/oidc.example.com/id/1",
            "oidc.example.com/id/1",
            "shop",
            "orders");

    assertThat(PolicyDocuments.statementChanges(Optional.empty(), Optional.of(trust)).added())
        .containsExactly(
            "Allow for arn:aws:iam::123456789012:oidc-provider/oidc.example.com/id/1"
                + " sts:AssumeRoleWithWebIdentity if StringEquals"
                + " oidc.example.com/id/1:sub=system:serviceaccount:shop:orders and StringEquals"
                + " oidc.example.com/id/1:aud=sts.amazonaws.com");
    String many =
        """
        {"Statement":{"Sid":"Many","Effect":"Allow","Action":"s3:GetObject","Resource":[%s]}}
        """
            .formatted(
                "\"" + String.join("\",\"", java.util.Collections.nCopies(20, TABLE)) + "\"");
    assertThat(PolicyDocuments.statementChanges(Optional.empty(), Optional.of(many)).added())
        .singleElement()
        .asString()
        .hasSizeLessThanOrEqualTo(PolicyDocuments.LONGEST_STATEMENT)
        .startsWith("Many: Allow s3:GetObject on ")
        .containsPattern("… \\(sha256 [0-9a-f]{8}\\)$");
  }

  /** The guard of SPEC §4: fails on any '*' resource or action, and on iam: or sts: actions. */
  static void assertNoWildcardsAndNoIdentityActions(String policy) {
    List<String> actions = new ArrayList<>();
    List<String> resources = new ArrayList<>();
    for (JsonNode statement : PolicyDocuments.parse(policy).get("Statement")) {
      statement.get("Action").forEach(a -> actions.add(a.asText()));
      statement.get("Resource").forEach(r -> resources.add(r.asText()));
    }
    assertThat(actions).isNotEmpty().noneMatch(a -> a.contains("*"));
    assertThat(actions).noneMatch(a -> a.startsWith("iam:") || a.startsWith("sts:"));
    assertThat(resources)
        .isNotEmpty()
        .allMatch(r -> r.startsWith("arn:aws:"))
        .noneMatch(
            r -> r.contains("*") && !r.matches("arn:aws:dynamodb:.*:table/[^*/]+/index/\\*"));
  }
}
