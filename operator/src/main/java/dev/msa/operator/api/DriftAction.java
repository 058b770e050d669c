package dev.msa.operator.api;

/**
 * What the operator does when a resync finds a field of an AWS resource differing from the spec.
 */
public enum DriftAction {
  /** Put the spec's value back (the default for every field no rule names). */
  Correct,
  /** Leave the field as it is; say so in a DriftDetected Event and the Drifted condition. */
  Report,
  /** Leave the field as it is and say nothing. */
  Ignore
}
