package dev.msa.operator.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real etcd + kube-apiserver per test JVM (fabric8 kube-api-test), from the binaries that
 * {@code e2e/local/tools.sh} built; nothing is downloaded. Started on first use, stopped at exit.
 */
public final class TestApiServer {
  private static TestApiServer instance;

  private final KubeAPIServer server;
  private final String kubeconfigYaml;
  private final Path kubeconfigFile;

  private TestApiServer() {
    Path testDir = RepoPaths.cache().resolve("kubeapitest");
    String version = RepoPaths.pinnedVersion("K8S_VERSION").replaceFirst("^v", "");
    Path binaries = testDir.resolve("k8s").resolve(version + "-linux-amd64");
    if (!Files.isExecutable(binaries.resolve("kube-apiserver"))) {
      throw new IllegalStateException(
          "no kube-apiserver in " + binaries + ": run `make tools` (e2e/local/tools.sh) first");
    }
    server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(testDir.toString())
                .withApiServerVersion(version)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .build());
    server.start();
    kubeconfigYaml = server.getKubeConfigYaml();
    try {
      kubeconfigFile = Files.createTempFile("msa-it-kubeconfig", ".yaml");
      Files.writeString(kubeconfigFile, kubeconfigYaml);
      kubeconfigFile.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-kube-apiserver"));
  }

  public static synchronized TestApiServer get() {
    if (instance == null) {
      instance = new TestApiServer();
    }
    return instance;
  }

  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
  }

  /** A client whose every HTTP request is also seen by {@code interceptor}. */
  public KubernetesClient newClient(Interceptor interceptor) {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(kubeconfigYaml))
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("test-requests", interceptor))
        .build();
  }

  /** A kubeconfig file for command-line tools such as kubectl. */
  public Path kubeconfigFile() {
    return kubeconfigFile;
  }

  /** The kubectl built with the control plane, so its version matches the apiserver's. */
  public Path kubectl() {
    return RepoPaths.cache().resolve("bin").resolve("kubectl");
  }
}
