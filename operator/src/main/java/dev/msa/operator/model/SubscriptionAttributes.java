package dev.msa.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.msa.operator.api.EventSubscriptionSpec;
import dev.msa.operator.api.FilterPolicyScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an EventSubscription asks of AWS besides the source: an SNS subscription's attributes and an
 * EventBridge rule's event pattern, as the JSON AWS takes, and the difference to what AWS reports
 * so an update changes only what differs.
 */
public final class SubscriptionAttributes {
  public static final String FILTER_POLICY_SCOPE = "FilterPolicyScope";
  public static final String FILTER_POLICY = "FilterPolicy";
  public static final String RAW_MESSAGE_DELIVERY = "RawMessageDelivery";

  /** What SNS takes to stop filtering: an empty JSON object. */
  static final String NO_FILTER_POLICY = "{}";

  private SubscriptionAttributes() {}

  /**
   * The subscription's attributes, the scope before the policy (SNS validates a policy against the
   * scope already set). Without a filter policy, FilterPolicy is {@code {}} and no scope is sent.
   */
  public static Map<String, String> sns(EventSubscriptionSpec spec) {
    Map<String, String> attributes = new LinkedHashMap<>();
    if (hasFilterPolicy(spec)) {
      FilterPolicyScope scope =
          spec.getFilterPolicyScope() == null
              ? FilterPolicyScope.MessageAttributes
              : spec.getFilterPolicyScope();
      attributes.put(FILTER_POLICY_SCOPE, scope.name());
      attributes.put(FILTER_POLICY, json(spec.getFilterPolicy()));
    } else {
      attributes.put(FILTER_POLICY, NO_FILTER_POLICY);
    }
    attributes.put(RAW_MESSAGE_DELIVERY, String.valueOf(rawMessageDelivery(spec)));
    return attributes;
  }

  /**
   * The attributes to pass to Subscribe: those that differ from a new subscription's defaults (no
   * filter policy, the SNS envelope).
   */
  public static Map<String, String> atSubscribe(Map<String, String> desired) {
    Map<String, String> attributes = new LinkedHashMap<>(desired);
    attributes.remove(FILTER_POLICY, NO_FILTER_POLICY);
    attributes.remove(RAW_MESSAGE_DELIVERY, "false");
    return attributes;
  }

  /**
   * The desired attributes whose observed value differs, in the desired order (the scope before the
   * policy); a filter policy compares by meaning.
   */
  public static Map<String, String> changed(
      Map<String, String> desired, Map<String, String> observed) {
    Map<String, String> changed = new LinkedHashMap<>();
    boolean policyChanged =
        !sameFilterPolicy(desired.get(FILTER_POLICY), observed.get(FILTER_POLICY));
    desired.forEach(
        (name, value) -> {
          boolean differs =
              switch (name) {
                case FILTER_POLICY -> policyChanged;
                case FILTER_POLICY_SCOPE ->
                    !value.equals(
                        observed.getOrDefault(name, FilterPolicyScope.MessageAttributes.name()));
                case RAW_MESSAGE_DELIVERY ->
                    !value.equalsIgnoreCase(observed.getOrDefault(name, "false"));
                default -> !value.equals(observed.get(name));
              };
          if (differs) {
            changed.put(name, value);
          }
        });
    return changed;
  }

  /** The event pattern as EventBridge takes it: the spec's JSON object, compact. */
  public static String eventPattern(JsonNode pattern) {
    return json(pattern);
  }

  /** Whether two event patterns mean the same, whatever their formatting. */
  public static boolean samePattern(String a, String b) {
    return a != null && b != null && PolicyDocuments.parse(a).equals(PolicyDocuments.parse(b));
  }

  static String json(JsonNode node) {
    return node.toString();
  }

  private static boolean hasFilterPolicy(EventSubscriptionSpec spec) {
    return spec.getFilterPolicy() != null
        && spec.getFilterPolicy().isObject()
        && !spec.getFilterPolicy().isEmpty();
  }

  private static boolean rawMessageDelivery(EventSubscriptionSpec spec) {
    return Boolean.TRUE.equals(spec.getRawMessageDelivery());
  }

  /** Absent, blank and {@code {}} all mean "no filter policy". */
  private static boolean sameFilterPolicy(String desired, String observed) {
    boolean desiredNone = desired == null || desired.isBlank() || desired.equals(NO_FILTER_POLICY);
    boolean observedNone =
        observed == null || observed.isBlank() || PolicyDocuments.parse(observed).isEmpty();
    if (desiredNone || observedNone) {
      return desiredNone == observedNone;
    }
    return PolicyDocuments.parse(desired).equals(PolicyDocuments.parse(observed));
  }
}
