package dev.msa.operator.reconciler;

/** An AWS resource has the wanted name but is not this object's: it must not be touched. */
final class NameConflictException extends RuntimeException {
  NameConflictException(String resource, String owner) {
    super(resource + " already exists, " + owner);
  }
}
