package dev.msa.operator.model;

import dev.msa.operator.api.DriftPart;
import java.util.Optional;

/**
 * The kinds of AWS resource the operator manages: how a change of one reads in an Event ("SQS queue
 * …"), the {@code part} tag the drift meter counts it under, and the part a driftPolicy names.
 */
public enum AwsPart {
  SQS_QUEUE("SQS queue", "SqsQueue", DriftPart.Queue),
  DEAD_LETTER_QUEUE("dead-letter queue", "SqsQueue", DriftPart.DeadLetterQueue),
  SNS_TOPIC("SNS topic", "SnsTopic", null),
  IAM_ROLE("IAM role", "IamRole", DriftPart.Role),
  /** The role's inline policy: named by its role, as IAM does. */
  IAM_INLINE_POLICY("IAM role", "IamRole", DriftPart.InlinePolicy),
  /** The role's managed-policy attachments: named by its role, as IAM does. */
  IAM_MANAGED_POLICIES("IAM role", "IamRole", DriftPart.ManagedPolicies),
  POD_IDENTITY_ASSOCIATION(
      "EKS pod identity association", "PodIdentityAssociation", DriftPart.PodIdentityAssociation),
  DYNAMODB_TABLE("DynamoDB table", "DynamoDbTable", DriftPart.Table),
  EVENTBRIDGE_RULE("EventBridge rule", "EventBridgeRule", DriftPart.Rule),
  /** A rule's targets: named by their rule. */
  EVENTBRIDGE_TARGETS("EventBridge rule", "EventBridgeRule", null),
  SNS_SUBSCRIPTION("SNS subscription", "SnsSubscription", DriftPart.Subscription),
  QUEUE_POLICY("queue policy of", "QueuePolicy", null);

  private final String display;
  private final String meterName;
  private final DriftPart driftPart;

  AwsPart(String display, String meterName, DriftPart driftPart) {
    this.display = display;
    this.meterName = meterName;
    this.driftPart = driftPart;
  }

  /** What an Event calls it, followed by the resource's name. */
  public String display() {
    return display;
  }

  /** The {@code part} tag of {@code msa_drift_corrections_total}. */
  public String meterName() {
    return meterName;
  }

  /**
   * The part as {@code spec.driftPolicy} names it; empty for what has no fields a user could tune
   * (a topic, a rule's target, a queue policy, which is the union of several subscriptions).
   */
  public Optional<DriftPart> driftPart() {
    return Optional.ofNullable(driftPart);
  }
}
