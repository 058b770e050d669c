package dev.msa.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.PlanAction;
import dev.msa.operator.api.PlannedChange;
import dev.msa.operator.model.Difference;
import dev.msa.operator.model.Labels;
import dev.msa.operator.model.ObjectDifferences;
import dev.msa.operator.operations.ReconcileMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.List;
import java.util.Optional;

/**
 * A Kubernetes child of a Microservice: owned (ownerReference), applied with server-side apply,
 * watched only through objects carrying the operator's managed-by label, and announced with an
 * Event when it is created, changed or deleted. A plan asks it what applying it would do.
 */
abstract class ChildDependent<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, Microservice> {
  static final String FIELD_MANAGER = "msa-operator";

  private final EventRecorder events;

  ChildDependent(Class<R> type, EventRecorder events) {
    this(type, events, null);
  }

  /**
   * @param updates which updates of a child start its Microservice's reconcile; null: all
   */
  ChildDependent(Class<R> type, EventRecorder events, OnUpdateFilter<R> updates) {
    super(type);
    this.events = events;
    var informer = InformerConfiguration.builder(type).withLabelSelector(Labels.MANAGED_SELECTOR);
    if (updates != null) {
      informer.withOnUpdateFilter(updates);
    }
    configureWith(
        new KubernetesDependentResourceConfigBuilder<R>()
            .withKubernetesDependentInformerConfig(informer.build())
            .build());
  }

  @Override
  public R create(R desired, Microservice primary, Context<Microservice> context) {
    R created = super.create(desired, primary, context);
    ReconcileMetrics.from(context).ifPresent(m -> m.changed(primary, desired.getKind()));
    events.normal(primary, "Created", describe(desired) + " created");
    return created;
  }

  @Override
  public R update(R actual, R desired, Microservice primary, Context<Microservice> context) {
    R updated = super.update(actual, desired, primary, context);
    ReconcileMetrics.from(context).ifPresent(m -> m.changed(primary, desired.getKind()));
    events.normal(primary, "Updated", describe(desired) + " updated");
    return updated;
  }

  @Override
  protected void handleDelete(Microservice primary, R secondary, Context<Microservice> context) {
    if (secondary == null) {
      return;
    }
    super.handleDelete(primary, secondary, context);
    events.normal(primary, "Deleted", describe(secondary) + " deleted: no longer in the spec");
  }

  /**
   * Whether the Microservice has this child (a Service only with a port, …): the workflow's
   * precondition, and a plan's. When it stops holding, the child is deleted.
   */
  boolean appliesTo(Microservice primary) {
    return true;
  }

  /**
   * What applying this child would do, doing nothing: create it (with the fields it would have),
   * delete it (it no longer applies), or update the fields a server-side dry run of the apply
   * ({@code dryRun=All}, as {@value #FIELD_MANAGER}) shows would change; empty when nothing would.
   */
  Optional<PlannedChange> plan(Microservice primary, Context<Microservice> context) {
    Optional<R> actual = getSecondaryResource(primary, context);
    if (!appliesTo(primary)) {
      return actual.map(
          a ->
              Plans.ofObject(
                  PlanAction.Delete, describe(a), "no longer in the spec: " + describe(a)));
    }
    R desired = desired(primary, context);
    addReferenceHandlingMetadata(desired, primary);
    if (actual.isEmpty()) {
      return Optional.of(
          Plans.ofObject(
              PlanAction.Create, describe(desired), ObjectDifferences.ofCreation(json(desired))));
    }
    R applied;
    try {
      applied =
          context
              .getClient()
              .resource(desired)
              .dryRun()
              .fieldManager(FIELD_MANAGER)
              .forceConflicts()
              .serverSideApply();
    } catch (KubernetesClientException e) {
      return Optional.of(
          Plans.ofObject(
              PlanAction.Update,
              describe(desired),
              "the apiserver refused a dry run of the apply: " + e.getMessage()));
    }
    List<Difference> changed = ObjectDifferences.between(json(actual.get()), json(applied));
    return changed.isEmpty()
        ? Optional.empty()
        : Optional.of(Plans.ofObject(PlanAction.Update, describe(desired), changed));
  }

  private static JsonNode json(HasMetadata object) {
    return Serialization.jsonMapper().valueToTree(object);
  }

  /** Every child is named after its Microservice, so finding it needs no desired state. */
  @Override
  protected ResourceID targetSecondaryResourceID(
      Microservice primary, Context<Microservice> context) {
    return ResourceID.fromResource(primary);
  }

  /** A controller reference, so tools and garbage collection see the Microservice as owner. */
  @Override
  protected void addReferenceHandlingMetadata(R desired, Microservice primary) {
    desired
        .getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion(primary.getApiVersion())
                    .withKind(primary.getKind())
                    .withName(primary.getMetadata().getName())
                    .withUid(primary.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build()));
  }

  private static String describe(HasMetadata object) {
    return object.getKind() + " " + object.getMetadata().getName();
  }

  static WorkloadInputsHolder inputs(Context<Microservice> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(WorkloadInputsHolder.KEY, WorkloadInputsHolder.class);
  }
}
