package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the operator observed of a subscription. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EventSubscriptionStatus extends ObservedStatus {

  @JsonPropertyDescription("ARN of the SNS subscription (SNS sources).")
  private String subscriptionArn;

  @JsonPropertyDescription("ARN of the EventBridge rule (eventBus sources).")
  private String ruleArn;

  public String getSubscriptionArn() {
    return subscriptionArn;
  }

  public void setSubscriptionArn(String subscriptionArn) {
    this.subscriptionArn = subscriptionArn;
  }

  public String getRuleArn() {
    return ruleArn;
  }

  public void setRuleArn(String ruleArn) {
    this.ruleArn = ruleArn;
  }
}
