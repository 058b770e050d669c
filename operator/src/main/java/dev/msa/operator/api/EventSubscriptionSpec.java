package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Nullable;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Which events, from where, into which service's queue. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.source.eventBus) || (!has(self.filterPolicy) && !has(self.filterPolicyScope) &&"
            + " !has(self.rawMessageDelivery))",
    message =
        "filterPolicy, filterPolicyScope and rawMessageDelivery apply to SNS sources only; an"
            + " EventBridge source filters with source.eventBus.pattern")
public class EventSubscriptionSpec implements WithDriftPolicy {

  @Required
  @Pattern(Names.DNS_LABEL)
  @Size(max = 63)
  @JsonPropertyDescription(
      "Microservice in this namespace that receives the events; it must have spec.queue.")
  private String subscriber;

  @Required
  @JsonPropertyDescription("Where the events come from: exactly one of topic, topicArn, eventBus.")
  private EventSource source;

  // Null means no filter policy, as absent and {} do: server-side apply turns an object that its
  // owner empties into null, so `filterPolicy: {}` (how a user stops filtering) must be accepted.
  @Nullable
  @PreserveUnknownFields
  @SchemaFrom(type = FreeFormObject.class)
  @JsonPropertyDescription(
      "SNS filter policy (JSON object), e.g. {eventType: [OrderCreated]}. SNS sources only."
          + " Absent, null or {} means no filter.")
  private JsonNode filterPolicy;

  @JsonPropertyDescription(
      "What the filter policy matches: MessageAttributes (default) or MessageBody. SNS sources"
          + " only.")
  private FilterPolicyScope filterPolicyScope;

  @JsonPropertyDescription(
      "Deliver the bare message body instead of the SNS JSON envelope. SNS sources only."
          + " Absent means false.")
  private Boolean rawMessageDelivery;

  @Size(max = 20)
  @ValidationRule(
      value = "self.all(r, r.part in ['Subscription', 'Rule'])",
      message =
          "an EventSubscription's driftPolicy parts are Subscription (SNS sources) and Rule (EventBridge sources)",
      reason = "FieldValueInvalid")
  @ValidationRule(
      value = DriftRule.ONE_RULE_PER_FIELD,
      message = DriftRule.ONE_RULE_PER_FIELD_MESSAGE,
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "What a resync does about AWS fields changed outside the operator, per part or field:"
          + " Correct (the default for anything no rule names), Report or Ignore. Creating a"
          + " missing resource and applying a change of the spec are not affected.")
  private List<DriftRule> driftPolicy = new ArrayList<>();

  public String getSubscriber() {
    return subscriber;
  }

  public void setSubscriber(String subscriber) {
    this.subscriber = subscriber;
  }

  public EventSource getSource() {
    return source;
  }

  public void setSource(EventSource source) {
    this.source = source;
  }

  public JsonNode getFilterPolicy() {
    return filterPolicy;
  }

  public void setFilterPolicy(JsonNode filterPolicy) {
    this.filterPolicy = filterPolicy;
  }

  public FilterPolicyScope getFilterPolicyScope() {
    return filterPolicyScope;
  }

  public void setFilterPolicyScope(FilterPolicyScope filterPolicyScope) {
    this.filterPolicyScope = filterPolicyScope;
  }

  public Boolean getRawMessageDelivery() {
    return rawMessageDelivery;
  }

  public void setRawMessageDelivery(Boolean rawMessageDelivery) {
    this.rawMessageDelivery = rawMessageDelivery;
  }

  @Override
  public List<DriftRule> getDriftPolicy() {
    return driftPolicy;
  }

  public void setDriftPolicy(List<DriftRule> driftPolicy) {
    this.driftPolicy = driftPolicy;
  }
}
