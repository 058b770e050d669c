package dev.msa.operator.reconciler;

import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.model.AwsArns;
import dev.msa.operator.model.SubscriptionPlan;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One reconcile of an EventSubscription: its inputs and outcome, passed along its steps. */
record SubscriptionStep(
    EventSubscription subscription,
    SubscriptionPlan plan,
    SubscriptionReferences refs,
    AwsArns arns,
    SubscriptionOutcome outcome,
    AwsSync sync) {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionStep.class);

  String uid() {
    return subscription.getMetadata().getUid();
  }

  String namespace() {
    return subscription.getMetadata().getNamespace();
  }

  <T> Optional<T> recorded(Function<dev.msa.operator.api.EventSubscriptionStatus, T> field) {
    return Optional.ofNullable(subscription.getStatus()).map(field);
  }

  /**
   * Removing what a former spec made: a failure is retried, but does not hide the state of what the
   * current spec asks for.
   */
  void bestEffort(Runnable removal) {
    try {
      removal.run();
    } catch (RuntimeException e) {
      log.warn(
          "EventSubscription {}/{}: removing what a former spec made failed, retrying: {}",
          namespace(),
          subscription.getMetadata().getName(),
          e.getMessage());
      outcome.retrySoon = true;
    }
  }
}
