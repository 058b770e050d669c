package dev.msa.operator.api;

/** What deleting a DataStore does to its table. */
public enum DeletionPolicy {
  Retain,
  Delete
}
