package dev.msa.operator.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * The annotation {@code msa.dev/plan-only: "true"}: the operator computes what applying the
 * object's spec would change on AWS and Kubernetes, shows it in {@code status.plan} and an Event,
 * and changes nothing; removing the annotation applies it (docs/plan.md).
 */
public final class PlanOnly {
  public static final String ANNOTATION = "msa.dev/plan-only";

  private PlanOnly() {}

  /** The annotation is {@code "true"}; any other value, or none, applies as usual. */
  public static boolean isSet(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(ANNOTATION));
  }
}
