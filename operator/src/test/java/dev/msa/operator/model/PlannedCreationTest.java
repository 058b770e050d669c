package dev.msa.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a plan says a creation sets, per desired state, and how a difference reads in it. */
class PlannedCreationTest {

  @Test
  void attributesAreListedInOrderWithoutTheEmptyOnes() {
    Map<String, String> queue = new LinkedHashMap<>();
    queue.put("VisibilityTimeout", "30");
    queue.put("RedrivePolicy", "");

    assertThat(PlannedCreation.fields(queue))
        .extracting(Difference::planned)
        .containsExactly("VisibilityTimeout: 30");
  }

  @Test
  void aRoleShowsItsTrustPolicySummarisedAndItsStatementsInFull() {
    String trust = PolicyDocuments.podIdentityTrust("123456789012");
    DesiredRole role = new DesiredRole(trust, Optional.of("arn:aws:iam::1:policy/b"), "d");

    assertThat(PlannedCreation.fields(role))
        .extracting(Difference::planned)
        .satisfiesExactly(
            t -> assertThat(t).startsWith("TrustPolicy: 1 statement 1 without Sid (sha256 "),
            b -> assertThat(b).isEqualTo("PermissionsBoundary: arn:aws:iam::1:policy/b"));
    assertThat(PlannedCreation.statements(role).added())
        .containsExactly(
            "Allow for pods.eks.amazonaws.com sts:{AssumeRole,TagSession} if StringEquals"
                + " aws:SourceAccount=123456789012");
    assertThat(PlannedCreation.statements(Map.of()).isEmpty()).isTrue();
  }

  @Test
  void aTableShowsItsKeysBillingIndexesAndSettings() {
    TableDefinition table =
        DesiredTable.build(
            DesiredTableTest.dataStore(
                """
                partitionKey: {name: orderId, type: S}
                globalSecondaryIndexes:
                  - {name: by-customer, partitionKey: {name: customerId, type: S}}
                timeToLiveAttribute: expiresAt
                stream: NEW_IMAGE
                """),
            "prod-shop-orders");

    assertThat(PlannedCreation.fields(table))
        .extracting(Difference::planned)
        .containsExactly(
            "PartitionKey: orderId (S)",
            "Billing: PAY_PER_REQUEST",
            "Indexes: by-customer (customerId (S), ALL)",
            "Stream: NEW_IMAGE",
            "TimeToLive: on expiresAt",
            "PointInTimeRecovery: off",
            "DeletionProtection: on");
  }

  @Test
  void aRuleAndItsTargetShowWhatTheySend() {
    assertThat(PlannedCreation.fields(new DesiredRule("{\"source\":[\"a\"]}", "d")))
        .extracting(Difference::planned)
        .containsExactly("EventPattern: {\"source\":[\"a\"]}", "State: ENABLED");
    assertThat(PlannedCreation.fields(new RuleTarget("t", "arn:aws:sqs:r:1:q", null)))
        .extracting(Difference::planned)
        .containsExactly("Target: arn:aws:sqs:r:1:q");
    assertThat(PlannedCreation.fields("arn:aws:iam::1:role/r")).isEmpty();
  }

  @Test
  void aDifferenceReadsAsAChangeASettingOrARemoval() {
    assertThat(
            List.of(
                Difference.of("VisibilityTimeout", "30", "60"),
                Difference.of("VisibilityTimeout", null, "60"),
                Difference.of("RedrivePolicy", "{}", null)))
        .extracting(Difference::planned)
        .containsExactly(
            "VisibilityTimeout: 30 → 60", "VisibilityTimeout: 60", "RedrivePolicy: {} → (none)");
  }
}
