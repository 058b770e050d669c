package dev.msa.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The topic policy statements that let another account's operator role subscribe. */
class TopicPolicyTest {
  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:prod-shop-orders-events";
  private static final String ROLE = "arn:aws:iam::222222222222:role/msa-operator-target";
  private static final TopicPolicy.Subscriber SUBSCRIBER =
      new TopicPolicy.Subscriber(ROLE, "arn:aws:sqs:*:222222222222:prod-*");
  private static final String AWS_DEFAULT =
      "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":"
          + "\"__default_statement_ID\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
          + "\"Action\":[\"SNS:Publish\"],\"Resource\":\""
          + TOPIC
          + "\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"123456789012\"}}}]}";

  @Test
  void noOtherAccountNoPolicyAndNothingToChange() {
    assertThat(TopicPolicy.document(TOPIC, List.of())).isEmpty();
    assertThat(
            TopicPolicy.changes(
                    TOPIC, "123456789012", Optional.empty(), Map.of("Policy", AWS_DEFAULT))
                .isEmpty())
        .isTrue();
  }

  @Test
  void theGrantNamesTheRoleSubscribeSqsAndTheAccountsQueuesOnly() {
    String document = TopicPolicy.document(TOPIC, List.of(SUBSCRIBER)).orElseThrow();
    var statement = PolicyDocuments.parse(document).path("Statement").path(0);

    assertThat(statement.path("Principal").path("AWS").asText()).isEqualTo(ROLE);
    assertThat(statement.path("Action").asText()).isEqualTo("sns:Subscribe");
    assertThat(statement.path("Resource").asText()).isEqualTo(TOPIC);
    assertThat(statement.path("Condition").path("StringEquals").path("sns:Protocol").asText())
        .isEqualTo("sqs");
    assertThat(statement.path("Condition").path("StringLike").path("sns:Endpoint").asText())
        .isEqualTo("arn:aws:sqs:*:222222222222:prod-*");
  }

  @Test
  void theGrantIsAddedBesideOthersStatementsOnceAndRemovedAgain() {
    Optional<String> desired = TopicPolicy.document(TOPIC, List.of(SUBSCRIBER));

    AttributeChanges add =
        TopicPolicy.changes(TOPIC, "123456789012", desired, Map.of("Policy", AWS_DEFAULT));
    String merged = add.changed().get("Policy");
    assertThat(PolicyDocuments.parse(merged).path("Statement")).hasSize(2);
    assertThat(merged).contains("__default_statement_ID").contains(ROLE);

    assertThat(
            TopicPolicy.changes(TOPIC, "123456789012", desired, Map.of("Policy", merged)).isEmpty())
        .as("steady: nothing to set")
        .isTrue();

    String removed =
        TopicPolicy.changes(TOPIC, "123456789012", Optional.empty(), Map.of("Policy", merged))
            .changed()
            .get("Policy");
    assertThat(removed).doesNotContain(ROLE).contains("__default_statement_ID");
  }

  @Test
  void whenOnlyTheGrantWasThereTheDefaultComesBack() {
    String only = TopicPolicy.document(TOPIC, List.of(SUBSCRIBER)).orElseThrow();

    String after =
        TopicPolicy.changes(TOPIC, "123456789012", Optional.empty(), Map.of("Policy", only))
            .changed()
            .get("Policy");

    assertThat(after).doesNotContain(ROLE).contains("\"AWS:SourceOwner\":\"123456789012\"");
  }
}
