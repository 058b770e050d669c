package dev.msa.operator.e2e;

import dev.msa.operator.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator's identity in the E2E suite is the Helm chart's: the chart is installed with no
 * operator pod ({@code replicaCount=0}), and the operator under test talks to the apiserver with a
 * token of the chart's ServiceAccount, so a permission the chart's ClusterRole lacks fails a test.
 */
final class ChartIdentity {
  static final String RELEASE = "msa-operator";
  static final String NAMESPACE = "msa-system";
  private static String token;

  private ChartIdentity() {}

  /** A client that is the chart's ServiceAccount, against the cluster of {@code admin}. */
  static synchronized KubernetesClient operatorClient(KubernetesClient admin) {
    if (token == null) {
      install();
      TokenRequest request =
          new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build();
      token =
          admin
              .serviceAccounts()
              .inNamespace(NAMESPACE)
              .withName(RELEASE)
              .tokenRequest(request)
              .getStatus()
              .getToken();
    }
    Config adminConfig = admin.getConfiguration();
    // Config.empty(): nothing from the kubeconfig (its admin client certificate) may slip in.
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(adminConfig.getMasterUrl())
            .withCaCertData(adminConfig.getCaCertData())
            .withCaCertFile(adminConfig.getCaCertFile())
            .withOauthToken(token)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** {@code helm upgrade --install} of the chart in this repository, as a user would. */
  private static void install() {
    run(
        List.of(
            "helm",
            "upgrade",
            "--install",
            RELEASE,
            RepoPaths.root().resolve("helm/msa-operator").toString(),
            "--namespace",
            NAMESPACE,
            "--create-namespace",
            "--set",
            "replicaCount=0",
            // The suites install crds/ themselves (Crds.install), before any chart; the chart's
            // CRD templates are checked by HelmChartIT and ChartCrdsTest.
            "--set",
            "crds.install=false",
            "--set",
            "config.clusterName=" + System.getenv("MSA_OPERATOR_CLUSTER_NAME"),
            "--set",
            "config.region=" + System.getenv("AWS_REGION"),
            "--wait",
            "--timeout",
            "2m"));
  }

  private static void run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run helm (is .local/env.sh sourced?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
