package dev.msa.operator.api;

/** Which attributes a global secondary index copies. */
public enum Projection {
  ALL,
  KEYS_ONLY,
  INCLUDE
}
