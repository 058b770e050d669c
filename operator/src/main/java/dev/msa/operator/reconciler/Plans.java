package dev.msa.operator.reconciler;

import dev.msa.operator.api.Plan;
import dev.msa.operator.api.PlanAction;
import dev.msa.operator.api.PlanOnly;
import dev.msa.operator.api.PlannedChange;
import dev.msa.operator.model.Difference;
import dev.msa.operator.model.PolicyDocuments;
import dev.msa.operator.model.StatementChanges;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A plan as {@code status.plan}, the Ready condition and the Planned Event show it: small enough to
 * read in {@code kubectl get -o yaml} whatever the spec (the changes, fields and statements are
 * capped, long values shortened, policy documents summarised; none of it holds credentials).
 */
final class Plans {
  /** A value only AWS gives, once the resource exists: a new queue's URL. */
  static final String KNOWN_AFTER_APPLY = "(known after apply)";

  static final String PLAN_ONLY = "PlanOnly";
  static final String PLANNED = "Planned";
  static final String APPLYING_PLAN = "ApplyingPlan";

  static final int MAX_CHANGES = 30;
  static final int MAX_FIELDS = 12;
  static final int MAX_STATEMENTS = 10;
  static final int LONGEST_FIELD = 240;

  /** How many changes the Planned Event names; status.plan has them all. */
  private static final int CHANGES_IN_EVENT = 10;

  private Plans() {}

  /** An AWS change a planning reconcile recorded. */
  static PlannedChange of(Change change) {
    List<String> fields = new ArrayList<>();
    if (change.kind() == Change.Kind.RECREATED) {
      fields.add("deleted outside the operator: created again");
    }
    if (change.differences().isEmpty()) {
      fields.addAll(change.fields());
    } else {
      change.differences().forEach(d -> fields.add(d.planned()));
    }
    return planned(action(change.kind()), resource(change), fields, change.statements());
  }

  /** A change of a Kubernetes object: the fields that would change, or that a creation sets. */
  static PlannedChange ofObject(PlanAction action, String resource, List<Difference> fields) {
    return planned(
        action, resource, fields.stream().map(Difference::planned).toList(), StatementChanges.NONE);
  }

  /** A Kubernetes object that would not be applied, and why (a dry run refused it). */
  static PlannedChange ofObject(PlanAction action, String resource, String note) {
    return planned(action, resource, List.of(note), StatementChanges.NONE);
  }

  static Plan of(Long generation, List<PlannedChange> changes) {
    Plan plan = new Plan();
    plan.setGeneration(generation);
    plan.setChanges(new ArrayList<>(changes.subList(0, Math.min(changes.size(), MAX_CHANGES))));
    plan.setOmitted(changes.size() > MAX_CHANGES ? changes.size() - MAX_CHANGES : null);
    return plan;
  }

  static int size(Plan plan) {
    return plan.getChanges().size() + Objects.requireNonNullElse(plan.getOmitted(), 0);
  }

  static boolean same(Plan a, Plan b) {
    var json = Serialization.jsonMapper();
    return json.valueToTree(a).equals(json.valueToTree(b));
  }

  /**
   * Ready's message: "plan-only: 7 changes planned for generation 3 (status.plan); remove the
   * msa.dev/plan-only annotation to apply them".
   */
  static String readyMessage(Plan plan, boolean deletion, List<String> incomplete) {
    int size = size(plan);
    String what =
        size == 0
            ? (deletion ? "deleting" : "applying generation " + plan.getGeneration())
                + " would change nothing on AWS or Kubernetes"
            : size
                + (size == 1 ? " change" : " changes")
                + " planned for "
                + (deletion ? "the deletion" : "generation " + plan.getGeneration())
                + " (status.plan)";
    return "plan-only: "
        + what
        + (incomplete.isEmpty()
            ? ""
            : "; incomplete: planning " + String.join(", ", incomplete) + " failed")
        + "; remove the "
        + PlanOnly.ANNOTATION
        + " annotation to "
        + (deletion ? "delete" : "apply")
        + (size == 0 || deletion ? "" : " them");
  }

  /** The Planned Event: the generation and the first changes, one phrase each. */
  static String eventMessage(Plan plan, boolean deletion) {
    int size = size(plan);
    String subject =
        deletion ? "plan for the deletion" : "plan for generation " + plan.getGeneration();
    if (size == 0) {
      return subject + ": no changes";
    }
    String listed =
        plan.getChanges().stream()
            .limit(CHANGES_IN_EVENT)
            .map(c -> c.getAction() + " " + c.getResource())
            .collect(Collectors.joining(", "));
    int rest = size - Math.min(size, CHANGES_IN_EVENT);
    return subject
        + ", "
        + size
        + (size == 1 ? " change: " : " changes: ")
        + listed
        + (rest > 0 ? " and " + rest + " more (status.plan)" : "")
        + "; remove "
        + PlanOnly.ANNOTATION
        + " to "
        + (deletion ? "delete" : "apply");
  }

  private static PlannedChange planned(
      PlanAction action, String resource, List<String> fields, StatementChanges statements) {
    return new PlannedChange(
        action,
        resource,
        capped(fields, MAX_FIELDS, "fields", LONGEST_FIELD),
        // a statement's line is shortened where it is written (PolicyDocuments)
        capped(statements.added(), MAX_STATEMENTS, "statements", Integer.MAX_VALUE),
        capped(statements.removed(), MAX_STATEMENTS, "statements", Integer.MAX_VALUE));
  }

  private static List<String> capped(List<String> values, int max, String what, int longest) {
    List<String> shown = new ArrayList<>();
    for (String value : values) {
      if (shown.size() == max - 1 && values.size() > max) {
        shown.add("… and " + (values.size() - shown.size()) + " more " + what);
        break;
      }
      shown.add(value.length() <= longest ? value : value.substring(0, longest - 1) + "…");
    }
    return shown;
  }

  private static PlanAction action(Change.Kind kind) {
    return switch (kind) {
      case CREATED, RECREATED -> PlanAction.Create;
      case UPDATED, ADOPTED, RETAINED -> PlanAction.Update;
      case DELETED -> PlanAction.Delete;
    };
  }

  /** "SQS queue q"; a role's policies and a rule's targets are named as parts of them. */
  private static String resource(Change change) {
    String what = change.part().display() + " " + change.name();
    return switch (change.part()) {
      case IAM_INLINE_POLICY -> what + " inline policy " + PolicyDocuments.INLINE_POLICY_NAME;
      case IAM_MANAGED_POLICIES -> what + " managed policies";
      case EVENTBRIDGE_TARGETS -> what + " targets";
      default -> what;
    };
  }
}
