package dev.msa.operator.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Attributes to set on a queue or a subscription: only those whose value differs, in order. */
public record AttributeChanges(Map<String, String> changed) implements AwsUpdate {
  public AttributeChanges {
    // In order: SNS takes a filter policy's scope before the policy.
    changed = Collections.unmodifiableMap(new LinkedHashMap<>(changed));
  }

  /** The queue attributes in {@code desired} that {@code observed} does not have. */
  public static AttributeChanges ofQueue(
      Map<String, String> desired, Map<String, String> observed) {
    return new AttributeChanges(QueueAttributes.changed(desired, observed));
  }

  /** The subscription attributes in {@code desired} that {@code observed} does not have. */
  public static AttributeChanges ofSubscription(
      Map<String, String> desired, Map<String, String> observed) {
    return new AttributeChanges(SubscriptionAttributes.changed(desired, observed));
  }

  @Override
  public List<String> fields() {
    return List.copyOf(changed.keySet());
  }
}
