package dev.msa.operator;

import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.aws.AwsRateLimits;
import dev.msa.operator.config.ConfigException;
import dev.msa.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator process: validate configuration first, then start reconciling. */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  /** The AWS layer knows the service names; a typo is still a configuration error. */
  static AwsRateLimits rateLimits(OperatorConfig config) {
    try {
      return AwsRateLimits.parse(config.awsRateLimits(), AwsRateLimits.DEFAULT_PER_SECOND);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(OperatorConfig.AWS_RATE_LIMITS + ": " + e.getMessage());
    }
  }

  public static void main(String[] args) {
    OperatorConfig config;
    AwsRateLimits rateLimits;
    try {
      config = OperatorConfig.fromEnvironment();
      rateLimits = rateLimits(config);
    } catch (ConfigException e) {
      System.err.println("msa-operator: invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    log.info("starting msa-operator: {}", String.join(" ", config.describe()));
    KubernetesClient client = new KubernetesClientBuilder().build();
    MeterRegistry registry = new SimpleMeterRegistry();
    AwsClients aws = AwsClients.create(config.region(), Optional.empty(), registry, rateLimits);
    Operator operator = MsaOperator.create(config, client, aws);
    operator.installShutdownHook(Duration.ofSeconds(10));
    operator.start();
  }
}
