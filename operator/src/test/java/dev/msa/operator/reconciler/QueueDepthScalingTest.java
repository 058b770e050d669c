package dev.msa.operator.reconciler;

import static dev.msa.operator.testing.Microservices.withSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.KedaIdentity;
import dev.msa.operator.model.WorkloadInputs;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueueDepthScalingTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/prod-shop-notifications";
  private static final String QUEUE_URL =
      "https://sqs.eu-west-1.amazonaws.com/123456789012/prod-shop-notifications";
  private static final Microservice WORKER =
      withSpec(
          "notifications",
          "{image: nginx, queue: {}, autoscaling: {queueDepth: {messagesPerReplica: 100,"
              + " minReplicas: 0, maxReplicas: 20}}}");
  private static final OperatorConfig IRSA = config(Map.of());

  @Test
  void readyOnceKedaIsServedAndTheQueueAndRoleAreKnown() {
    Condition condition = condition(WORKER, IRSA, inputs(true, true, true));

    assertThat(condition.getStatus()).isEqualTo("True");
    assertThat(condition.getMessage())
        .isEqualTo(
            "ScaledObject notifications (keda.sh/v1alpha1) scales Deployment notifications"
                + " between 0 and 20 pods, one per 100 messages in its queue, reading the queue"
                + " as role "
                + ROLE);
    assertThat(QueueDepthScaling.applies(WORKER, IRSA)).isTrue();
    assertThat(QueueDepthScaling.waitingForKeda(WORKER, inputs(true, true, true))).isFalse();
  }

  @Test
  void withoutKedasApiItIsUnavailableAndSaysWhatToDo() {
    Condition condition = condition(WORKER, IRSA, inputs(false, true, true));

    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo(Reasons.AUTOSCALING_UNAVAILABLE);
    assertThat(Reasons.isTerminal(condition)).as("Stalled until KEDA is installed").isTrue();
    assertThat(condition.getMessage())
        .isEqualTo(
            "spec.autoscaling.queueDepth needs KEDA, and the cluster serves no keda.sh/v1alpha1"
                + " ScaledObject API: install KEDA (2.13 or later), or scale on CPU"
                + " (autoscaling.maxReplicas) or set spec.replicas instead; until then Deployment"
                + " notifications keeps the replicas it has");
    assertThat(QueueDepthScaling.waitingForKeda(WORKER, inputs(false, true, true))).isTrue();
  }

  @Test
  void podIdentityWithoutKedasRoleIsUnavailableAndAppliesNothing() {
    OperatorConfig podIdentity = config(Map.of(OperatorConfig.IDENTITY_MODE, "pod-identity"));

    Condition condition = condition(WORKER, podIdentity, inputs(true, true, true));

    assertThat(condition.getReason()).isEqualTo(Reasons.AUTOSCALING_UNAVAILABLE);
    assertThat(condition.getMessage()).contains("set MSA_OPERATOR_KEDA_ROLE_ARN");
    assertThat(QueueDepthScaling.applies(WORKER, podIdentity)).isFalse();
    OperatorConfig withRole =
        config(
            Map.of(
                OperatorConfig.IDENTITY_MODE,
                "pod-identity",
                OperatorConfig.KEDA_ROLE_ARN,
                "arn:aws:iam::123456789012:role/keda"));
    assertThat(QueueDepthScaling.applies(WORKER, withRole)).isTrue();
    assertThat(condition(WORKER, withRole, inputs(true, true, true)).getStatus()).isEqualTo("True");
  }

  @Test
  void waitsForTheQueueThenTheRole() {
    assertThat(condition(WORKER, IRSA, inputs(true, false, false)).getReason())
        .isEqualTo(Reasons.WAITING_FOR_QUEUE);
    assertThat(condition(WORKER, IRSA, inputs(true, true, false)).getReason())
        .isEqualTo(Reasons.WAITING_FOR_IDENTITY);
  }

  @Test
  void noConditionAndNoKedaTrustWithoutQueueDepth() {
    Microservice cpu =
        withSpec("orders", "{image: nginx, queue: {}, autoscaling: {maxReplicas: 3}}");

    assertThat(QueueDepthScaling.condition(cpu, IRSA, inputs(false, true, true))).isEmpty();
    assertThat(QueueDepthScaling.waitingForKeda(cpu, inputs(false, true, true))).isFalse();
    assertThat(QueueDepthScaling.applies(cpu, IRSA)).isFalse();
    assertThat(QueueDepthScaling.kedaIdentity(cpu, IRSA)).isEmpty();
  }

  @Test
  void kedaIsItsConfiguredServiceAccountAndRole() {
    OperatorConfig config =
        config(
            Map.of(
                OperatorConfig.KEDA_SERVICE_ACCOUNT,
                "autoscaling:keda-operator",
                OperatorConfig.KEDA_ROLE_ARN,
                "arn:aws:iam::123456789012:role/keda"));

    assertThat(QueueDepthScaling.kedaIdentity(WORKER, config))
        .contains(
            new KedaIdentity(
                "autoscaling",
                "keda-operator",
                Optional.of("arn:aws:iam::123456789012:role/keda")));
  }

  private static Condition condition(
      Microservice ms, OperatorConfig config, WorkloadInputsHolder inputs) {
    return QueueDepthScaling.condition(ms, config, inputs).orElseThrow();
  }

  private static WorkloadInputsHolder inputs(boolean kedaServed, boolean queue, boolean role) {
    Map<String, String> env = new HashMap<>();
    if (queue) {
      env.put("MSA_QUEUE_URL", QUEUE_URL);
    }
    return new WorkloadInputsHolder(
        new WorkloadInputs("eu-west-1", List.of(), env),
        List.of(),
        Map.of(),
        role,
        role ? Optional.of(ROLE) : Optional.empty(),
        kedaServed);
  }

  private static OperatorConfig config(Map<String, String> settings) {
    Map<String, String> env = new HashMap<>(settings);
    env.put(OperatorConfig.CLUSTER_NAME, "prod");
    env.put(OperatorConfig.REGION, "eu-west-1");
    return OperatorConfig.from(env);
  }
}
