package dev.msa.operator.api;

/** Patterns shared by the schema of several kinds. */
final class Names {
  /** A DNS label: what Service names and our AWS-safe name parts need. */
  static final String DNS_LABEL = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

  /** A namespace's name: an RFC 1123 label, which may start with a digit. */
  static final String NAMESPACE = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  private Names() {}
}
