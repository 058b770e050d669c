package dev.msa.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.msa.operator.testing.KedaCrds;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Proves that the environment of {@code make up} is what the operator will need: a real control
 * plane at the pinned version whose controllers and scheduler work, kwok nodes that run pods,
 * KEDA's API, and an AWS endpoint reached through the SDK's standard configuration ({@code
 * AWS_ENDPOINT_URL}).
 *
 * <p>Everything comes from the environment ({@code source .local/env.sh}); nothing is hard-coded.
 */
class LocalEnvironmentE2E {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final List<String> REQUIRED_ENV =
      List.of(
          "KUBECONFIG",
          "AWS_ENDPOINT_URL",
          "AWS_REGION",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY");

  private static KubernetesClient kube;
  private static String namespace;

  @BeforeAll
  static void connect() {
    List<String> missing =
        REQUIRED_ENV.stream()
            .filter(v -> System.getenv(v) == null || System.getenv(v).isBlank())
            .toList();
    if (!missing.isEmpty()) {
      fail(
          "environment variables "
              + missing
              + " are not set: run `make up` and `source .local/env.sh` (or `make test-e2e`)");
    }
    kube = new KubernetesClientBuilder().build();
    namespace = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterAll
  static void cleanUp() {
    if (kube == null) {
      return;
    }
    try {
      if (kube.namespaces().withName(namespace).get() != null) {
        kube.namespaces().withName(namespace).delete();
        // the namespace controller (kube-controller-manager) empties and removes it
        await(
            "namespace " + namespace + " to be deleted",
            () -> kube.namespaces().withName(namespace).get() == null);
      }
    } finally {
      kube.close();
    }
  }

  @Test
  void apiserverRunsThePinnedVersionWithAReadyKwokNode() throws IOException {
    String gitVersion = kube.getKubernetesVersion().getGitVersion();
    System.out.println("apiserver gitVersion: " + gitVersion + " at " + kube.getMasterUrl());
    assertThat(gitVersion).isEqualTo(pinnedKubernetesVersion());

    Node node = readyKwokNode();
    System.out.println("kwok node: " + node.getMetadata().getName());
    assertThat(node.getMetadata().getLabels()).containsEntry("type", "kwok");
  }

  /** KEDA's API (its CRDs only), so queue-depth autoscaling has something to apply. */
  @Test
  void theClusterServesKedasApi() {
    assertThat(KedaCrds.served(kube)).containsExactly("scaledobjects", "triggerauthentications");
  }

  @Test
  void deploymentBecomesAvailableOnTheKwokNodeAndIsGarbageCollected() {
    String nodeName = readyKwokNode().getMetadata().getName();
    kube.namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    Map<String, String> labels = Map.of("app", "e2e-web");
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("e2e-web")
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .withNewSelector()
            .withMatchLabels(labels)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("web")
            // kwok never pulls or runs images, so any name will do
            .withImage("msa-e2e/web:1")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    var deployments = kube.apps().deployments().inNamespace(namespace);
    deployments.resource(deployment).create();

    // Deployment -> ReplicaSet -> Pods needs the controller-manager, nodeName the scheduler and
    // Ready the kwok controller.
    deployments
        .withName("e2e-web")
        .waitUntilCondition(
            d ->
                d != null
                    && d.getStatus() != null
                    && d.getStatus().getConditions() != null
                    && d.getStatus().getConditions().stream()
                        .anyMatch(
                            c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()))
                    && Integer.valueOf(2).equals(d.getStatus().getAvailableReplicas()),
            TIMEOUT.toSeconds(),
            TimeUnit.SECONDS);
    List<Pod> pods = kube.pods().inNamespace(namespace).withLabels(labels).list().getItems();
    assertThat(pods).hasSize(2);
    assertThat(pods)
        .allSatisfy(
            pod -> {
              assertThat(pod.getSpec().getNodeName()).isEqualTo(nodeName);
              assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
              assertThat(pod.getStatus().getConditions())
                  .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            });
    assertThat(
            kube.apps().replicaSets().inNamespace(namespace).withLabels(labels).list().getItems())
        .hasSize(1);

    // Background propagation: the apiserver deletes the Deployment at once and the garbage
    // collector of the controller-manager removes its ReplicaSet and, through it, the pods.
    deployments.withName("e2e-web").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    await(
        "the ReplicaSet and pods of e2e-web to be garbage-collected",
        () ->
            kube.apps()
                    .replicaSets()
                    .inNamespace(namespace)
                    .withLabels(labels)
                    .list()
                    .getItems()
                    .isEmpty()
                && kube.pods()
                    .inNamespace(namespace)
                    .withLabels(labels)
                    .list()
                    .getItems()
                    .isEmpty());
  }

  @Test
  void sqsQueueIsCreatedListedAndDeletedThroughTheConfiguredEndpoint() {
    // Region, credentials and endpoint all come from the SDK's standard environment variables.
    try (SqsClient sqs = SqsClient.create()) {
      String name = "e2e-" + UUID.randomUUID();
      String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
      System.out.println("SQS queue created: " + url);
      assertThat(url).endsWith("/" + name);
      assertThat(sqs.getQueueUrl(r -> r.queueName(name)).queueUrl()).isEqualTo(url);
      assertThat(sqs.listQueues(r -> r.queueNamePrefix("e2e-")).queueUrls()).contains(url);

      sqs.deleteQueue(r -> r.queueUrl(url));
      assertThat(sqs.listQueues(r -> r.queueNamePrefix("e2e-")).queueUrls()).doesNotContain(url);
    }
  }

  /** The Ready node that kwok manages; kwokctl labels its fake nodes {@code type=kwok}. */
  private static Node readyKwokNode() {
    return kube.nodes().withLabel("type", "kwok").list().getItems().stream()
        .filter(
            n ->
                n.getStatus() != null
                    && n.getStatus().getConditions() != null
                    && n.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .filter(n -> "fake".equals(annotation(n, "kwok.x-k8s.io/node")))
        .findFirst()
        .orElseGet(() -> fail("no Ready kwok node (label type=kwok): did `make up` finish?"));
  }

  private static String annotation(HasMetadata resource, String key) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /** K8S_VERSION from e2e/local/versions.env, the version `make tools` builds. */
  private static String pinnedKubernetesVersion() throws IOException {
    Path versions = Path.of(System.getProperty("msa.repo.root", ".."), "e2e/local/versions.env");
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(versions)) {
      p.load(in);
    }
    return p.getProperty("K8S_VERSION");
  }

  /** Polls {@code condition} until it holds or {@link #TIMEOUT} passes. */
  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + TIMEOUT.toSeconds() + "s waiting for " + what);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while waiting for " + what);
      }
    }
  }
}
