package dev.msa.operator;

import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.reconciler.DataStorePendingReconciler;
import dev.msa.operator.reconciler.EventRecorder;
import dev.msa.operator.reconciler.EventSubscriptionPendingReconciler;
import dev.msa.operator.reconciler.MicroserviceReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import java.time.Clock;
import java.util.function.Consumer;

/** Wires the reconcilers into one java-operator-sdk Operator for a configuration. */
public final class MsaOperator {
  private MsaOperator() {}

  public static Operator create(OperatorConfig config, KubernetesClient client, AwsClients aws) {
    Operator operator =
        new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
    Clock clock = Clock.systemUTC();
    EventRecorder events = new EventRecorder(client);
    operator.register(new MicroserviceReconciler(config, aws, events, clock), scoped(config));
    operator.register(new DataStorePendingReconciler(clock), scoped(config));
    operator.register(new EventSubscriptionPendingReconciler(clock), scoped(config));
    return operator;
  }

  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata>
      Consumer<ControllerConfigurationOverrider<R>> scoped(OperatorConfig config) {
    return overrider -> {
      overrider.withReconciliationMaxInterval(config.resyncInterval());
      overrider.withFieldManager("msa-operator");
      if (!config.watchesAllNamespaces()) {
        overrider.settingNamespaces(config.watchNamespaces());
      }
    };
  }
}
