package dev.msa.operator.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What differs on an EventBridge rule: its event pattern (by meaning) and its state. PutRule
 * replaces the whole rule, so the update knows what to send for each: the desired value of what it
 * changes, the observed value of what it leaves.
 */
public record RuleUpdate(
    DesiredRule desired, ObservedRule observed, boolean pattern, boolean enable)
    implements AwsUpdate {
  static final String EVENT_PATTERN = "EventPattern";
  static final String STATE = "State";

  public static RuleUpdate between(DesiredRule desired, ObservedRule observed) {
    return new RuleUpdate(
        desired,
        observed,
        !SubscriptionAttributes.samePattern(desired.eventPattern(), observed.eventPattern()),
        !observed.enabled());
  }

  /** The pattern PutRule sends. */
  public String eventPattern() {
    return pattern ? desired.eventPattern() : observed.eventPattern();
  }

  /** The state PutRule sends. */
  public boolean enabled() {
    return enable || observed.enabled();
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

  @Override
  public List<Difference> differences() {
    List<Difference> differences = new ArrayList<>();
    if (pattern) {
      differences.add(
          Difference.of(EVENT_PATTERN, observed.eventPattern(), desired.eventPattern()));
    }
    if (enable) {
      differences.add(Difference.of(STATE, "DISABLED", "ENABLED"));
    }
    return differences;
  }

  @Override
  public RuleUpdate without(Set<String> fields) {
    return new RuleUpdate(
        desired,
        observed,
        pattern && !fields.contains(EVENT_PATTERN),
        enable && !fields.contains(STATE));
  }
}
