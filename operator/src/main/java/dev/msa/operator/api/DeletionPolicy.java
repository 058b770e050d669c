package dev.msa.operator.api;

/** What deleting a DataStore does to its table, or a Microservice to its queues and topics. */
public enum DeletionPolicy {
  Retain,
  Delete
}
