package dev.msa.operator.model;

/**
 * ARNs the operator can know before a resource exists: the names are deterministic, so the role
 * policy can name a queue or topic that is being created in the same reconcile.
 */
public record AwsArns(String partition, String region, String accountId) {

  public String queue(String queueName) {
    return "arn:" + partition + ":sqs:" + region + ":" + accountId + ":" + queueName;
  }

  public String topic(String topicName) {
    return "arn:" + partition + ":sns:" + region + ":" + accountId + ":" + topicName;
  }

  public String role(String roleName) {
    return "arn:" + partition + ":iam::" + accountId + ":role/" + roleName;
  }

  public String table(String tableName) {
    return "arn:" + partition + ":dynamodb:" + region + ":" + accountId + ":table/" + tableName;
  }

  public String oidcProvider(String issuerHostAndPath) {
    return "arn:" + partition + ":iam::" + accountId + ":oidc-provider/" + issuerHostAndPath;
  }
}
