package dev.msa.operator.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A change of one field that has its own call and no update type (a table's time to live, its
 * point-in-time recovery): the field with both values when it differs, else nothing.
 */
public record FieldUpdate(Optional<Difference> difference) implements AwsUpdate {
  public static final FieldUpdate NONE = new FieldUpdate(Optional.empty());

  public static FieldUpdate of(String field, String observed, String desired) {
    return new FieldUpdate(Optional.of(Difference.of(field, observed, desired)));
  }

  @Override
  public List<String> fields() {
    return difference.map(d -> List.of(d.field())).orElse(List.of());
  }

  @Override
  public List<Difference> differences() {
    return difference.map(List::of).orElse(List.of());
  }

  @Override
  public FieldUpdate without(Set<String> fields) {
    return difference.filter(d -> fields.contains(d.field())).isPresent() ? NONE : this;
  }
}
