package dev.msa.operator;

import dev.msa.operator.aws.AwsAccounts;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.aws.AwsRateLimits;
import dev.msa.operator.config.ConfigException;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.operations.LeaderElection;
import dev.msa.operator.operations.LogFormatting;
import dev.msa.operator.operations.OperationsServer;
import dev.msa.operator.operations.OperatorMeters;
import dev.msa.operator.operations.Probes;
import dev.msa.operator.operations.PrometheusMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process: validate configuration first, serve the probes, then start reconciling; on
 * SIGTERM stop reconciling and hand the lease over.
 */
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
    Optional<LeaderElection> leaderElection;
    try {
      config = OperatorConfig.fromEnvironment();
      rateLimits = rateLimits(config);
      leaderElection = LeaderElection.from(config);
    } catch (ConfigException e) {
      System.err.println("msa-operator: invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    LogFormatting.apply(config.logFormat());
    log.info("starting msa-operator: {}", String.join(" ", config.describe()));

    PrometheusMeterRegistry registry = PrometheusMetrics.create();
    Probes probes = new Probes();
    OperationsServer server;
    try {
      server =
          OperationsServer.start(
              new InetSocketAddress(config.httpAddress(), config.httpPort()), registry, probes);
    } catch (IOException e) {
      log.error(
          "cannot serve /metrics, /healthz and /readyz on {}:{}: {}",
          config.httpAddress(),
          config.httpPort(),
          e.toString());
      System.exit(1);
      return;
    }

    KubernetesClient client = new KubernetesClientBuilder().build();
    AwsClients own = AwsClients.create(config.region(), Optional.empty(), registry, rateLimits);
    AwsAccounts aws = new AwsAccounts(own);
    Operator operator = MsaOperator.create(config, client, aws, registry, leaderElection);
    probes.watch(operator, leaderElection);
    OperatorMeters.bindLeader(registry, operator, config.leaseName(), leaderElection);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> stop(probes, operator, leaderElection, client, own, aws, server),
                "msa-operator-shutdown"));
    leaderElection.ifPresent(e -> log.info("leader election on: {}", e.describe()));
    try {
      operator.start();
    } catch (RuntimeException e) {
      log.error("msa-operator could not start", e);
      System.exit(1);
      return;
    }
    Duration startup = OperatorMeters.recordStartup(registry);
    log.info(
        "msa-operator started: /readyz answers 200 {} ms after the JVM started",
        startup.toMillis());
  }

  /**
   * What JOSDK 5.2's own shutdown hook would do, which it skips with leader election: stop
   * reconciling (waiting a little for reconciles in flight), and only then release the lease, so
   * that a standby takes over at once and never reconciles alongside this process.
   */
  private static void stop(
      Probes probes,
      Operator operator,
      Optional<LeaderElection> leaderElection,
      KubernetesClient client,
      AwsClients own,
      AwsAccounts aws,
      OperationsServer server) {
    log.info("stopping msa-operator");
    probes.stopping();
    leaderElection.ifPresent(LeaderElection::stopping);
    try {
      operator.stop();
      leaderElection.ifPresent(e -> e.releaseLease(client));
    } catch (RuntimeException e) {
      log.warn("stopping the operator failed: {}", e.toString());
    } finally {
      server.close();
      aws.close();
      own.close();
      client.close();
    }
  }
}
