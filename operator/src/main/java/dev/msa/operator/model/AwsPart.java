package dev.msa.operator.model;

/**
 * The kinds of AWS resource the operator manages: how a change of one reads in an Event ("SQS queue
 * …") and the {@code part} tag the drift meter counts it under.
 */
public enum AwsPart {
  SQS_QUEUE("SQS queue", "SqsQueue"),
  DEAD_LETTER_QUEUE("dead-letter queue", "SqsQueue"),
  SNS_TOPIC("SNS topic", "SnsTopic"),
  IAM_ROLE("IAM role", "IamRole"),
  /** The role's inline policy: named by its role, as IAM does. */
  IAM_INLINE_POLICY("IAM role", "IamRole"),
  /** The role's managed-policy attachments: named by its role, as IAM does. */
  IAM_MANAGED_POLICIES("IAM role", "IamRole"),
  POD_IDENTITY_ASSOCIATION("EKS pod identity association", "PodIdentityAssociation"),
  DYNAMODB_TABLE("DynamoDB table", "DynamoDbTable"),
  EVENTBRIDGE_RULE("EventBridge rule", "EventBridgeRule"),
  /** A rule's targets: named by their rule. */
  EVENTBRIDGE_TARGETS("EventBridge rule", "EventBridgeRule"),
  SNS_SUBSCRIPTION("SNS subscription", "SnsSubscription"),
  QUEUE_POLICY("queue policy of", "QueuePolicy");

  private final String display;
  private final String meterName;

  AwsPart(String display, String meterName) {
    this.display = display;
    this.meterName = meterName;
  }

  /** What an Event calls it, followed by the resource's name. */
  public String display() {
    return display;
  }

  /** The {@code part} tag of {@code msa_drift_corrections_total}. */
  public String meterName() {
    return meterName;
  }
}
