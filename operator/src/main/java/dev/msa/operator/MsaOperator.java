package dev.msa.operator;

import dev.msa.operator.aws.AwsAccounts;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.operations.LeaderElection;
import dev.msa.operator.operations.ReconcileMetrics;
import dev.msa.operator.reconciler.DataStoreReconciler;
import dev.msa.operator.reconciler.EventRecorder;
import dev.msa.operator.reconciler.EventSubscriptionReconciler;
import dev.msa.operator.reconciler.MicroserviceReconciler;
import dev.msa.operator.reconciler.NamespaceSettings;
import dev.msa.operator.reconciler.PrimaryUpdates;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** Wires the reconcilers into one java-operator-sdk Operator for a configuration. */
public final class MsaOperator {
  /** How long stopping waits for reconciles in flight, before a standby may take over. */
  static final Duration RECONCILE_TERMINATION_TIMEOUT = Duration.ofSeconds(10);

  private MsaOperator() {}

  /** Without leader election; the meters go to a registry of their own. */
  public static Operator create(OperatorConfig config, KubernetesClient client, AwsClients aws) {
    return create(config, client, aws, new SimpleMeterRegistry(), Optional.empty());
  }

  /**
   * JOSDK's reconcile meters (without per-resource tags) and the reconcilers' own go to {@code
   * registry}; with {@code leaderElection}, only the lease holder reconciles.
   */
  public static Operator create(
      OperatorConfig config,
      KubernetesClient client,
      AwsClients aws,
      MeterRegistry registry,
      Optional<LeaderElection> leaderElection) {
    return create(config, client, new AwsAccounts(aws), registry, leaderElection);
  }

  /**
   * The same, acting in the accounts and regions namespaces name through {@code accounts} (the
   * caller closes it).
   */
  public static Operator create(
      OperatorConfig config,
      KubernetesClient client,
      AwsAccounts accounts,
      MeterRegistry registry,
      Optional<LeaderElection> leaderElection) {
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                  .withReconciliationTerminationTimeout(RECONCILE_TERMINATION_TIMEOUT);
              leaderElection.ifPresent(e -> o.withLeaderElectionConfiguration(e.configuration()));
            });
    Clock clock = Clock.systemUTC();
    EventRecorder events = new EventRecorder(client);
    ReconcileMetrics metrics = new ReconcileMetrics(registry);
    NamespaceSettings namespaces = new NamespaceSettings(client, config);
    operator.register(
        new MicroserviceReconciler(config, accounts, namespaces, events, clock, metrics),
        scoped(config));
    operator.register(
        new DataStoreReconciler(config, accounts, namespaces, events, clock, metrics),
        scoped(config));
    operator.register(
        new EventSubscriptionReconciler(config, accounts, namespaces, events, clock, metrics),
        scoped(config));
    metrics.watchManagedObjects(operator);
    return operator;
  }

  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata>
      Consumer<ControllerConfigurationOverrider<R>> scoped(OperatorConfig config) {
    return overrider -> {
      overrider.withReconciliationMaxInterval(config.resyncInterval());
      overrider.withFieldManager("msa-operator");
      // generation-aware, and the plan-only annotation besides (it changes no generation)
      overrider.withGenerationAware(false);
      overrider.withOnUpdateFilter(PrimaryUpdates::accept);
      if (!config.watchesAllNamespaces()) {
        overrider.settingNamespaces(config.watchNamespaces());
      }
    };
  }
}
