package dev.msa.operator.reconciler;

import dev.msa.operator.api.ObservedStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Stands in for a kind whose reconciler has not landed yet: it tells the user so in the Ready
 * condition instead of leaving the object without status.
 */
public class PendingKindReconciler<R extends CustomResource<?, S>, S extends ObservedStatus>
    implements Reconciler<R> {
  static final String REASON = "NotImplemented";

  private final Supplier<R> newResource;
  private final Supplier<S> newStatus;
  private final Clock clock;

  public PendingKindReconciler(Supplier<R> newResource, Supplier<S> newStatus, Clock clock) {
    this.newResource = newResource;
    this.newStatus = newStatus;
    this.clock = clock;
  }

  @Override
  public UpdateControl<R> reconcile(R resource, Context<R> context) {
    Long generation = resource.getMetadata().getGeneration();
    S current = resource.getStatus();
    if (current != null
        && generation.equals(current.getObservedGeneration())
        && current.getConditions().stream().anyMatch(c -> REASON.equals(c.getReason()))) {
      return UpdateControl.noUpdate();
    }
    S status = newStatus.get();
    status.setObservedGeneration(generation);
    status.setConditions(
        Conditions.carryForward(
            current == null ? null : current.getConditions(),
            List.of(
                Conditions.of(
                    Conditions.READY,
                    false,
                    REASON,
                    resource.getKind() + " is not reconciled by this version of msa-operator yet")),
            generation,
            clock.instant()));
    R fresh = newResource.get();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(resource.getMetadata().getName())
            .withNamespace(resource.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    return UpdateControl.patchStatus(fresh);
  }
}
