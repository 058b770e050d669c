package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** One change a plan would make: to an AWS resource or a Kubernetes object. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PlannedChange {
  @JsonPropertyDescription("Create, Update or Delete.")
  private PlanAction action;

  @JsonPropertyDescription(
      "What it changes: an AWS resource (\"SQS queue prod-shop-orders\") or a Kubernetes object"
          + " (\"Deployment orders\").")
  private String resource;

  @JsonPropertyDescription(
      "The fields it sets, as \"field: value\" for a creation and \"field: now → then\" for an"
          + " update; long values shortened, policy documents summarised. At most 12.")
  private List<String> fields = new ArrayList<>();

  @JsonPropertyDescription(
      "Policy statements (IAM, queue policy) the change adds: Sid, effect, actions, resources and"
          + " conditions.")
  private List<String> statementsAdded = new ArrayList<>();

  @JsonPropertyDescription("Policy statements the change removes.")
  private List<String> statementsRemoved = new ArrayList<>();

  public PlannedChange() {}

  public PlannedChange(
      PlanAction action,
      String resource,
      List<String> fields,
      List<String> statementsAdded,
      List<String> statementsRemoved) {
    this.action = action;
    this.resource = resource;
    this.fields = fields;
    this.statementsAdded = statementsAdded;
    this.statementsRemoved = statementsRemoved;
  }

  public PlanAction getAction() {
    return action;
  }

  public void setAction(PlanAction action) {
    this.action = action;
  }

  public String getResource() {
    return resource;
  }

  public void setResource(String resource) {
    this.resource = resource;
  }

  public List<String> getFields() {
    return fields;
  }

  public void setFields(List<String> fields) {
    this.fields = fields;
  }

  public List<String> getStatementsAdded() {
    return statementsAdded;
  }

  public void setStatementsAdded(List<String> statementsAdded) {
    this.statementsAdded = statementsAdded;
  }

  public List<String> getStatementsRemoved() {
    return statementsRemoved;
  }

  public void setStatementsRemoved(List<String> statementsRemoved) {
    this.statementsRemoved = statementsRemoved;
  }
}
