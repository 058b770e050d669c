package dev.msa.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;

/**
 * A controller's event source for the objects a provisioning turn was kept for ({@link
 * WorkPriority}): {@link #of} is the wake-up that triggers the object's next reconcile.
 */
final class TurnWakeUps<P extends HasMetadata> extends SimpleInboundEventSource<P> {
  TurnWakeUps(String name) {
    super(name);
  }

  Runnable of(P resource) {
    ResourceID id = ResourceID.fromResource(resource);
    return () -> propagateEvent(id);
  }
}
