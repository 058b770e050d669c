package dev.msa.operator.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * The annotation {@code msa.dev/adopt} (docs/organisations.md): which AWS resources found under an
 * object's deterministic names it may take over, by rewriting their ownership tags. Without it only
 * resources tagged with the object's own uid are its.
 */
public enum Adoption {
  /** No annotation, or a value other than the two below: nothing is taken over. */
  NONE,
  /**
   * {@code "true"}: resources whose cluster, namespace, kind and name tags are this object's but
   * whose uid is another (or none): a restore, a migration, a resource retained on deletion.
   */
  SAME_NAME,
  /**
   * {@code "force"}: as {@link #SAME_NAME}, and also resources with no or other ownership tags; a
   * table only when its key schema is the spec's.
   */
  FORCE;

  public static final String ANNOTATION = "msa.dev/adopt";

  public static Adoption of(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(ANNOTATION);
    if ("true".equals(value)) {
      return SAME_NAME;
    }
    return "force".equals(value) ? FORCE : NONE;
  }

  /** The wider of the two. */
  public Adoption atLeast(Adoption other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
