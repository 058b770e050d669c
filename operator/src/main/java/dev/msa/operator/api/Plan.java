package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * What applying the spec would change, while the object carries {@code msa.dev/plan-only: "true"}:
 * each AWS resource and Kubernetes object it would create, update or delete.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Plan {
  @JsonPropertyDescription(
      "The metadata.generation the plan was computed for; removing msa.dev/plan-only applies"
          + " the spec of the generation the object has then.")
  private Long generation;

  @JsonPropertyDescription(
      "The changes, AWS first in the order they would be made, then the Kubernetes objects; at"
          + " most 30. Empty: applying would change nothing.")
  private List<PlannedChange> changes = new ArrayList<>();

  @JsonPropertyDescription("How many more changes are planned than listed.")
  private Integer omitted;

  public Long getGeneration() {
    return generation;
  }

  public void setGeneration(Long generation) {
    this.generation = generation;
  }

  public List<PlannedChange> getChanges() {
    return changes;
  }

  public void setChanges(List<PlannedChange> changes) {
    this.changes = changes;
  }

  public Integer getOmitted() {
    return omitted;
  }

  public void setOmitted(Integer omitted) {
    this.omitted = omitted;
  }
}
