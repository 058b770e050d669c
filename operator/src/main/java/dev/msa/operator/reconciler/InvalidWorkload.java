package dev.msa.operator.reconciler;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.model.InvalidPodTemplateException;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Children a Microservice's spec cannot have: the apiserver refuses one as invalid (422: an env
 * entry, a resource quantity or a podTemplate field that only a Deployment's own validation checks,
 * since env, resources and podTemplate are passed through), server-side apply cannot type it (500:
 * two env entries or volumes of one name, a resource quantity that is no quantity), or its desired
 * state cannot be built (a podTemplate that is no PodTemplateSpec). Retrying fixes neither, so
 * WorkloadAvailable says what was refused and the object is Stalled until the spec changes; any
 * other failure of a child is thrown on and retried.
 */
final class InvalidWorkload {
  /** The apiserver's answer to an object that fails its validation: 422 Unprocessable Entity. */
  private static final int INVALID = 422;

  /**
   * How the apiserver answers (500) a server-side apply it cannot turn into a typed object, before
   * any validation: a list entry twice under one key, or a quantity that is no quantity. The same
   * object is refused again however often it is sent.
   */
  private static final List<String> UNTYPEABLE =
      List.of("failed to create typed patch object", "failed to convert new object");

  /** Enough of the apiserver's causes to find the field; a Deployment can have hundreds. */
  private static final int MAX_CAUSES = 5;

  private InvalidWorkload() {}

  /** The WorkloadAvailable condition for the children that cannot be, if any. */
  static Optional<Condition> of(Microservice microservice, WorkflowReconcileResult result) {
    String name = microservice.getMetadata().getName();
    List<String> invalid = new ArrayList<>();
    Map<String, Exception> retried = new LinkedHashMap<>();
    result
        .getErroredDependents()
        .forEach(
            (dependent, e) ->
                why(e)
                    .ifPresentOrElse(
                        why -> invalid.add(kind(dependent) + " " + name + ": " + why),
                        () -> retried.put(dependent.name(), e)));
    if (!retried.isEmpty()) {
      throw new AggregatedOperatorException("applying the children failed", retried);
    }
    if (invalid.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Conditions.of(
            WorkloadAvailability.TYPE,
            false,
            Reasons.WORKLOAD_INVALID,
            String.join("; ", invalid)
                + "; the pod comes from spec.image, spec.env, spec.resources and spec.podTemplate:"
                + " fix the field named, the operator does not retry until the spec changes"));
  }

  /** Why the child cannot be, when that is what the failure says. */
  private static Optional<String> why(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause()) {
      if (e instanceof InvalidPodTemplateException invalid) {
        return Optional.of("cannot be built: " + invalid.getMessage());
      }
      if (e instanceof KubernetesClientException k
          && k.getCode() == INVALID
          && k.getStatus() != null) {
        return Optional.of("the apiserver refuses it: " + causes(k.getStatus()));
      }
      if (e instanceof KubernetesClientException k
          && k.getStatus() != null
          && k.getStatus().getMessage() != null
          && UNTYPEABLE.stream().anyMatch(k.getStatus().getMessage()::startsWith)) {
        return Optional.of("the apiserver cannot read it: " + errors(k.getStatus()));
      }
    }
    return Optional.empty();
  }

  private static String causes(Status status) {
    List<StatusCause> causes =
        status.getDetails() == null || status.getDetails().getCauses() == null
            ? List.of()
            : status.getDetails().getCauses();
    if (causes.isEmpty()) {
      return status.getMessage();
    }
    String shown =
        causes.stream()
            .limit(MAX_CAUSES)
            .map(c -> c.getField() + ": " + c.getMessage())
            .collect(Collectors.joining(", "));
    return causes.size() > MAX_CAUSES
        ? shown + " and " + (causes.size() - MAX_CAUSES) + " more"
        : shown;
  }

  /** The typed-patch failure's error lines, without the object's identity the condition has. */
  private static String errors(Status status) {
    List<String> lines =
        status
            .getMessage()
            .lines()
            .skip(1)
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .distinct()
            .toList();
    if (lines.isEmpty()) {
      return status.getMessage();
    }
    String shown = String.join(", ", lines.subList(0, Math.min(MAX_CAUSES, lines.size())));
    return lines.size() > MAX_CAUSES
        ? shown + " and " + (lines.size() - MAX_CAUSES) + " more"
        : shown;
  }

  private static String kind(DependentResource<?, ?> dependent) {
    return dependent.resourceType().getSimpleName();
  }
}
