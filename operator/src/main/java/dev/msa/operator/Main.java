package dev.msa.operator;

import dev.msa.operator.config.ConfigException;
import dev.msa.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator process: validate configuration first, then start reconciling. */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment();
    } catch (ConfigException e) {
      System.err.println("msa-operator: invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    log.info("starting msa-operator: {}", String.join(" ", config.describe()));
    KubernetesClient client = new KubernetesClientBuilder().build();
    Operator operator = MsaOperator.create(config, client);
    operator.installShutdownHook(Duration.ofSeconds(10));
    operator.start();
  }
}
