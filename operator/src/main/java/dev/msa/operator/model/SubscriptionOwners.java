package dev.msa.operator.model;

import dev.msa.operator.api.EventSubscription;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * SNS keeps one subscription per topic and queue: of several EventSubscriptions asking for the
 * same, the oldest owns it (by creation time, then name, so every reconcile agrees) and the others
 * report it.
 */
public final class SubscriptionOwners {
  private static final Comparator<EventSubscription> OLDEST_FIRST =
      Comparator.comparing((EventSubscription s) -> s.getMetadata().getCreationTimestamp())
          .thenComparing(s -> s.getMetadata().getName());

  private SubscriptionOwners() {}

  /** The owner of what {@code subscription} and {@code others} all ask for, if not itself. */
  public static Optional<EventSubscription> otherOwner(
      EventSubscription subscription, List<EventSubscription> others) {
    EventSubscription oldest = subscription;
    for (EventSubscription other : others) {
      if (OLDEST_FIRST.compare(other, oldest) < 0) {
        oldest = other;
      }
    }
    return oldest == subscription ? Optional.empty() : Optional.of(oldest);
  }
}
