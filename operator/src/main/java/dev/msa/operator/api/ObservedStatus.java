package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every kind's status has: the generation it describes and KEP-1623 conditions, one of them
 * the summarising {@code Ready}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ObservedStatus {

  @JsonPropertyDescription("The metadata.generation this status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Conditions of the object: Ready summarises the others; each carries reason, message,"
          + " observedGeneration and lastTransitionTime (changed only when status changes).")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "While the object is annotated msa.dev/plan-only: \"true\", what applying its spec would"
          + " change; absent otherwise.")
  private Plan plan;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Plan getPlan() {
    return plan;
  }

  public void setPlan(Plan plan) {
    this.plan = plan;
  }

  /**
   * This status describes {@code generation} applied: observed, and not a plan of it. A status with
   * a plan describes a spec that has not been applied yet.
   */
  public boolean hasApplied(Long generation) {
    return plan == null && Objects.equals(generation, observedGeneration);
  }
}
