package dev.msa.operator.model;

import java.util.Optional;

/**
 * One field of an AWS resource that differs from what the spec asks: its name as {@code
 * spec.driftPolicy} names it, and both values as a DriftDetected Event shows them — a policy
 * document summarised, a long value shortened. A shortened value keeps a hash of the whole, so two
 * different values never show the same: that is how a change of the spec is told from drift.
 */
public record Difference(String field, String observed, String desired) {
  /** Longer values are shortened: an Event names the fields, it does not hold documents. */
  static final int LONGEST = 80;

  static final String NONE = "(none)";

  /** The difference of a field with plain values, each shown as it is or shortened. */
  public static Difference of(String field, String observed, String desired) {
    return new Difference(field, show(observed), show(desired));
  }

  /** The difference of a policy document (empty: none), each side summarised. */
  public static Difference ofPolicy(
      String field, Optional<String> observed, Optional<String> desired) {
    return new Difference(
        field,
        observed.map(PolicyDocuments::summary).orElse(NONE),
        desired.map(PolicyDocuments::summary).orElse(NONE));
  }

  /** "VisibilityTimeout is 120 (spec: 30)". */
  public String describe() {
    return field + " is " + observed + " (spec: " + desired + ")";
  }

  /**
   * As a plan lists it: "VisibilityTimeout: 30 → 60" for a change, "VisibilityTimeout: 30" for a
   * field a creation sets, "RedrivePolicy: {…} → (none)" for one it removes.
   */
  public String planned() {
    if (NONE.equals(observed)) {
      return field + ": " + desired;
    }
    return field + ": " + observed + " → " + desired;
  }

  static String show(String value) {
    if (value == null || value.isEmpty()) {
      return NONE;
    }
    if (value.length() <= LONGEST) {
      return value;
    }
    return value.substring(0, LONGEST / 2) + "… (sha256 " + shortHash(value) + ")";
  }

  static String shortHash(String value) {
    return Hashes.sha256(value).substring(0, 8);
  }
}
