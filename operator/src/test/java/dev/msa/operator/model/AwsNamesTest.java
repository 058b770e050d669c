package dev.msa.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AwsNamesTest {
  private final AwsNames names = new AwsNames("prod");

  @Test
  void shortNamesAreReadable() {
    assertThat(names.queue("shop", "orders", false)).isEqualTo("prod-shop-orders");
    assertThat(names.queue("shop", "orders", true)).isEqualTo("prod-shop-orders.fifo");
    assertThat(names.deadLetterQueue("shop", "orders", false)).isEqualTo("prod-shop-orders-dlq");
    assertThat(names.deadLetterQueue("shop", "orders", true))
        .isEqualTo("prod-shop-orders-dlq.fifo");
    assertThat(names.topic("shop", "orders", "order-events", false))
        .isEqualTo("prod-shop-orders-order-events");
    assertThat(names.role("shop", "orders")).isEqualTo("prod-shop-orders");
    assertThat(names.table("shop", "orders")).isEqualTo("prod-shop-orders");
    assertThat(names.rule("shop", "notify")).isEqualTo("prod-shop-notify");
  }

  @Test
  void longNamesFitEveryLimitAndKeepTheFifoSuffix() {
    String namespace = "n".repeat(63);
    String name = "m".repeat(63);
    assertThat(names.queue(namespace, name, false)).hasSize(AwsNames.SQS_MAX);
    assertThat(names.queue(namespace, name, true)).hasSize(AwsNames.SQS_MAX).endsWith(".fifo");
    assertThat(names.deadLetterQueue(namespace, name, true))
        .hasSize(AwsNames.SQS_MAX)
        .endsWith(".fifo");
    assertThat(names.role(namespace, name)).hasSize(AwsNames.IAM_ROLE_MAX);
    assertThat(names.rule(namespace, name)).hasSize(AwsNames.EVENTBRIDGE_RULE_MAX);
    assertThat(names.topic(namespace, name, "t".repeat(40), true).length())
        .isLessThanOrEqualTo(AwsNames.SNS_MAX);
    assertThat(names.table(namespace, name).length()).isLessThanOrEqualTo(AwsNames.DYNAMODB_MAX);
  }

  @Test
  void shortenedNamesAreStableAndDistinct() {
    String namespace = "team-" + "a".repeat(50);
    String first = names.role(namespace, "orders-service-with-a-long-name");
    assertThat(names.role(namespace, "orders-service-with-a-long-name")).isEqualTo(first);
    assertThat(names.role(namespace, "orders-service-with-a-long-namf")).isNotEqualTo(first);
    assertThat(first).matches("prod-team-a+-[0-9a-f]{8}");
  }

  @Test
  void theHashIsAFunctionOfTheFullName() {
    // Golden value: changing the hashing would rename every long-named resource in every cluster.
    assertThat(AwsNames.fit("x".repeat(70), 64, "")).isEqualTo("x".repeat(55) + "-" + "c71bd109");
  }

  @Test
  void namesMayMeetWhichIsWhyOwnershipTagsDecide() {
    assertThat(names.queue("a-b", "c", false)).isEqualTo(names.queue("a", "b-c", false));
  }
}
