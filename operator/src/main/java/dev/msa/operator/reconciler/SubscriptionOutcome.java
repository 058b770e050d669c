package dev.msa.operator.reconciler;

import java.util.Optional;

/**
 * What one reconcile of an EventSubscription observed and did: besides each part's condition and
 * changes, the ARNs for status.
 */
final class SubscriptionOutcome extends AwsParts {
  Optional<String> subscriptionArn = Optional.empty();
  Optional<String> ruleArn = Optional.empty();
}
