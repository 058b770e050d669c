package dev.msa.operator.model;

import static dev.msa.operator.testing.Microservices.fromYaml;
import static dev.msa.operator.testing.Microservices.withSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.msa.operator.api.Microservice;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredDeploymentTest {
  private static final WorkloadInputs NO_INPUTS =
      new WorkloadInputs("eu-west-1", List.of(), Map.of());

  /**
   * Found by FuzzedSpecsIT: podTemplate is free-form in the CRD, and a value no PodTemplateSpec can
   * hold made Jackson's IllegalArgumentException fail every reconcile unclassified.
   */
  @Test
  void aPodTemplateThatIsNoPodTemplateSpecSaysWhereItIsWrong() {
    Microservice microservice =
        withSpec("orders", "image: nginx\npodTemplate: {spec: {containers: not-a-list}}");

    assertThatThrownBy(() -> build(microservice))
        .isInstanceOf(InvalidPodTemplateException.class)
        .hasMessageStartingWith("spec.podTemplate is not a core/v1 PodTemplateSpec:")
        .hasMessageContaining(
            "PodTemplateSpec[\"spec\"]->io.fabric8.kubernetes.api.model.PodSpec[\"containers\"]");
  }

  /** Server-side apply turns a podTemplate its owner empties into null: the same as none. */
  @Test
  void aNullPodTemplateIsNone() {
    assertThat(build(withSpec("orders", "image: nginx\npodTemplate: null")))
        .isEqualTo(build(withSpec("orders", "image: nginx")));
  }

  @Test
  void podAndContainerRunRestrictedByDefault() {
    Deployment deployment = build(withSpec("orders", "image: nginx"));

    PodSecurityContext pod = podSpec(deployment).getSecurityContext();
    assertThat(pod.getRunAsNonRoot()).isTrue();
    assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

    SecurityContext container = mainContainer(deployment).getSecurityContext();
    assertThat(container.getRunAsNonRoot()).isTrue();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getPrivileged()).isNull();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
  }

  @Test
  void podTemplateCannotLoosenTheSecurityContextButCanAddToIt() {
    Deployment deployment =
        build(
            withSpec(
                "orders",
                """
                image: nginx
                podTemplate:
                  spec:
                    securityContext:
                      runAsNonRoot: false
                      seccompProfile: {type: Unconfined}
                      runAsUser: 1000
                      fsGroup: 2000
                    containers:
                      - name: orders
                        securityContext:
                          privileged: true
                          allowPrivilegeEscalation: true
                          runAsNonRoot: false
                          capabilities: {add: [NET_ADMIN, SYS_ADMIN], drop: []}
                          seccompProfile: {type: Unconfined}
                          runAsUser: 1001
                          readOnlyRootFilesystem: true
                """));

    PodSecurityContext pod = podSpec(deployment).getSecurityContext();
    assertThat(pod.getRunAsNonRoot()).isTrue();
    assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getFsGroup()).isEqualTo(2000L);

    SecurityContext container = mainContainer(deployment).getSecurityContext();
    assertThat(container.getPrivileged()).isNull();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getRunAsNonRoot()).isTrue();
    assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getRunAsUser()).isEqualTo(1001L);
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
  }

  @Test
  void replicasAreLeftOutWithAutoscalingSoTheAutoscalerOwnsThem() {
    Deployment deployment =
        build(withSpec("orders", "{image: nginx, autoscaling: {minReplicas: 2, maxReplicas: 5}}"));

    assertThat(deployment.getSpec().getReplicas()).isNull();
  }

  @Test
  void replicasAreLeftOutWithQueueDepthSoKedaOwnsThem() {
    Deployment deployment =
        build(
            withSpec(
                "notifications",
                "{image: nginx, queue: {}, autoscaling: {queueDepth: {messagesPerReplica: 100,"
                    + " minReplicas: 0, maxReplicas: 20}}}"));

    assertThat(deployment.getSpec().getReplicas()).isNull();
  }

  @Test
  void replicasDefaultToOne() {
    assertThat(build(withSpec("orders", "image: nginx")).getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void replicasFollowTheSpecIncludingZero() {
    assertThat(build(withSpec("orders", "{image: nginx, replicas: 3}")).getSpec().getReplicas())
        .isEqualTo(3);
    assertThat(build(withSpec("orders", "{image: nginx, replicas: 0}")).getSpec().getReplicas())
        .isEqualTo(0);
  }

  @Test
  void containerTakesImageAndResourcesFromTheSpec() {
    Container container =
        mainContainer(
            build(
                withSpec(
                    "orders",
                    """
                    image: registry.example/orders:1.4.2
                    resources:
                      requests: {cpu: 100m, memory: 128Mi}
                      limits: {memory: 256Mi}
                    """)));

    assertThat(container.getName()).isEqualTo("orders");
    assertThat(container.getImage()).isEqualTo("registry.example/orders:1.4.2");
    assertThat(container.getResources().getRequests())
        .containsEntry("cpu", new Quantity("100m"))
        .containsEntry("memory", new Quantity("128Mi"));
    assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("256Mi"));
  }

  @Test
  void portIsNamedHttpAndProbesCallIt() {
    Container container =
        mainContainer(
            build(
                withSpec(
                    "orders",
                    """
                    image: nginx
                    port: 8080
                    probes: {readinessPath: /ready, livenessPath: /health}
                    """)));

    assertThat(container.getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("http");
              assertThat(port.getContainerPort()).isEqualTo(8080);
              assertThat(port.getProtocol()).isEqualTo("TCP");
            });
    assertHttpProbe(container.getReadinessProbe(), "/ready");
    assertHttpProbe(container.getLivenessProbe(), "/health");
  }

  @Test
  void onlyTheProbesWithAPathAreSet() {
    Container container =
        mainContainer(
            build(withSpec("orders", "{image: nginx, port: 8080, probes: {readinessPath: /r}}")));

    assertHttpProbe(container.getReadinessProbe(), "/r");
    assertThat(container.getLivenessProbe()).isNull();
  }

  @Test
  void aWorkerHasNoPortAndNoProbesEvenIfThePodTemplateGivesThem() {
    Container container =
        mainContainer(
            build(
                withSpec(
                    "inventory",
                    """
                    image: nginx
                    podTemplate:
                      spec:
                        containers:
                          - name: inventory
                            ports: [{containerPort: 9090}]
                            readinessProbe: {httpGet: {path: /ready, port: 9090}}
                            livenessProbe: {httpGet: {path: /health, port: 9090}}
                    """)));

    assertThat(container.getPorts()).isNullOrEmpty();
    assertThat(container.getReadinessProbe()).isNull();
    assertThat(container.getLivenessProbe()).isNull();
  }

  @Test
  void userEnvComesFirstInItsOrderThenInjectedVariablesSortedByName() {
    Microservice microservice =
        withSpec(
            "orders",
            """
            image: nginx
            env:
              - {name: ZED, value: "1"}
              - name: DB_PASSWORD
                valueFrom: {secretKeyRef: {name: db, key: password}}
              - {name: ALPHA, value: "2"}
            """);
    WorkloadInputs inputs =
        new WorkloadInputs(
            "eu-west-1",
            List.of(
                new ResolvedCall("payments", "shop", 8080),
                new ResolvedCall("billing-api", "finance", 9090)),
            Map.of("MSA_QUEUE_URL", "https://sqs.example/queue"));

    List<EnvVar> env = mainContainer(DesiredDeployment.build(microservice, inputs)).getEnv();

    assertThat(env)
        .extracting(EnvVar::getName)
        .containsExactly(
            "ZED",
            "DB_PASSWORD",
            "ALPHA",
            "AWS_REGION",
            "MSA_QUEUE_URL",
            "MSA_SERVICE_BILLING_API_URL",
            "MSA_SERVICE_PAYMENTS_URL");
    assertThat(env.get(1).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
    assertThat(value(env, "MSA_SERVICE_BILLING_API_URL"))
        .isEqualTo("http://billing-api.finance.svc.cluster.local:9090");
  }

  @Test
  void aUserVariableWithAnInjectedNameIsDroppedAndTheOperatorsValueWins() {
    Microservice microservice =
        withSpec(
            "orders",
            """
            image: nginx
            env:
              - {name: AWS_REGION, value: us-east-1}
              - {name: KEEP, value: kept}
              - {name: MSA_SERVICE_PAYMENTS_URL, value: "http://elsewhere"}
            """);
    WorkloadInputs inputs =
        new WorkloadInputs(
            "eu-west-1", List.of(new ResolvedCall("payments", "shop", 8080)), Map.of());

    List<EnvVar> env = mainContainer(DesiredDeployment.build(microservice, inputs)).getEnv();

    assertThat(env)
        .extracting(EnvVar::getName)
        .containsExactly("KEEP", "AWS_REGION", "MSA_SERVICE_PAYMENTS_URL");
    assertThat(value(env, "AWS_REGION")).isEqualTo("eu-west-1");
    assertThat(value(env, "MSA_SERVICE_PAYMENTS_URL"))
        .isEqualTo("http://payments.shop.svc.cluster.local:8080");
  }

  @Test
  void podTemplateAddsWhatTheOperatorDoesNotSet() {
    Deployment deployment =
        build(
            withSpec(
                "orders",
                """
                image: nginx
                podTemplate:
                  metadata:
                    name: ignored
                    labels: {team: payments}
                    annotations: {prometheus.io/scrape: "true"}
                  spec:
                    nodeSelector: {disktype: ssd}
                    tolerations:
                      - {key: dedicated, operator: Equal, value: shop, effect: NoSchedule}
                    volumes:
                      - {name: cache, emptyDir: {}}
                    containers:
                      - {name: envoy, image: envoyproxy/envoy:v1.31}
                """));
    PodTemplateSpec template = deployment.getSpec().getTemplate();
    PodSpec pod = template.getSpec();

    assertThat(template.getMetadata().getName()).isNull();
    assertThat(template.getMetadata().getLabels()).containsEntry("team", "payments");
    assertThat(template.getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true");
    assertThat(pod.getNodeSelector()).containsExactly(Map.entry("disktype", "ssd"));
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("cache");
    assertThat(pod.getContainers())
        .extracting(Container::getName, Container::getImage)
        .containsExactly(tuple("orders", "nginx"), tuple("envoy", "envoyproxy/envoy:v1.31"));
  }

  @Test
  void operatorLabelsWinOverThePodTemplates() {
    Deployment deployment =
        build(
            withSpec(
                "orders",
                """
                image: nginx
                podTemplate:
                  metadata:
                    labels:
                      team: payments
                      msa.dev/microservice: payments
                      app.kubernetes.io/managed-by: someone-else
                """));

    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("team", "payments")
        .containsAllEntriesOf(Labels.of(withSpec("orders", "image: nginx")))
        .containsEntry("msa.dev/microservice", "orders")
        .containsEntry("app.kubernetes.io/managed-by", "msa-operator");
  }

  @Test
  void aTemplateContainerNamedAfterTheServiceKeepsItsExtrasButTakesImageAndEnvFromTheOperator() {
    Deployment deployment =
        build(
            withSpec(
                "orders",
                """
                image: registry.example/orders:2
                env: [{name: FROM_SPEC, value: spec}]
                podTemplate:
                  spec:
                    volumes: [{name: cache, emptyDir: {}}]
                    containers:
                      - name: orders
                        image: registry.example/orders:1
                        env: [{name: FROM_TEMPLATE, value: template}]
                        volumeMounts: [{name: cache, mountPath: /cache}]
                        args: [--verbose]
                """));

    assertThat(podSpec(deployment).getContainers()).hasSize(1);
    Container container = mainContainer(deployment);
    assertThat(container.getImage()).isEqualTo("registry.example/orders:2");
    assertThat(container.getEnv())
        .extracting(EnvVar::getName)
        .containsExactly("FROM_SPEC", "AWS_REGION");
    assertThat(container.getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/cache"));
    assertThat(container.getArgs()).containsExactly("--verbose");
  }

  @Test
  void deploymentIsNamedAfterTheServiceAndSelectsItsPods() {
    Microservice microservice = withSpec("orders", "image: nginx");
    Deployment deployment = build(microservice);

    assertThat(deployment.getMetadata().getName()).isEqualTo("orders");
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(deployment.getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "app.kubernetes.io/name", "orders",
                "app.kubernetes.io/managed-by", "msa-operator",
                "app.kubernetes.io/part-of", "msa",
                "msa.dev/microservice", "orders"));
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .containsExactly(Map.entry("msa.dev/microservice", "orders"));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(podSpec(deployment).getServiceAccountName()).isEqualTo("orders");
  }

  @Test
  void nothingOfTheMicroservicesOwnLabelsOrAnnotationsIsCopied() {
    Microservice microservice =
        fromYaml(
            """
            apiVersion: msa.dev/v1alpha1
            kind: Microservice
            metadata:
              name: orders
              namespace: shop
              labels:
                argocd.argoproj.io/instance: shop
                team: payments
              annotations:
                argocd.argoproj.io/tracking-id: "shop:msa.dev/Microservice:shop/orders"
                kubectl.kubernetes.io/last-applied-configuration: "{}"
            spec:
              image: nginx
            """);

    Deployment deployment = build(microservice);

    assertThat(deployment.getMetadata().getLabels())
        .doesNotContainKeys("argocd.argoproj.io/instance", "team");
    assertThat(deployment.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKeys("argocd.argoproj.io/instance", "team");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void buildingIsPureTheSameInputGivesTheSameDeploymentAndLeavesTheMicroserviceAlone() {
    Microservice microservice =
        withSpec(
            "orders",
            """
            image: nginx
            port: 8080
            env: [{name: A, value: a}]
            podTemplate:
              metadata: {labels: {team: payments}}
              spec:
                containers: [{name: orders, image: other}]
            """);
    String before = Serialization.asJson(microservice);

    Deployment first = build(microservice);
    Deployment second = build(microservice);

    assertThat(first).isEqualTo(second);
    assertThat(Serialization.asJson(microservice)).isEqualTo(before);
  }

  private static Deployment build(Microservice microservice) {
    return DesiredDeployment.build(microservice, NO_INPUTS);
  }

  private static PodSpec podSpec(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec();
  }

  private static Container mainContainer(Deployment deployment) {
    return podSpec(deployment).getContainers().get(0);
  }

  private static String value(List<EnvVar> env, String name) {
    return env.stream()
        .filter(v -> name.equals(v.getName()))
        .findFirst()
        .map(EnvVar::getValue)
        .orElseThrow();
  }

  private static void assertHttpProbe(Probe probe, String path) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }
}
