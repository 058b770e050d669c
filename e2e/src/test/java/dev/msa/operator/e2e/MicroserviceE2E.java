package dev.msa.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.testing.AwsInventory;
import dev.msa.operator.testing.Eventually;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Microservice on the full local environment: the real Deployment controller, scheduler and
 * garbage collector, and kwok running the pods. The operator runs in this JVM with the
 * configuration of .local/env.sh, watching only this test's namespace.
 */
class MicroserviceE2E extends OperatorE2E {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @BeforeAll
  static void start() {
    startOperator("e2e-msvc");
  }

  @Test
  void aServiceBecomesReadyScalesAndIsGarbageCollected() {
    apply(microservice("shop", "replicas: 2\n  port: 8080\n  probes: {readinessPath: /ready}"));
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(condition("shop", "Ready").getStatus()).isEqualTo("True");
          assertThat(get(Microservice.class, "shop").getStatus().getAvailableReplicas())
              .isEqualTo(2);
        });
    List<Pod> pods = pods("shop");
    assertThat(pods).hasSize(2);
    assertThat(pods)
        .allSatisfy(
            pod -> {
              assertThat(pod.getSpec().getNodeName()).startsWith("node-");
              assertThat(pod.getStatus().getConditions())
                  .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            });

    apply(microservice("shop", "replicas: 3\n  port: 8080\n  probes: {readinessPath: /ready}"));
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(get(Microservice.class, "shop").getStatus().getAvailableReplicas())
              .isEqualTo(3);
          assertThat(condition("shop", "Ready").getStatus()).isEqualTo("True");
        });

    client.resources(Microservice.class).inNamespace(namespace).withName("shop").delete();
    Eventually.assertThat(
        WAIT,
        () -> {
          for (Class<? extends HasMetadata> child :
              List.of(
                  ServiceAccount.class,
                  Deployment.class,
                  Service.class,
                  PodDisruptionBudget.class)) {
            assertThat(client.resources(child).inNamespace(namespace).withName("shop").get())
                .as(child.getSimpleName() + " garbage-collected")
                .isNull();
          }
          assertThat(pods("shop")).isEmpty();
        });
  }

  /**
   * kwok runs any image, so a pod that can never be scheduled stands in for one that never becomes
   * available: the Deployment's own reason must reach the Microservice.
   */
  @Test
  void aWorkloadThatNeverBecomesAvailableIsReported() {
    apply(
        microservice(
            "stuck",
            "replicas: 1\n  podTemplate: {spec: {nodeSelector: {no-such-node: \"true\"}}}"));
    Eventually.assertThat(
        WAIT,
        () -> {
          Condition workload = condition("stuck", "WorkloadAvailable");
          assertThat(workload.getStatus()).isEqualTo("False");
          assertThat(workload.getReason()).isEqualTo("MinimumReplicasUnavailable");
          assertThat(workload.getMessage()).contains("0 of 1 pods available");
          Condition ready = condition("stuck", "Ready");
          assertThat(ready.getReason()).isEqualTo("MinimumReplicasUnavailable");
          assertThat(ready.getMessage()).startsWith("WorkloadAvailable: Deployment stuck");
        });
  }

  /**
   * The AWS side on the full environment: the pod the kwok node runs holds the real queue URL and
   * topic ARN, SQS's redrive really moves a message that was received too often to the dead-letter
   * queue, and deleting the Microservice leaves nothing tagged with its uid.
   */
  @Test
  void aServiceGetsItsQueueDeadLetterQueueAndTopicAndGivesThemBack() {
    apply(
        microservice(
            "orders",
            "replicas: 1\n  queue: {visibilityTimeoutSeconds: 0, deadLetter: {maxReceiveCount: 1}}\n"
                + "  publishes: [{name: order-events}]"));
    Eventually.assertThat(
        WAIT, () -> assertThat(condition("orders", "Ready").getStatus()).isEqualTo("True"));
    Microservice orders = get(Microservice.class, "orders");
    String queueUrl = orders.getStatus().getQueue().getUrl();
    String dlqUrl = orders.getStatus().getQueue().getDeadLetterUrl();
    String topicArn = orders.getStatus().getTopics().get(0).getArn();
    assertThat(queueUrl).startsWith(System.getenv("AWS_ENDPOINT_URL"));

    Pod pod = pods("orders").get(0);
    Map<String, String> env = new HashMap<>();
    pod.getSpec().getContainers().get(0).getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
    assertThat(env)
        .containsEntry("MSA_QUEUE_URL", queueUrl)
        .containsEntry("MSA_DLQ_URL", dlqUrl)
        .containsEntry("MSA_TOPIC_ORDER_EVENTS_ARN", topicArn);
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("orders");

    aws.sqs().sendMessage(r -> r.queueUrl(queueUrl).messageBody("order 42"));
    assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl)).messages())
        .singleElement()
        .satisfies(m -> assertThat(m.body()).isEqualTo("order 42"));
    Eventually.assertThat(
        WAIT,
        () -> {
          // A second receive exceeds maxReceiveCount 1: SQS moves the message instead.
          assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl)).messages()).isEmpty();
          assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(dlqUrl)).messages())
              .extracting(m -> m.body())
              .containsExactly("order 42");
        });

    String uid = orders.getMetadata().getUid();
    client.resources(Microservice.class).inNamespace(namespace).withName("orders").delete();
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(
                  client
                      .resources(Microservice.class)
                      .inNamespace(namespace)
                      .withName("orders")
                      .get())
              .isNull();
          assertThat(AwsInventory.taggedWith(aws, uid)).isEmpty();
        });
  }

  /** The chart grants no access to Secrets: the operator's identity cannot read them. */
  @Test
  void theChartsServiceAccountCannotReadSecrets() {
    assertThatThrownBy(() -> operatorClient.secrets().inNamespace(namespace).list())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    assertThatThrownBy(() -> operatorClient.secrets().inAnyNamespace().list())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
  }

  private static List<Pod> pods(String name) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel("msa.dev/microservice", name)
        .list()
        .getItems();
  }

  private static void apply(String yaml) {
    client
        .resources(Microservice.class)
        .inNamespace(namespace)
        .resource(Serialization.unmarshal(yaml, Microservice.class))
        .fieldManager("e2e-user")
        .forceConflicts()
        .serverSideApply();
  }

  private static String microservice(String name, String spec) {
    return """
        apiVersion: msa.dev/v1alpha1
        kind: Microservice
        metadata: {name: %s}
        spec:
          image: nginx:1.27
          %s
        """
        .formatted(name, spec);
  }

  private static Condition condition(String name, String type) {
    Microservice microservice = get(Microservice.class, name);
    assertThat(microservice.getStatus()).as("status of " + name).isNotNull();
    return microservice.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " on " + name));
  }

  private static <T extends HasMetadata> T get(Class<T> type, String name) {
    T object = client.resources(type).inNamespace(namespace).withName(name).get();
    if (object == null) {
      throw new AssertionError(type.getSimpleName() + " " + name + " does not exist");
    }
    return object;
  }
}
