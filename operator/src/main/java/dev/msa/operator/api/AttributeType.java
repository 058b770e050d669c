package dev.msa.operator.api;

/** DynamoDB scalar attribute types usable in keys. */
public enum AttributeType {
  /** String. */
  S,
  /** Number. */
  N,
  /** Binary. */
  B
}
