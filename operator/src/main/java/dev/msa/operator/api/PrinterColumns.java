package dev.msa.operator.api;

import java.util.List;

/**
 * JSON paths of the printer columns every kind shows, and their place: after the kind's own
 * columns, in this order. The generator sorts columns by JSON path; CrdFinishing (a build step, see
 * `make crds`) puts {@link #LAST} at the end.
 */
final class PrinterColumns {
  static final String READY = ".status.conditions[?(@.type==\"Ready\")].status";
  static final String REASON = ".status.conditions[?(@.type==\"Ready\")].reason";
  static final String AGE = ".metadata.creationTimestamp";

  /** The shared columns, last and in this order: Age is last in every built-in kind too. */
  static final List<String> LAST = List.of("Ready", "Reason", "Age");

  private PrinterColumns() {}
}
