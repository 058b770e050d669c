package dev.msa.operator.model;

import java.util.List;

/**
 * What a pure delta found to differ between a desired and an observed AWS resource: what an
 * adapter's update sends, and the fields an Event names.
 */
public interface AwsUpdate {
  /** The names of what changes, as an Event lists them; empty when nothing differs. */
  List<String> fields();

  default boolean isEmpty() {
    return fields().isEmpty();
  }

  /** The update of a resource with nothing to change in place (a topic, say). */
  AwsUpdate NONE = List::of;
}
