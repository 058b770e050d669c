package dev.msa.operator.reconciler;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.MicroserviceStatus;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.DesiredPodDisruptionBudget;
import dev.msa.operator.model.DesiredServiceAccount;
import dev.msa.operator.model.WorkloadInputs;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reconciles a Microservice: observe what it refers to, apply its children, then rebuild its status
 * from what was observed and write it only when it changed.
 */
@ControllerConfiguration(name = MicroserviceReconciler.NAME, fieldManager = "msa-operator")
public class MicroserviceReconciler implements Reconciler<Microservice> {
  public static final String NAME = "microservice";
  static final String CALLS_RESOLVED = "CallsResolved";

  private final OperatorConfig config;
  private final Clock clock;
  private final Workflow<Microservice> workflow;
  private Peers peers;

  public MicroserviceReconciler(OperatorConfig config, EventRecorder events, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.workflow = workflow(config, events);
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Workflow<Microservice> workflow(OperatorConfig config, EventRecorder events) {
    var serviceAccount = new Dependents.ServiceAccountDependent(events);
    var builder =
        new WorkflowBuilder<Microservice>()
            .addDependentResource(serviceAccount)
            .addDependentResourceAndConfigure(new Dependents.DeploymentDependent(events))
            .dependsOn(serviceAccount)
            .addDependentResourceAndConfigure(new Dependents.ServiceDependent(events))
            .withReconcilePrecondition(when(m -> m.getSpec().getPort() != null))
            .addDependentResourceAndConfigure(
                new Dependents.HorizontalPodAutoscalerDependent(events))
            .withReconcilePrecondition(when(m -> m.getSpec().getAutoscaling() != null))
            .addDependentResourceAndConfigure(new Dependents.PodDisruptionBudgetDependent(events))
            .withReconcilePrecondition(when(m -> DesiredPodDisruptionBudget.build(m).isPresent()));
    if (config.networkPolicies()) {
      builder.addDependentResource(new Dependents.NetworkPolicyDependent(events, config));
    }
    return builder.build();
  }

  /** A child that exists only while the predicate holds; it is deleted when it stops holding. */
  private static <R>
      io.javaoperatorsdk.operator.processing.dependent.workflow.Condition<R, Microservice> when(
          Predicate<Microservice> applies) {
    return (dependent, primary, context) -> applies.test(primary);
  }

  @Override
  public List<EventSource<?, Microservice>> prepareEventSources(
      EventSourceContext<Microservice> context) {
    peers = Peers.create(context);
    List<EventSource<?, Microservice>> sources =
        new ArrayList<>(EventSourceUtils.eventSourcesFromWorkflow(context, workflow));
    sources.add(peers.eventSource());
    return sources;
  }

  @Override
  public UpdateControl<Microservice> reconcile(
      Microservice microservice, Context<Microservice> context) {
    // 1. Observe what the spec refers to.
    Peers.Resolution calls = peers.resolve(microservice);
    WorkloadInputs inputs = new WorkloadInputs(config.region(), calls.resolved(), Map.of());
    context
        .managedWorkflowAndDependentResourceContext()
        .put(
            WorkloadInputsHolder.KEY,
            new WorkloadInputsHolder(inputs, peers.callers(microservice), Map.of()));

    // 2. Apply the children; an error is thrown on and retried.
    workflow.reconcile(microservice, context);

    // 3. Rebuild the status from what is observed now.
    MicroserviceStatus status = status(microservice, context, calls);
    if (sameStatus(microservice.getStatus(), status)) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(withStatus(microservice, status));
  }

  @Override
  public ErrorStatusUpdateControl<Microservice> updateErrorStatus(
      Microservice microservice, Context<Microservice> context, Exception e) {
    MicroserviceStatus status = copyOf(microservice.getStatus());
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    conditions.removeIf(c -> Conditions.READY.equals(c.getType()));
    conditions.add(
        Conditions.of(
            Conditions.READY,
            false,
            "ReconcileError",
            "reconcile failed, retrying: " + e.getMessage()));
    status.setConditions(
        Conditions.carryForward(
            microservice.getStatus() == null ? null : microservice.getStatus().getConditions(),
            conditions,
            microservice.getMetadata().getGeneration(),
            clock.instant()));
    if (sameStatus(microservice.getStatus(), status)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    return ErrorStatusUpdateControl.patchStatus(withStatus(microservice, status));
  }

  private MicroserviceStatus status(
      Microservice microservice, Context<Microservice> context, Peers.Resolution calls) {
    String name = microservice.getMetadata().getName();
    Optional<Deployment> deployment = context.getSecondaryResource(Deployment.class);

    List<Condition> parts = new ArrayList<>();
    parts.add(WorkloadAvailability.of(name, deployment));
    Condition ready = Conditions.ready(parts);

    List<Condition> conditions = new ArrayList<>();
    conditions.add(ready);
    conditions.addAll(parts);
    // Informational: an unresolved callee does not stop this service from running.
    conditions.add(
        calls.unresolved().isEmpty()
            ? Conditions.of(CALLS_RESOLVED, true, "Resolved", "every calls entry resolved")
            : Conditions.of(
                CALLS_RESOLVED,
                false,
                "CalleeNotFound",
                "no MSA_SERVICE_*_URL for: " + String.join("; ", calls.unresolved())));

    MicroserviceStatus status = new MicroserviceStatus();
    status.setObservedGeneration(microservice.getMetadata().getGeneration());
    status.setConditions(
        Conditions.carryForward(
            microservice.getStatus() == null ? null : microservice.getStatus().getConditions(),
            conditions,
            microservice.getMetadata().getGeneration(),
            clock.instant()));
    status.setServiceAccountName(DesiredServiceAccount.name(microservice));
    deployment
        .map(Deployment::getStatus)
        .ifPresent(
            s -> {
              status.setReplicas(s.getReplicas() == null ? 0 : s.getReplicas());
              status.setAvailableReplicas(
                  s.getAvailableReplicas() == null ? 0 : s.getAvailableReplicas());
            });
    return status;
  }

  private static boolean sameStatus(MicroserviceStatus current, MicroserviceStatus next) {
    var json = Serialization.jsonMapper();
    return current != null && json.valueToTree(current).equals(json.valueToTree(next));
  }

  private static MicroserviceStatus copyOf(MicroserviceStatus status) {
    return status == null
        ? new MicroserviceStatus()
        : Serialization.jsonMapper().convertValue(status, MicroserviceStatus.class);
  }

  /** A fresh object with only identity and status, as a status patch should send. */
  private static Microservice withStatus(Microservice microservice, MicroserviceStatus status) {
    Microservice fresh = new Microservice();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(microservice.getMetadata().getName())
            .withNamespace(microservice.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    return fresh;
  }
}
