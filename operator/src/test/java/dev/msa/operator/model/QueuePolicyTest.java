package dev.msa.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.msa.operator.model.QueuePolicy.Grant;
import dev.msa.operator.model.QueuePolicy.Sender;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueuePolicyTest {
  private static final String QUEUE = "arn:aws:sqs:eu-west-1:123456789012:prod-shop-notifications";
  private static final String TOPIC =
      "arn:aws:sns:eu-west-1:123456789012:prod-shop-orders-order-events";
  private static final String RULE =
      "arn:aws:events:eu-west-1:123456789012:rule/prod-shop-reserve-stock";
  private static final Grant FROM_TOPIC = new Grant(Sender.SNS, TOPIC);
  private static final Grant FROM_RULE = new Grant(Sender.EVENTBRIDGE, RULE);

  @Test
  void oneStatementPerSourceScopedToItsExactArn() {
    String policy = QueuePolicy.document(QUEUE, List.of(FROM_TOPIC, FROM_RULE)).orElseThrow();
    assertThat(PolicyDocuments.parse(policy))
        .isEqualTo(
            PolicyDocuments.parse(
                """
                {"Version":"2012-10-17","Statement":[
                  {"Sid":"EventBridgeRulef4c2a66bfe7005b4","Effect":"Allow",
                   "Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage",
                   "Resource":"%1$s","Condition":{"ArnEquals":{"aws:SourceArn":"%3$s"}}},
                  {"Sid":"SnsTopica0e1a647c50ba784","Effect":"Allow",
                   "Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage",
                   "Resource":"%1$s","Condition":{"ArnEquals":{"aws:SourceArn":"%2$s"}}}]}
                """
                    .formatted(QUEUE, TOPIC, RULE)));
  }

  @Test
  void theDocumentIsTheUnionWhateverTheOrderAndDuplicates() {
    assertThat(QueuePolicy.document(QUEUE, List.of(FROM_RULE, FROM_TOPIC, FROM_RULE)))
        .isEqualTo(QueuePolicy.document(QUEUE, Set.of(FROM_TOPIC, FROM_RULE)));
    Grant another = new Grant(Sender.SNS, TOPIC + "-2");
    String union = QueuePolicy.document(QUEUE, List.of(FROM_TOPIC, another, FROM_RULE)).get();
    assertThat(QueuePolicy.sids(Optional.of(union)))
        .containsExactlyInAnyOrder(FROM_TOPIC.sid(), another.sid(), FROM_RULE.sid());
  }

  @Test
  void noSourcesNoPolicy() {
    assertThat(QueuePolicy.document(QUEUE, List.of())).isEmpty();
    assertThat(QueuePolicy.same(Optional.empty(), Optional.of(""))).isTrue();
    assertThat(QueuePolicy.sids(Optional.empty())).isEmpty();
  }

  @Test
  void neverAWildcardPrincipalOrActionAndOnlySendMessage() {
    JsonNode policy =
        PolicyDocuments.parse(
            QueuePolicy.document(QUEUE, List.of(FROM_TOPIC, FROM_RULE)).orElseThrow());
    assertThat(policy.get("Statement"))
        .allSatisfy(
            statement -> {
              assertThat(statement.get("Principal").isObject()).isTrue();
              assertThat(statement.get("Principal").get("Service").asText())
                  .isIn("sns.amazonaws.com", "events.amazonaws.com");
              assertThat(statement.get("Principal").has("AWS")).isFalse();
              assertThat(statement.get("Action").asText()).isEqualTo("sqs:SendMessage");
              assertThat(statement.get("Resource").asText()).isEqualTo(QUEUE);
              assertThat(statement.toString()).doesNotContain("*");
              assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
            });
  }

  @Test
  void theSourceArnIsExactNotAPattern() {
    JsonNode statement =
        PolicyDocuments.parse(QueuePolicy.document(QUEUE, List.of(FROM_TOPIC)).orElseThrow())
            .get("Statement")
            .get(0);
    JsonNode condition = statement.get("Condition");
    assertThat(condition.fieldNames()).toIterable().containsExactly("ArnEquals");
    assertThat(condition.get("ArnEquals").get("aws:SourceArn").asText()).isEqualTo(TOPIC);
  }

  @Test
  void sidsComeFromTheSourceAloneAndAreAlphanumeric() {
    assertThat(FROM_TOPIC.sid())
        .isEqualTo(new Grant(Sender.SNS, TOPIC).sid())
        .matches("[A-Za-z0-9]+");
    assertThat(FROM_TOPIC.sid()).isNotEqualTo(new Grant(Sender.SNS, TOPIC + "x").sid());
    assertThat(FROM_RULE.sid()).startsWith("EventBridgeRule");
  }

  @Test
  void samePolicyWhateverItsFormattingOrStatementOrder() {
    String desired = QueuePolicy.document(QUEUE, List.of(FROM_TOPIC, FROM_RULE)).orElseThrow();
    JsonNode parsed = PolicyDocuments.parse(desired);
    String reordered =
        """
        {"Statement":[%s,%s],"Version":"2012-10-17"}
        """
            .formatted(parsed.get("Statement").get(1), parsed.get("Statement").get(0))
            .replace("\"sqs:SendMessage\"", "[\"sqs:SendMessage\"]");
    assertThat(QueuePolicy.same(Optional.of(desired), Optional.of(reordered))).isTrue();
    String oneMissing = QueuePolicy.document(QUEUE, List.of(FROM_TOPIC)).orElseThrow();
    assertThat(QueuePolicy.same(Optional.of(desired), Optional.of(oneMissing))).isFalse();
    assertThat(QueuePolicy.same(Optional.of(desired), Optional.empty())).isFalse();
  }
}
