package dev.msa.operator.model;

import java.util.List;
import java.util.Set;

/**
 * What a pure delta found to differ between a desired and an observed AWS resource: what an
 * adapter's update sends, the fields an Event names, and the same field by field for {@link
 * DriftPolicy}.
 */
public interface AwsUpdate {
  /** The names of what changes, as an Event lists them; empty when nothing differs. */
  List<String> fields();

  default boolean isEmpty() {
    return fields().isEmpty();
  }

  /**
   * What differs, one entry per field a driftPolicy can name, with the observed and the desired
   * value. Empty for a resource with no such fields (its changes are always made).
   */
  default List<Difference> differences() {
    return List.of();
  }

  /**
   * The same update without the changes of these fields (names of {@link #differences()}): what is
   * left to send when a driftPolicy leaves them as they are. Every update returns its own type.
   */
  default AwsUpdate without(Set<String> fields) {
    return this;
  }

  /** The update of a resource with nothing to change in place (a topic, say). */
  AwsUpdate NONE = List::of;
}
