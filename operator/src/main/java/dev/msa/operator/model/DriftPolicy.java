package dev.msa.operator.model;

import dev.msa.operator.api.DriftAction;
import dev.msa.operator.api.DriftRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An object's {@code spec.driftPolicy}, and which of the fields a delta found to differ a resync
 * may change. A field takes the action of the rule that names it, else of its part's rule without
 * fields, else Correct. A field whose desired value changed since the operator last compared it is
 * the spec's change, not drift: it is applied whatever the rule says.
 */
public final class DriftPolicy {
  /** No rules: every field is corrected, as before there were policies. */
  public static final DriftPolicy CORRECT = new DriftPolicy(List.of());

  private final List<DriftRule> rules;

  private DriftPolicy(List<DriftRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static DriftPolicy of(List<DriftRule> rules) {
    return rules == null || rules.isEmpty() ? CORRECT : new DriftPolicy(rules);
  }

  /** Whether any rule reports: then the object carries the Drifted condition. */
  public boolean reports() {
    return rules.stream().anyMatch(r -> r.getAction() == DriftAction.Report);
  }

  /** The action for a field of a part. */
  public DriftAction actionFor(AwsPart part, String field) {
    if (part.driftPart().isEmpty()) {
      return DriftAction.Correct;
    }
    Optional<DriftRule> named =
        rules.stream()
            .filter(r -> r.getPart() == part.driftPart().get() && r.getFields() != null)
            .filter(r -> r.getFields().stream().anyMatch(f -> f.name().equals(field)))
            .findFirst();
    Optional<DriftRule> wholePart =
        rules.stream()
            .filter(r -> r.getPart() == part.driftPart().get() && r.getFields() == null)
            .findFirst();
    return named.or(() -> wholePart).map(DriftRule::getAction).orElse(DriftAction.Correct);
  }

  /**
   * What to do with the fields of one delta.
   *
   * @param differences what the delta found, field by field
   * @param changedBySpec fields whose desired value the spec (or what it refers to) changed since
   *     the last comparison: applied whatever the rule says
   */
  public Decision decide(AwsPart part, List<Difference> differences, Set<String> changedBySpec) {
    List<Difference> reported = new ArrayList<>();
    Set<String> left = new TreeSet<>();
    for (Difference difference : differences) {
      if (changedBySpec.contains(difference.field())) {
        continue;
      }
      DriftAction action = actionFor(part, difference.field());
      if (action == DriftAction.Report) {
        reported.add(difference);
      }
      if (action != DriftAction.Correct) {
        left.add(difference.field());
      }
    }
    return new Decision(left, reported);
  }

  /**
   * The fields whose desired value differs between two comparisons with the same observed resource:
   * {@code now} (the current desired state) and {@code before} (the desired state of the last
   * comparison). A field that differs in only one of them, or with another desired value, changed.
   */
  public static Set<String> changedBetween(List<Difference> before, List<Difference> now) {
    Map<String, Difference> earlier =
        before.stream().collect(Collectors.toMap(Difference::field, Function.identity()));
    Set<String> changed = new TreeSet<>();
    for (Difference difference : now) {
      Difference old = earlier.get(difference.field());
      if (old == null || !old.desired().equals(difference.desired())) {
        changed.add(difference.field());
      }
    }
    return changed;
  }

  /**
   * What a delta's owner does: leave the {@code left} fields out of the update (they are reported
   * or ignored), and report {@code reported}.
   */
  public record Decision(Set<String> left, List<Difference> reported) {
    public Decision {
      left = Set.copyOf(left);
      reported = List.copyOf(reported);
    }
  }
}
