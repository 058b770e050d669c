package dev.msa.operator.reconciler;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.QueueDepth;
import dev.msa.operator.config.IdentityMode;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.DesiredHorizontalPodAutoscaler;
import dev.msa.operator.model.DesiredScaledObject;
import dev.msa.operator.model.KedaIdentity;
import dev.msa.operator.model.ServiceResources;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Optional;

/**
 * Queue-depth autoscaling through KEDA: whether its objects can be applied, who KEDA is to the
 * service's role, and the AutoscalingReady condition. Without KEDA's API, or with EKS Pod Identity
 * and no KEDA role to trust, nothing is applied and the condition says why (reason {@link
 * Reasons#AUTOSCALING_UNAVAILABLE}, terminal): the pods run, but the spec asks for scaling the
 * cluster cannot give, which Ready must not hide.
 */
final class QueueDepthScaling {
  static final String TYPE = "AutoscalingReady";

  private QueueDepthScaling() {}

  /** Whether the ScaledObject and TriggerAuthentication should exist, given KEDA's API. */
  static boolean applies(Microservice ms, OperatorConfig config) {
    return ServiceResources.scalesOnQueueDepth(ms) && kedaCanAssumeRoles(config);
  }

  /**
   * KEDA assumes a service's role with its own web identity token (IRSA) or, configured with its
   * role, with {@code sts:AssumeRole} — the only way under EKS Pod Identity.
   */
  private static boolean kedaCanAssumeRoles(OperatorConfig config) {
    return config.identityMode() == IdentityMode.IRSA || config.kedaRoleArn().isPresent();
  }

  /** Who the service's role trusts besides its pods: KEDA, while it scales on queue depth. */
  static Optional<KedaIdentity> kedaIdentity(Microservice ms, OperatorConfig config) {
    if (!ServiceResources.scalesOnQueueDepth(ms)) {
      return Optional.empty();
    }
    String[] serviceAccount = config.kedaServiceAccount().split(":", 2);
    return Optional.of(
        new KedaIdentity(serviceAccount[0], serviceAccount[1], config.kedaRoleArn()));
  }

  /** Whether the cluster lacks KEDA's API for a service that asks for it. */
  static boolean waitingForKeda(Microservice ms, WorkloadInputsHolder inputs) {
    return ServiceResources.scalesOnQueueDepth(ms) && !inputs.kedaServed();
  }

  /** AutoscalingReady, for a service that scales on queue depth. */
  static Optional<Condition> condition(
      Microservice ms, OperatorConfig config, WorkloadInputsHolder inputs) {
    if (!ServiceResources.scalesOnQueueDepth(ms)) {
      return Optional.empty();
    }
    String name = ms.getMetadata().getName();
    if (!inputs.kedaServed()) {
      return Optional.of(
          Conditions.of(
              TYPE,
              false,
              Reasons.AUTOSCALING_UNAVAILABLE,
              "spec.autoscaling.queueDepth needs KEDA, and the cluster serves no "
                  + KedaApi.API
                  + " API: install KEDA (2.13 or later), or scale on CPU"
                  + " (autoscaling.maxReplicas) or set spec.replicas instead; until then"
                  + " Deployment "
                  + name
                  + " keeps the replicas it has"));
    }
    if (!kedaCanAssumeRoles(config)) {
      return Optional.of(
          Conditions.of(
              TYPE,
              false,
              Reasons.AUTOSCALING_UNAVAILABLE,
              "with EKS Pod Identity KEDA can assume the service's role only as its own IAM"
                  + " role, which the operator does not know: set "
                  + OperatorConfig.KEDA_ROLE_ARN
                  + " (chart value config.keda.roleArn); until then no ScaledObject is created"));
    }
    if (inputs.queueUrl().isEmpty()) {
      return Optional.of(
          Conditions.of(
              TYPE,
              false,
              Reasons.WAITING_FOR_QUEUE,
              "ScaledObject " + name + " is created once the service's queue exists"));
    }
    if (inputs.roleArn().isEmpty()) {
      return Optional.of(
          Conditions.of(
              TYPE,
              false,
              Reasons.WAITING_FOR_IDENTITY,
              "ScaledObject " + name + " is created once the service's IAM role exists"));
    }
    QueueDepth queueDepth = ms.getSpec().getAutoscaling().getQueueDepth();
    return Optional.of(
        Conditions.of(
            TYPE,
            true,
            "Ready",
            "ScaledObject "
                + name
                + " ("
                + DesiredScaledObject.API_VERSION
                + ") scales Deployment "
                + name
                + " between "
                + DesiredHorizontalPodAutoscaler.minReplicas(ms.getSpec().getAutoscaling())
                + " and "
                + queueDepth.getMaxReplicas()
                + " pods, one per "
                + queueDepth.getMessagesPerReplica()
                + " messages in its queue, reading the queue as role "
                + inputs.roleArn().get()));
  }
}
