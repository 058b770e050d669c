package dev.msa.operator.api;

/**
 * Schema stand-in for a free-form JSON object (filter policies, event patterns, the pod template):
 * with {@code @PreserveUnknownFields} it gives {@code type: object} and keeps every nested value,
 * where a {@code Map} would prune arrays and a bare {@code JsonNode} would have no type for CEL.
 */
final class FreeFormObject {
  private FreeFormObject() {}
}
