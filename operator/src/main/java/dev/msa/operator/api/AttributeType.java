package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * DynamoDB scalar attribute types usable in keys: DynamoDB's codes S, N and B, or the words String,
 * Number and Binary. The words exist because YAML 1.1 (kubectl's parser) reads a bare {@code N} as
 * false, which the apiserver refuses with "must be of type string: boolean"; {@code Number} needs
 * no quotes. The model normalises both spellings to DynamoDB's code.
 */
public enum AttributeType {
  /** String. */
  S,
  /** Number. */
  N,
  /** Binary. */
  B,
  @JsonProperty("String")
  STRING,
  @JsonProperty("Number")
  NUMBER,
  @JsonProperty("Binary")
  BINARY
}
