package dev.msa.operator.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What differs on an EventBridge rule: its event pattern (by meaning) and its state. PutRule
 * replaces the whole rule, so the update carries what to send.
 */
public record RuleUpdate(DesiredRule desired, boolean pattern, boolean enable)
    implements AwsUpdate {

  public static RuleUpdate between(DesiredRule desired, ObservedRule observed) {
    return new RuleUpdate(
        desired,
        !SubscriptionAttributes.samePattern(desired.eventPattern(), observed.eventPattern()),
        !observed.enabled());
  }

  @Override
  public List<String> fields() {
    List<String> fields = new ArrayList<>();
    if (pattern) {
      fields.add("event pattern");
    }
    if (enable) {
      fields.add("state ENABLED");
    }
    return fields;
  }
}
