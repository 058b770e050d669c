package dev.msa.operator.reconciler;

/**
 * A namespace's {@code msa.dev/default-tags} annotation cannot be used: no AWS resource of the
 * namespace is created or re-tagged until it is fixed.
 */
final class InvalidDefaultTagsException extends RuntimeException {
  InvalidDefaultTagsException(String message) {
    super(message);
  }
}
