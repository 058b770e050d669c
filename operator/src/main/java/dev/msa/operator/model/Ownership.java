package dev.msa.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * Whose an AWS resource found under an object's deterministic name is, from its tags: this object's
 * ({@code msa.dev/uid} matches), retained by an earlier object of the same cluster, namespace, kind
 * and name (which a DataStore adopts), or someone else's.
 */
public enum Ownership {
  OURS,
  RETAINED_BY_PREDECESSOR,
  FOREIGN;

  public static Ownership of(Map<String, String> tags, String cluster, HasMetadata owner) {
    if (AwsTags.ownedBy(tags, owner)) {
      return OURS;
    }
    boolean sameObjectName =
        cluster.equals(tags.get(AwsTags.CLUSTER))
            && owner.getMetadata().getNamespace().equals(tags.get(AwsTags.NAMESPACE))
            && owner.getKind().equals(tags.get(AwsTags.KIND))
            && owner.getMetadata().getName().equals(tags.get(AwsTags.NAME));
    return sameObjectName ? RETAINED_BY_PREDECESSOR : FOREIGN;
  }
}
