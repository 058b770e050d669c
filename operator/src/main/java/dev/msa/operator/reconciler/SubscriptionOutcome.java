package dev.msa.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile of an EventSubscription observed and did: the conditions of each part, the
 * ARNs for status, and what was created, changed or removed on AWS.
 */
final class SubscriptionOutcome {
  final List<Condition> conditions = new ArrayList<>();

  /** What changed on AWS: a spec change ("Updated") or, with an unchanged spec, drift. */
  final List<String> changes = new ArrayList<>();

  final List<String> created = new ArrayList<>();
  final List<String> deleted = new ArrayList<>();
  Optional<String> subscriptionArn = Optional.empty();
  Optional<String> ruleArn = Optional.empty();

  /** A part failed with an error worth retrying soon. */
  boolean retrySoon;
}
