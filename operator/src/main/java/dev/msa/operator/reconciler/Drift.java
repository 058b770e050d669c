package dev.msa.operator.reconciler;

import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.Difference;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Drift a reconcile found and left as it is because the object's driftPolicy reports it: the
 * DriftDetected Event and the Drifted condition are written from these.
 *
 * @param name the resource's name as an Event shows it
 */
record Drift(AwsPart part, String name, List<Difference> differences) {
  Drift {
    differences = List.copyOf(differences);
  }

  /** "SQS queue q: VisibilityTimeout is 120 (spec: 30)". */
  String describe() {
    return part.display()
        + " "
        + name
        + ": "
        + differences.stream().map(Difference::describe).collect(Collectors.joining(", "));
  }

  static String describe(List<Drift> drift) {
    return drift.stream().map(Drift::describe).collect(Collectors.joining("; "));
  }
}
