package dev.msa.operator.reconciler;

import dev.msa.operator.model.DesiredNetworkPolicy.Caller;
import dev.msa.operator.model.WorkloadInputs;
import java.util.List;
import java.util.Map;

/** What one reconcile observed for the children's desired state, handed to the dependents. */
record WorkloadInputsHolder(
    WorkloadInputs workload,
    List<Caller> callers,
    Map<String, String> serviceAccountAnnotations,
    boolean identityExists) {
  static final String KEY = "workload-inputs";
}
