package dev.msa.operator.model;

import dev.msa.operator.api.Microservice;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * KEDA's TriggerAuthentication for a service's ScaledObject: KEDA's {@code aws} pod identity
 * provider with the service's own IAM role ({@code podIdentity.roleArn}, KEDA 2.13 or later), so
 * KEDA reads the queue's depth as the service, not with a role of its own that could read every
 * queue. No secret is involved.
 */
public final class DesiredTriggerAuthentication {
  private DesiredTriggerAuthentication() {}

  public static Optional<TriggerAuthentication> build(Microservice microservice, String roleArn) {
    if (!ServiceResources.scalesOnQueueDepth(microservice)) {
      return Optional.empty();
    }
    Map<String, Object> podIdentity = new LinkedHashMap<>();
    podIdentity.put("provider", "aws");
    podIdentity.put("roleArn", roleArn);
    TriggerAuthentication auth = new TriggerAuthentication();
    auth.setApiVersion(DesiredScaledObject.API_VERSION);
    auth.setKind("TriggerAuthentication");
    auth.setMetadata(Labels.metadata(microservice, name(microservice)));
    auth.setAdditionalProperty("spec", Map.of("podIdentity", podIdentity));
    return Optional.of(auth);
  }

  /** Named after the service, like every child. */
  public static String name(Microservice microservice) {
    return microservice.getMetadata().getName();
  }
}
