package dev.msa.operator.e2e;

import dev.msa.operator.aws.AwsClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;

/**
 * An E2E class with one {@link OperatorUnderTest} for all its tests: its {@code @BeforeAll} calls
 * {@link #startOperator}; the operator stops after the class's own {@code @AfterAll} methods, so
 * they can still count on its finalizers. Classes run one after another, so the shared fields hold
 * the running class's operator.
 */
abstract class OperatorE2E {
  /** The user's client (the kubeconfig's admin): what tests create and assert with. */
  static KubernetesClient client;

  /** The operator's own client, as the Helm chart's ServiceAccount. */
  static KubernetesClient operatorClient;

  static AwsClients aws;

  /** The fresh namespace the operator watches. */
  static String namespace;

  private static OperatorUnderTest operatorUnderTest;

  static void startOperator(String namespacePrefix) {
    operatorUnderTest = OperatorUnderTest.start(namespacePrefix);
    client = operatorUnderTest.client;
    namespace = operatorUnderTest.namespace;
    aws = operatorUnderTest.aws;
    operatorClient = operatorUnderTest.operatorClient;
  }

  static boolean operatorStarted() {
    return operatorUnderTest != null;
  }

  @AfterAll
  static void stopOperator() {
    if (operatorUnderTest != null) {
      operatorUnderTest.close();
      operatorUnderTest = null;
    }
  }
}
