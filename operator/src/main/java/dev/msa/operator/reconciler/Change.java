package dev.msa.operator.reconciler;

import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.Difference;
import dev.msa.operator.model.StatementChanges;
import java.util.List;

/**
 * One thing a reconcile did to an AWS resource. Events are written from these, and the drift meter
 * counts them by {@link AwsPart#meterName()}: nothing matches on their text.
 *
 * @param name the resource's name as an Event shows it
 * @param fields what an update or an adoption changed
 * @param differences the fields with both values, as a plan shows them (a creation: what it sets)
 * @param statements what a change of a policy document adds and removes, for a plan
 */
record Change(
    AwsPart part,
    String name,
    Kind kind,
    List<String> fields,
    List<Difference> differences,
    StatementChanges statements) {
  enum Kind {
    CREATED,
    /** Created again: the status had recorded it, so it was deleted outside the operator. */
    RECREATED,
    UPDATED,
    /** Taken over from an earlier object of the same name; the fields say from whom. */
    ADOPTED,
    /** Kept on the owner's deletion (deletionPolicy Retain), its msa.dev/uid tag removed. */
    RETAINED,
    DELETED
  }

  Change {
    fields = List.copyOf(fields);
    differences = List.copyOf(differences);
  }

  Change(AwsPart part, String name, Kind kind, List<String> fields) {
    this(part, name, kind, fields, List.of(), StatementChanges.NONE);
  }

  static Change of(AwsPart part, String name, Kind kind) {
    return new Change(part, name, kind, List.of());
  }

  /** It brought something to the spec: an update, or with an unchanged spec, drift put back. */
  boolean isCorrection() {
    return kind == Kind.RECREATED || kind == Kind.UPDATED;
  }

  boolean isCreation() {
    return kind == Kind.CREATED || kind == Kind.RECREATED;
  }

  /** As an Event lists it: "SQS queue q VisibilityTimeout", "SNS topic t (deleted outside …)". */
  String describe() {
    String what = part.display() + " " + name;
    return switch (kind) {
      case CREATED, DELETED -> what;
      case RETAINED -> what + " (kept, " + dev.msa.operator.model.AwsTags.UID + " tag removed)";
      case RECREATED -> what + " (deleted outside the operator)";
      case UPDATED -> fields.isEmpty() ? what : what + " " + String.join(", ", fields);
      case ADOPTED ->
          what + " adopted" + (fields.isEmpty() ? "" : ": " + String.join(", ", fields));
    };
  }
}
