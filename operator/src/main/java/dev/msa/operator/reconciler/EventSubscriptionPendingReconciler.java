package dev.msa.operator.reconciler;

import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.EventSubscriptionStatus;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.time.Clock;

/** EventSubscription until its reconciler lands: says so in Ready. */
@ControllerConfiguration(name = "eventsubscription", fieldManager = "msa-operator")
public class EventSubscriptionPendingReconciler
    extends PendingKindReconciler<EventSubscription, EventSubscriptionStatus> {
  public EventSubscriptionPendingReconciler(Clock clock) {
    super(EventSubscription::new, EventSubscriptionStatus::new, clock);
  }
}
