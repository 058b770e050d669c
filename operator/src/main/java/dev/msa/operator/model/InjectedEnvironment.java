package dev.msa.operator.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The container's environment: the user's variables in their order, then the operator's sorted by
 * name. A user variable with the name of an injected one is dropped — the operator's value wins,
 * and a server-side apply could not hold two entries with one name anyway.
 */
public final class InjectedEnvironment {
  private InjectedEnvironment() {}

  public static Map<String, String> injected(WorkloadInputs inputs) {
    Map<String, String> env = new TreeMap<>(inputs.awsEnv());
    env.put(EnvNames.AWS_REGION, inputs.region());
    for (ResolvedCall call : inputs.calls()) {
      env.put(EnvNames.serviceUrl(call.name()), call.url());
    }
    return env;
  }

  public static List<EnvVar> merge(List<EnvVar> userEnv, WorkloadInputs inputs) {
    Map<String, String> injected = injected(inputs);
    List<EnvVar> env = new ArrayList<>();
    for (EnvVar var : userEnv == null ? List.<EnvVar>of() : userEnv) {
      // a nameless entry is kept for the apiserver to refuse by name (TreeMap takes no null key)
      if (var.getName() == null || !injected.containsKey(var.getName())) {
        env.add(var);
      }
    }
    injected.forEach(
        (name, value) -> env.add(new EnvVarBuilder().withName(name).withValue(value).build()));
    return env;
  }
}
