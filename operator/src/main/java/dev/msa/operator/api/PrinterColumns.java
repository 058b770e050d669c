package dev.msa.operator.api;

/** JSON paths of the printer columns every kind shows. */
final class PrinterColumns {
  static final String READY = ".status.conditions[?(@.type==\"Ready\")].status";
  // Single quotes here make this path sort after READY: the generator orders columns by path.
  static final String REASON = ".status.conditions[?(@.type=='Ready')].reason";
  static final String AGE = ".metadata.creationTimestamp";

  private PrinterColumns() {}
}
