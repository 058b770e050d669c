package dev.msa.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ownership tags every AWS resource carries, passed at creation. A resource with the wanted
 * name but another (or no) {@code msa.dev/uid} is not ours: it is never modified or deleted.
 */
public final class AwsTags {
  public static final String CLUSTER = "msa.dev/cluster";
  public static final String NAMESPACE = "msa.dev/namespace";
  public static final String KIND = "msa.dev/kind";
  public static final String NAME = "msa.dev/name";
  public static final String UID = "msa.dev/uid";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  private AwsTags() {}

  public static Map<String, String> of(String cluster, HasMetadata owner) {
    return of(cluster, owner, Map.of());
  }

  /**
   * The ownership tags over {@code defaults} (the organisation's, docs/organisations.md): a default
   * can never replace one of the operator's own.
   */
  public static Map<String, String> of(
      String cluster, HasMetadata owner, Map<String, String> defaults) {
    Map<String, String> tags = new LinkedHashMap<>(defaults);
    tags.put(CLUSTER, cluster);
    tags.put(NAMESPACE, owner.getMetadata().getNamespace());
    tags.put(KIND, owner.getKind());
    tags.put(NAME, owner.getMetadata().getName());
    tags.put(UID, owner.getMetadata().getUid());
    tags.put(MANAGED_BY, Labels.OPERATOR);
    return tags;
  }

  /**
   * The tags of {@code wanted} that {@code observed} lacks or has with another value: what to put
   * back. Tags it has beyond them are someone else's and stay.
   */
  public static Map<String, String> missing(
      Map<String, String> wanted, Map<String, String> observed) {
    Map<String, String> missing = new LinkedHashMap<>();
    wanted.forEach(
        (key, value) -> {
          if (!value.equals(observed.get(key))) {
            missing.put(key, value);
          }
        });
    return missing;
  }

  public static boolean ownedBy(Map<String, String> tags, HasMetadata owner) {
    return owner.getMetadata().getUid().equals(tags.get(UID));
  }

  /** Who a resource that is not ours belongs to, for the NameConflict message. */
  public static String describeOwner(Map<String, String> tags) {
    if (!tags.containsKey(UID) && !tags.containsKey(NAME)) {
      return "not created by msa-operator (no " + UID + " tag)";
    }
    return (tags.containsKey(UID) ? "owned by " : "left by ")
        + tags.getOrDefault(KIND, "?")
        + " "
        + tags.getOrDefault(NAMESPACE, "?")
        + "/"
        + tags.getOrDefault(NAME, "?")
        + " ("
        + (tags.containsKey(UID) ? "uid " + tags.get(UID) : "no " + UID + " tag")
        + ", cluster "
        + tags.getOrDefault(CLUSTER, "?")
        + ")";
  }
}
