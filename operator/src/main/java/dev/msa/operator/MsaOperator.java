package dev.msa.operator;

import dev.msa.operator.aws.AwsAccounts;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.operations.LeaderElection;
import dev.msa.operator.operations.ReconcileMetrics;
import dev.msa.operator.reconciler.AdaptiveResync;
import dev.msa.operator.reconciler.DataStoreReconciler;
import dev.msa.operator.reconciler.EventRecorder;
import dev.msa.operator.reconciler.EventSubscriptionReconciler;
import dev.msa.operator.reconciler.MicroserviceIndex;
import dev.msa.operator.reconciler.MicroserviceReconciler;
import dev.msa.operator.reconciler.NamespaceSettings;
import dev.msa.operator.reconciler.PrimaryUpdates;
import dev.msa.operator.reconciler.WorkPriority;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.Controller;
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
                  .withReconciliationTerminationTimeout(RECONCILE_TERMINATION_TIMEOUT)
                  // A reconcile waiting for an AWS rate-limit token holds its thread; with
                  // java-operator-sdk's 50, a burst of 100 services filled them all and the
                  // reconciles that only write status (a Deployment became Available) queued
                  // behind it, so every service of the burst became Ready at its end.
                  .withConcurrentReconciliationThreads(config.reconcileThreads());
              leaderElection.ifPresent(e -> o.withLeaderElectionConfiguration(e.configuration()));
            });
    Clock clock = Clock.systemUTC();
    EventRecorder events = new EventRecorder(client);
    ReconcileMetrics metrics = new ReconcileMetrics(registry);
    NamespaceSettings namespaces = new NamespaceSettings(client, config);
    AdaptiveResync resync =
        new AdaptiveResync(config.resyncInterval(), config.awsReadBudget(), clock);
    // One cache of Microservices for all three controllers: the Microservice controller's own,
    // which is why it is registered first.
    MicroserviceIndex microservices = new MicroserviceIndex();
    // One order of work for all three controllers: a burst of Microservices and their
    // EventSubscriptions takes turns together.
    WorkPriority work = new WorkPriority(clock, config.provisioningTurns());
    var microserviceController =
        operator.register(
            new MicroserviceReconciler(
                config, accounts, namespaces, events, clock, metrics, resync, microservices, work),
            scoped(config));
    var dataStoreController =
        operator.register(
            new DataStoreReconciler(
                config, accounts, namespaces, events, clock, metrics, resync, microservices, work),
            scoped(config));
    var subscriptionController =
        operator.register(
            new EventSubscriptionReconciler(
                config, accounts, namespaces, events, clock, metrics, resync, microservices, work),
            scoped(config));
    resync.countReadsWith(
        () ->
            cached(microserviceController) * AdaptiveResync.MICROSERVICE_READS
                + cached(dataStoreController) * AdaptiveResync.DATASTORE_READS
                + cached(subscriptionController) * AdaptiveResync.SUBSCRIPTION_READS);
    metrics.watchManagedObjects(operator);
    metrics.watchResyncPeriod(resync::period);
    metrics.watchProvisioningTurns(
        work, WorkPriority::waitingForATurn, WorkPriority::turnsReclaimed);
    return operator;
  }

  /** The objects in a controller's cache; none before its informer runs. */
  private static long cached(RegisteredController<?> registered) {
    if (registered instanceof Controller<?> controller) {
      try {
        return controller.getEventSourceManager().getControllerEventSource().keys().count();
      } catch (RuntimeException e) {
        return 0; // the caches are not running (before start, after stop)
      }
    }
    return 0;
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
