package dev.msa.operator.api;

/** What applying a plan would do to one resource. */
public enum PlanAction {
  Create,
  Update,
  Delete
}
