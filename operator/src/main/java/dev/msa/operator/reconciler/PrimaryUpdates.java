package dev.msa.operator.reconciler;

import dev.msa.operator.api.Adoption;
import dev.msa.operator.api.PlanOnly;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a Microservice, DataStore or EventSubscription start a reconcile:
 * java-operator-sdk's generation-aware rule — a new generation, the finalizer missing or just
 * added, the deletion just marked — and, beside it, the {@code msa.dev/plan-only} or {@code
 * msa.dev/adopt} annotation set, changed or removed, which changes no generation. Status writes and
 * other metadata changes start none, as before.
 */
public final class PrimaryUpdates {
  private PrimaryUpdates() {}

  public static <R extends HasMetadata> boolean accept(R newer, R older) {
    return newGeneration(newer, older)
        || !newer.hasFinalizer(MicroserviceReconciler.FINALIZER)
        || !older.hasFinalizer(MicroserviceReconciler.FINALIZER)
        || (newer.isMarkedForDeletion() && !older.isMarkedForDeletion())
        || !Objects.equals(
            annotation(newer, PlanOnly.ANNOTATION), annotation(older, PlanOnly.ANNOTATION))
        || !Objects.equals(
            annotation(newer, Adoption.ANNOTATION), annotation(older, Adoption.ANNOTATION));
  }

  private static boolean newGeneration(HasMetadata newer, HasMetadata older) {
    Long generation = newer.getMetadata().getGeneration();
    Long before = older.getMetadata().getGeneration();
    return generation == null || before == null || before < generation;
  }

  private static String annotation(HasMetadata object, String key) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
