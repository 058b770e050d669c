package dev.msa.operator.reconciler;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.model.DesiredScaledObject;
import dev.msa.operator.model.ScaledObject;
import dev.msa.operator.model.ServiceResources;
import dev.msa.operator.model.TriggerAuthentication;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether the cluster serves KEDA's ScaledObject and TriggerAuthentication (keda.sh/v1alpha1), from
 * API discovery — which every authenticated user may read, so no RBAC and no watch on CRDs. Asked
 * only while reconciling a Microservice that scales on queue depth, and then at most every {@link
 * #RECHECK}: KEDA installed (or removed) later is seen by the next such reconcile after that. Every
 * other Microservice gets the last answer, so a cluster where no service uses it never asks.
 */
final class KedaApi {
  static final Duration RECHECK = Duration.ofSeconds(10);
  static final String API = DesiredScaledObject.API_VERSION + " ScaledObject";

  private final Clock clock;
  private boolean served;
  private Instant checkedAt;

  KedaApi(Clock clock) {
    this.clock = clock;
  }

  /** The answer for this Microservice's reconcile, asking the apiserver when it is due. */
  synchronized boolean served(Microservice microservice, KubernetesClient client) {
    if (!ServiceResources.scalesOnQueueDepth(microservice)) {
      return served;
    }
    Instant now = clock.instant();
    if (checkedAt == null || !now.isBefore(checkedAt.plus(RECHECK))) {
      served = discover(client);
      checkedAt = now;
    }
    return served;
  }

  private static boolean discover(KubernetesClient client) {
    APIResourceList resources = client.getApiResources(DesiredScaledObject.API_VERSION);
    if (resources == null) {
      return false;
    }
    Set<String> names =
        resources.getResources().stream().map(APIResource::getName).collect(Collectors.toSet());
    return names.contains(HasMetadata.getPlural(ScaledObject.class))
        && names.contains(HasMetadata.getPlural(TriggerAuthentication.class));
  }
}
