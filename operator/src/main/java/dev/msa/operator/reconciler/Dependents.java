package dev.msa.operator.reconciler;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.PlannedChange;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.DesiredDeployment;
import dev.msa.operator.model.DesiredHorizontalPodAutoscaler;
import dev.msa.operator.model.DesiredNetworkPolicy;
import dev.msa.operator.model.DesiredPodDisruptionBudget;
import dev.msa.operator.model.DesiredScaledObject;
import dev.msa.operator.model.DesiredService;
import dev.msa.operator.model.DesiredServiceAccount;
import dev.msa.operator.model.DesiredTriggerAuthentication;
import dev.msa.operator.model.ScaledObject;
import dev.msa.operator.model.TriggerAuthentication;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import java.util.Optional;

/** The Kubernetes children of a Microservice; each desired() is a call into the model. */
final class Dependents {
  private Dependents() {}

  static final class ServiceAccountDependent extends ChildDependent<ServiceAccount> {
    ServiceAccountDependent(EventRecorder events) {
      super(ServiceAccount.class, events);
    }

    @Override
    protected ServiceAccount desired(Microservice primary, Context<Microservice> context) {
      return DesiredServiceAccount.build(primary, inputs(context).serviceAccountAnnotations());
    }
  }

  static final class DeploymentDependent extends ChildDependent<Deployment> {
    DeploymentDependent(EventRecorder events) {
      super(Deployment.class, events, DeploymentUpdates::accept);
    }

    @Override
    protected Deployment desired(Microservice primary, Context<Microservice> context) {
      return DesiredDeployment.build(primary, inputs(context).workload());
    }

    /** A plan creates the Deployment only once the role exists or is planned too. */
    @Override
    Optional<PlannedChange> plan(Microservice primary, Context<Microservice> context) {
      return inputs(context).identityExists() ? super.plan(primary, context) : Optional.empty();
    }

    /** No pod starts without its identity: until the IAM role exists, nothing is applied. */
    @Override
    public ReconcileResult<Deployment> reconcile(
        Microservice primary, Context<Microservice> context) {
      if (!inputs(context).identityExists()) {
        return ReconcileResult.noOperation(getSecondaryResource(primary, context).orElse(null));
      }
      return super.reconcile(primary, context);
    }
  }

  static final class ServiceDependent extends ChildDependent<Service> {
    ServiceDependent(EventRecorder events) {
      super(Service.class, events);
    }

    @Override
    boolean appliesTo(Microservice primary) {
      return primary.getSpec().getPort() != null;
    }

    @Override
    protected Service desired(Microservice primary, Context<Microservice> context) {
      return DesiredService.build(primary).orElseThrow();
    }
  }

  static final class HorizontalPodAutoscalerDependent
      extends ChildDependent<HorizontalPodAutoscaler> {
    HorizontalPodAutoscalerDependent(EventRecorder events) {
      super(HorizontalPodAutoscaler.class, events);
    }

    @Override
    boolean appliesTo(Microservice primary) {
      return DesiredHorizontalPodAutoscaler.build(primary).isPresent();
    }

    @Override
    protected HorizontalPodAutoscaler desired(Microservice primary, Context<Microservice> context) {
      return DesiredHorizontalPodAutoscaler.build(primary).orElseThrow();
    }
  }

  static final class PodDisruptionBudgetDependent extends ChildDependent<PodDisruptionBudget> {
    PodDisruptionBudgetDependent(EventRecorder events) {
      super(PodDisruptionBudget.class, events);
    }

    @Override
    boolean appliesTo(Microservice primary) {
      return DesiredPodDisruptionBudget.build(primary).isPresent();
    }

    @Override
    protected PodDisruptionBudget desired(Microservice primary, Context<Microservice> context) {
      return DesiredPodDisruptionBudget.build(primary).orElseThrow();
    }
  }

  static final class NetworkPolicyDependent extends ChildDependent<NetworkPolicy> {
    private final OperatorConfig config;

    NetworkPolicyDependent(EventRecorder events, OperatorConfig config) {
      super(NetworkPolicy.class, events);
      this.config = config;
    }

    @Override
    protected NetworkPolicy desired(Microservice primary, Context<Microservice> context) {
      return DesiredNetworkPolicy.build(
          primary, inputs(context).callers(), config.networkPolicyAllowedNamespaces());
    }
  }

  /** KEDA's objects wait, like the Deployment, until the queue's URL and the role are known. */
  private abstract static class KedaDependent<R extends HasMetadata> extends ChildDependent<R> {
    KedaDependent(Class<R> type, EventRecorder events) {
      super(type, events);
    }

    @Override
    public ReconcileResult<R> reconcile(Microservice primary, Context<Microservice> context) {
      WorkloadInputsHolder inputs = inputs(context);
      if (inputs.queueUrl().isEmpty() || inputs.roleArn().isEmpty()) {
        return ReconcileResult.noOperation(getSecondaryResource(primary, context).orElse(null));
      }
      return super.reconcile(primary, context);
    }
  }

  static final class TriggerAuthenticationDependent extends KedaDependent<TriggerAuthentication> {
    TriggerAuthenticationDependent(EventRecorder events) {
      super(TriggerAuthentication.class, events);
    }

    @Override
    protected TriggerAuthentication desired(Microservice primary, Context<Microservice> context) {
      return DesiredTriggerAuthentication.build(primary, inputs(context).roleArn().orElseThrow())
          .orElseThrow();
    }
  }

  static final class ScaledObjectDependent extends KedaDependent<ScaledObject> {
    ScaledObjectDependent(EventRecorder events) {
      super(ScaledObject.class, events);
    }

    @Override
    protected ScaledObject desired(Microservice primary, Context<Microservice> context) {
      WorkloadInputsHolder inputs = inputs(context);
      return DesiredScaledObject.build(
              primary, inputs.queueUrl().orElseThrow(), inputs.workload().region())
          .orElseThrow();
    }
  }
}
