package dev.msa.operator.e2e;

import dev.msa.operator.MsaOperator;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.aws.AwsRateLimits;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.Namespaces;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The operator under test, in this JVM, configured from the environment (.local/env.sh) and
 * watching one fresh namespace. It talks to the apiserver as the Helm chart's ServiceAccount, so
 * the chart's RBAC is what is exercised; tests act and assert with the user's client.
 */
final class OperatorUnderTest implements AutoCloseable {
  /** The user's client (the kubeconfig's admin): what tests create and assert with. */
  final KubernetesClient client;

  final String namespace;
  final AwsClients aws;
  final KubernetesClient operatorClient;
  private final Operator operator;

  private OperatorUnderTest(String namespacePrefix) {
    client = new KubernetesClientBuilder().build();
    Crds.install(client);
    namespace = Namespaces.create(client, namespacePrefix);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put(OperatorConfig.WATCH_NAMESPACES, namespace);
    OperatorConfig config = OperatorConfig.from(env);
    aws =
        AwsClients.create(
            config.region(),
            Optional.empty(),
            new SimpleMeterRegistry(),
            AwsRateLimits.parse(config.awsRateLimits(), AwsRateLimits.DEFAULT_PER_SECOND));
    operatorClient = ChartIdentity.operatorClient(client);
    operator = MsaOperator.create(config, operatorClient, aws);
    operator.start();
  }

  static OperatorUnderTest start(String namespacePrefix) {
    return new OperatorUnderTest(namespacePrefix);
  }

  @Override
  public void close() {
    operator.stop();
    client.namespaces().withName(namespace).delete();
    client.close();
    operatorClient.close();
    aws.close();
  }
}
