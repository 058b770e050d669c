package dev.msa.operator.reconciler;

import dev.msa.operator.model.DesiredNetworkPolicy.Caller;
import dev.msa.operator.model.EnvNames;
import dev.msa.operator.model.WorkloadInputs;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconcile observed for the children's desired state, handed to the dependents.
 *
 * @param roleArn the service's IAM role, once known
 * @param kedaServed whether the cluster serves KEDA's API ({@link KedaApi}), as this reconcile saw
 */
record WorkloadInputsHolder(
    WorkloadInputs workload,
    List<Caller> callers,
    Map<String, String> serviceAccountAnnotations,
    boolean identityExists,
    Optional<String> roleArn,
    boolean kedaServed) {
  static final String KEY = "workload-inputs";

  /** The URL of the service's queue, once known. */
  Optional<String> queueUrl() {
    return Optional.ofNullable(workload.awsEnv().get(EnvNames.QUEUE_URL));
  }
}
