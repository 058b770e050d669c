package dev.msa.operator.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attributes to set on a queue or a subscription: only those whose value differs, in order.
 *
 * @param changed the desired value of each attribute that differs
 * @param observed the value each of them has now (absent: not set)
 */
public record AttributeChanges(Map<String, String> changed, Map<String, String> observed)
    implements AwsUpdate {
  public AttributeChanges {
    // In order: SNS takes a filter policy's scope before the policy.
    changed = Collections.unmodifiableMap(new LinkedHashMap<>(changed));
    observed = Map.copyOf(observed);
  }

  public AttributeChanges(Map<String, String> changed) {
    this(changed, Map.of());
  }

  /** The queue attributes in {@code desired} that {@code observed} does not have. */
  public static AttributeChanges ofQueue(
      Map<String, String> desired, Map<String, String> observed) {
    return between(QueueAttributes.changed(desired, observed), observed);
  }

  /** The subscription attributes in {@code desired} that {@code observed} does not have. */
  public static AttributeChanges ofSubscription(
      Map<String, String> desired, Map<String, String> observed) {
    return between(SubscriptionAttributes.changed(desired, observed), observed);
  }

  private static AttributeChanges between(
      Map<String, String> changed, Map<String, String> observed) {
    Map<String, String> before = new LinkedHashMap<>();
    changed.keySet().stream()
        .filter(observed::containsKey)
        .forEach(name -> before.put(name, observed.get(name)));
    return new AttributeChanges(changed, before);
  }

  @Override
  public List<String> fields() {
    return List.copyOf(changed.keySet());
  }

  /** Each attribute that differs, named as AWS names it. */
  @Override
  public List<Difference> differences() {
    return changed.entrySet().stream()
        .map(e -> Difference.of(e.getKey(), observed.get(e.getKey()), e.getValue()))
        .toList();
  }

  @Override
  public AttributeChanges without(Set<String> fields) {
    Map<String, String> kept = new LinkedHashMap<>(changed);
    kept.keySet().removeAll(fields);
    Map<String, String> keptObserved = new LinkedHashMap<>(observed);
    keptObserved.keySet().retainAll(kept.keySet());
    return new AttributeChanges(kept, keptObserved);
  }
}
