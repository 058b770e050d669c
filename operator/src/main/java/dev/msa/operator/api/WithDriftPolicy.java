package dev.msa.operator.api;

import java.util.List;

/** A spec with {@code driftPolicy}: every kind's. */
public interface WithDriftPolicy {
  List<DriftRule> getDriftPolicy();
}
