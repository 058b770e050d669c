package dev.msa.operator.model;

import java.util.List;
import java.util.Map;

/**
 * What the workload needs beyond the Microservice itself, observed by the reconciler: the callees
 * that resolved and the variables the AWS side produced (queue URL, topic ARNs, ...).
 */
public record WorkloadInputs(String region, List<ResolvedCall> calls, Map<String, String> awsEnv) {
  public WorkloadInputs {
    calls = List.copyOf(calls);
    awsEnv = Map.copyOf(awsEnv);
  }
}
