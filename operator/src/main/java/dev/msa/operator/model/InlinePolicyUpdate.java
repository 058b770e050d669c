package dev.msa.operator.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What to do with a role's one inline policy, and how to tell it: put or delete it, whether the
 * change is news (the first policy of a role created in the same reconcile is not), and whether
 * only the bound tables' statements differ (a DataStore changed: an update, never drift).
 *
 * @param current the policy on the role now; empty when it has none
 */
public record InlinePolicyUpdate(
    Action action, Optional<String> document, boolean bindingOnly, Optional<String> current)
    implements AwsUpdate {
  public static final String DOCUMENT = "Document";

  public enum Action {
    NONE,
    PUT,
    /** Put on a role created in this reconcile: part of its creation, no change to report. */
    PUT_AT_CREATION,
    DELETE
  }

  /**
   * @param desired the policy the service needs; empty when it needs none
   * @param current the policy on the role now; empty when it has none
   */
  public static InlinePolicyUpdate between(
      Optional<String> desired, Optional<String> current, boolean roleJustCreated) {
    boolean bindingOnly = PolicyDocuments.sameApartFromTables(desired, current);
    if (desired.isPresent()) {
      if (current.isPresent() && PolicyDocuments.same(desired.get(), current.get())) {
        return new InlinePolicyUpdate(Action.NONE, Optional.empty(), bindingOnly, current);
      }
      Action put = current.isEmpty() && roleJustCreated ? Action.PUT_AT_CREATION : Action.PUT;
      return new InlinePolicyUpdate(put, desired, bindingOnly, current);
    }
    return new InlinePolicyUpdate(
        current.isPresent() ? Action.DELETE : Action.NONE, Optional.empty(), bindingOnly, current);
  }

  @Override
  public List<String> fields() {
    return switch (action) {
      case NONE, PUT_AT_CREATION -> List.of();
      case PUT -> List.of("inline policy");
      case DELETE -> List.of("inline policy removed");
    };
  }

  /** The document, summarised: its statement ids and a hash. */
  @Override
  public List<Difference> differences() {
    return action == Action.PUT || action == Action.DELETE
        ? List.of(Difference.ofPolicy(DOCUMENT, current, document))
        : List.of();
  }

  @Override
  public InlinePolicyUpdate without(Set<String> fields) {
    return fields.contains(DOCUMENT) && (action == Action.PUT || action == Action.DELETE)
        ? new InlinePolicyUpdate(Action.NONE, Optional.empty(), bindingOnly, current)
        : this;
  }
}
