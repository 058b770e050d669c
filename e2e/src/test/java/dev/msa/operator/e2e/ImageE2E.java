package dev.msa.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.Microservices;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.PrometheusScrape;
import dev.msa.operator.testing.RepoPaths;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator image ({@code make image}) run the way a container runtime runs it under the Helm
 * chart's securityContext: the layers of operator/target/jib-image.tar unpacked in the order of its
 * manifest, the config's entrypoint started in them with the config's environment, working
 * directory and user, chrooted, with its own /proc, the host's /dev, a read-only root and a tmpfs
 * /tmp (the chart's emptyDir). It talks to the apiserver as the chart's ServiceAccount (a
 * kubeconfig put into the root, as a volume would be) and to moto over the host's loopback, which
 * chroot shares. Needs root, as chroot and mount do; CI runs as root.
 */
class ImageE2E {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Path IMAGE = RepoPaths.root().resolve("operator/target/jib-image.tar");
  private static final String KUBECONFIG = "/var/run/secrets/msa-e2e/kubeconfig";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Runs in a mount namespace of its own (everything mounted here vanishes with the process), then
   * replaces itself with the entrypoint, so the process the test holds is the operator's JVM.
   */
  private static final String CONTAINER =
      """
      root=$1 workdir=$2 uid=$3 gid=$4; shift 4
      mount --bind "$root" "$root"
      mount -t proc proc "$root/proc"
      mount --rbind /dev "$root/dev"
      mount -t tmpfs -o mode=1777,size=64m tmpfs "$root/tmp"
      mount -o remount,bind,ro "$root"
      exec unshare --root="$root" --wd="$workdir" --setgid="$gid" --setuid="$uid" -- "$@"
      """;

  private static Path rootfs;
  private static KubernetesClient client;
  private static String namespace;
  private static Process operator;
  private static Path log;

  /** The parts of the image config a runtime uses. */
  private record ImageConfig(
      List<String> entrypoint,
      List<String> cmd,
      List<String> env,
      String workingDir,
      String uid,
      String gid) {
    static ImageConfig of(JsonNode config) {
      String[] user = config.path("User").asText().split(":");
      assertThat(user).as("the image's user, uid:gid").hasSize(2);
      return new ImageConfig(
          strings(config.path("Entrypoint")),
          strings(config.path("Cmd")),
          strings(config.path("Env")),
          config.path("WorkingDir").asText("/"),
          user[0],
          user[1]);
    }
  }

  @BeforeAll
  static void unpackImage() throws IOException {
    // Skipped only when asked: a machine that cannot run it must not pass `make test` in silence.
    assumeTrue(
        !"1".equals(System.getenv("MSA_SKIP_IMAGE_E2E")),
        "MSA_SKIP_IMAGE_E2E=1: the image is not run");
    if ((int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") != 0) {
      fail(
          "ImageE2E runs the image with chroot and mount, which need root; run as root, or set"
              + " MSA_SKIP_IMAGE_E2E=1 to skip it knowingly");
    }
    if (!Files.isRegularFile(IMAGE)) {
      fail(IMAGE + " is missing: run `make image BASE=debian` (what `make test-e2e` builds)");
    }
    for (String variable :
        List.of("KUBECONFIG", "AWS_ENDPOINT_URL", "AWS_REGION", OperatorConfig.CLUSTER_NAME)) {
      if (System.getenv(variable) == null || System.getenv(variable).isBlank()) {
        fail(variable + " is not set: run `make up` and `source .local/env.sh`");
      }
    }
    Path target = RepoPaths.root().resolve("e2e/target");
    Files.createDirectories(target);
    rootfs = Files.createTempDirectory(target, "image-rootfs-");
    Files.setPosixFilePermissions(rootfs, PosixFilePermissions.fromString("rwxr-xr-x"));
    client = new KubernetesClientBuilder().build();
    Crds.install(client);
    namespace = Namespaces.create(client, "e2e-image");
    Runtime.getRuntime().addShutdownHook(new Thread(ImageE2E::killOperator, "kill-image-operator"));
  }

  @AfterAll
  static void cleanUp() throws Exception {
    killOperator();
    if (client != null) {
      client.namespaces().withName(namespace).delete();
      client.close();
    }
    if (rootfs != null) {
      // --one-file-system: should any mount have outlived its namespace, never descend into it
      run("rm", "-rf", "--one-file-system", rootfs.toString());
    }
  }

  @Test
  void theImageRunsTheOperatorAsNonRootAndAServiceBecomesReady() throws Exception {
    JsonNode manifest = JSON.readTree(run("tar", "-xOf", IMAGE.toString(), "manifest.json"));
    String configFile = manifest.get(0).get("Config").asText();
    JsonNode config = JSON.readTree(run("tar", "-xOf", IMAGE.toString(), configFile));
    ImageConfig image = ImageConfig.of(config.get("config"));
    assertThat(image.entrypoint()).startsWith("java").endsWith("dev.msa.operator.Main");
    assertThat(image.uid() + ":" + image.gid()).isEqualTo("65532:65532");
    assertThat(config.at("/config/Labels/org.opencontainers.image.title").asText())
        .isEqualTo("msa-operator");

    unpack(strings(manifest.get(0).get("Layers")));
    int port = freePort();
    operator = start(image, port);
    long pid = operator.pid();
    try {
      Eventually.assertThat(
          WAIT,
          () -> {
            assertThat(operator.isAlive()).as("the operator is running").isTrue();
            assertThat(PrometheusScrape.status(port, "/readyz")).as("/readyz").isEqualTo(200);
          });
      // what `kubectl exec ... id` would show: the image's user, no groups, no capabilities
      String status = Files.readString(Path.of("/proc/" + pid + "/status"));
      assertThat(status)
          .contains("Uid:\t65532\t65532\t65532\t65532")
          .contains("Gid:\t65532\t65532\t65532\t65532")
          .containsPattern("(?m)^Groups:\\s*$")
          .contains("CapEff:\t0000000000000000");
      assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/root"))).isEqualTo(rootfs);
      // mountinfo: <id> <parent> <dev> <root> <mount point> <options> ...
      assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo")))
          .as("a read-only root")
          .anyMatch(
              mount -> mount.split(" ")[4].equals("/") && mount.split(" ")[5].startsWith("ro,"));

      createMicroservice("imaged");
      Eventually.assertThat(
          WAIT,
          () ->
              assertThat(get("imaged").getStatus().getConditions())
                  .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));
      assertThat(
              PrometheusScrape.of(port)
                  .sum(
                      "operator_sdk_reconciliations_started_total", Map.of("kind", "Microservice")))
          .as("reconciled by the image's operator")
          .isPositive();
    } catch (AssertionError e) {
      System.out.println(Files.readString(log));
      throw e;
    }

    operator.destroy(); // SIGTERM, as the kubelet stops a container
    assertThat(operator.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
    System.out.println("the image's operator exited with " + operator.exitValue());
  }

  /** Each layer over the previous ones, as a runtime stacks them (Jib writes no whiteouts). */
  private static void unpack(List<String> layers) throws Exception {
    Path blobs = Files.createDirectory(rootfs.resolveSibling(rootfs.getFileName() + "-blobs"));
    try {
      run("tar", "-xf", IMAGE.toString(), "-C", blobs.toString());
      for (String layer : layers) {
        run(
            "tar",
            "-xf",
            blobs.resolve(layer).toString(),
            "-C",
            rootfs.toString(),
            "--numeric-owner",
            "--same-permissions");
      }
    } finally {
      run("rm", "-rf", blobs.toString());
    }
    // the mount points a runtime provides, and the kubeconfig a volume would
    for (String dir : List.of("proc", "dev", "tmp")) {
      Files.createDirectories(rootfs.resolve(dir));
    }
    Path kubeconfig = rootfs.resolve(KUBECONFIG.substring(1));
    Files.createDirectories(kubeconfig.getParent());
    try (KubernetesClient operatorClient = ChartIdentity.operatorClient(client)) {
      Files.writeString(kubeconfig, kubeconfig(operatorClient.getConfiguration()));
    }
    Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-r--r--"));
  }

  private static Process start(ImageConfig image, int port) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-euc",
                CONTAINER,
                "container",
                rootfs.toString(),
                image.workingDir(),
                image.uid(),
                image.gid()));
    command.addAll(image.entrypoint());
    command.addAll(image.cmd());
    log = Files.createTempFile("msa-image-operator-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    // a container sees the image's environment and the pod's, nothing of the host's
    env.clear();
    for (String variable : image.env()) {
      String[] pair = variable.split("=", 2);
      env.put(pair[0], pair[1]);
    }
    for (String variable :
        List.of(
            "AWS_ENDPOINT_URL",
            "AWS_REGION",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            OperatorConfig.CLUSTER_NAME)) {
      env.put(variable, System.getenv(variable));
    }
    env.put("KUBECONFIG", KUBECONFIG);
    env.put(OperatorConfig.WATCH_NAMESPACES, namespace);
    env.put(OperatorConfig.HTTP_ADDRESS, "127.0.0.1");
    env.put(OperatorConfig.HTTP_PORT, String.valueOf(port));
    env.put("JAVA_TOOL_OPTIONS", OperatorProcess.chartJvmOptions());
    System.out.println("the image's operator logs to " + log);
    return builder.start();
  }

  /** A kubeconfig with the server, its CA and the token of the chart's ServiceAccount. */
  private static String kubeconfig(Config config) throws IOException {
    String ca =
        config.getCaCertData() != null
            ? config.getCaCertData()
            : Base64.getEncoder()
                .encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
    return """
        apiVersion: v1
        kind: Config
        clusters: [{name: local, cluster: {server: "%s", certificate-authority-data: "%s"}}]
        users: [{name: msa-operator, user: {token: "%s"}}]
        contexts: [{name: local, context: {cluster: local, user: msa-operator}}]
        current-context: local
        """
        .formatted(config.getMasterUrl(), ca, config.getOauthToken());
  }

  private static void createMicroservice(String name) {
    Microservices.apply(
        client, namespace, name, "{image: \"nginx:1\", replicas: 1, port: 8080, queue: {}}", "e2e");
  }

  private static Microservice get(String name) {
    return client.resources(Microservice.class).inNamespace(namespace).withName(name).get();
  }

  private static void killOperator() {
    if (operator != null) {
      operator.destroyForcibly();
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  /** Runs a host command to completion and returns its standard output. */
  private static byte[] run(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
    return output;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
