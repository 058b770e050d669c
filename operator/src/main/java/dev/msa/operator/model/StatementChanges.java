package dev.msa.operator.model;

import java.util.List;

/**
 * The statements a change of a policy document adds and removes, each described in one line ({@link
 * PolicyDocuments#describeStatement}): what a reviewer of a plan reads instead of two documents. A
 * statement whose content changes is removed as it was and added as it will be.
 */
public record StatementChanges(List<String> added, List<String> removed) {
  public static final StatementChanges NONE = new StatementChanges(List.of(), List.of());

  public StatementChanges {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
  }

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty();
  }
}
