package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Plan;
import dev.msa.operator.api.PlanAction;
import dev.msa.operator.api.PlannedChange;
import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.Difference;
import dev.msa.operator.model.StatementChanges;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A plan as status.plan, Ready and the Planned Event show it: named, capped, readable. */
class PlansTest {

  @Test
  void anAwsChangeNamesItsResourceAndListsItsFieldsWithBothValues() {
    PlannedChange update =
        Plans.of(
            new Change(
                AwsPart.SQS_QUEUE,
                "prod-shop-orders",
                Change.Kind.UPDATED,
                List.of("VisibilityTimeout"),
                List.of(Difference.of("VisibilityTimeout", "30", "60")),
                StatementChanges.NONE));

    assertThat(update.getAction()).isEqualTo(PlanAction.Update);
    assertThat(update.getResource()).isEqualTo("SQS queue prod-shop-orders");
    assertThat(update.getFields()).containsExactly("VisibilityTimeout: 30 → 60");
    assertThat(update.getStatementsAdded()).isEmpty();
  }

  @Test
  void aRolesPolicyIsNamedAsItsPartAndARecreationSaysWhy() {
    PlannedChange policy =
        Plans.of(
            new Change(
                AwsPart.IAM_INLINE_POLICY,
                "prod-shop-orders",
                Change.Kind.UPDATED,
                List.of("inline policy"),
                List.of(),
                new StatementChanges(List.of("ReadWriteBoundTables: Allow …"), List.of())));
    PlannedChange recreated =
        Plans.of(Change.of(AwsPart.SNS_TOPIC, "prod-shop-orders-events", Change.Kind.RECREATED));

    assertThat(policy.getResource())
        .isEqualTo("IAM role prod-shop-orders inline policy msa-operator");
    assertThat(policy.getFields()).containsExactly("inline policy");
    assertThat(policy.getStatementsAdded()).containsExactly("ReadWriteBoundTables: Allow …");
    assertThat(recreated.getAction()).isEqualTo(PlanAction.Create);
    assertThat(recreated.getFields())
        .containsExactly("deleted outside the operator: created again");
  }

  @Test
  void changesFieldsAndStatementsAreCappedAndSayHowManyMore() {
    List<Difference> fields = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      fields.add(Difference.of("f" + i, null, "v"));
    }
    fields.add(Difference.of("long", null, "x".repeat(70)));
    PlannedChange created =
        Plans.ofObject(
            PlanAction.Create, "Deployment orders", fields.subList(0, Plans.MAX_FIELDS + 3));
    List<PlannedChange> many =
        Collections.nCopies(Plans.MAX_CHANGES + 5, Plans.ofObject(PlanAction.Create, "x", "y"));

    Plan plan = Plans.of(3L, many);

    assertThat(created.getFields())
        .hasSize(Plans.MAX_FIELDS)
        .endsWith("… and 4 more fields")
        .allMatch(f -> f.length() <= Plans.LONGEST_FIELD);
    assertThat(plan.getChanges()).hasSize(Plans.MAX_CHANGES);
    assertThat(plan.getOmitted()).isEqualTo(5);
    assertThat(Plans.size(plan)).isEqualTo(Plans.MAX_CHANGES + 5);
    assertThat(Plans.of(3L, List.of()).getOmitted()).isNull();
  }

  @Test
  void readyAndTheEventSayWhatIsPlannedAndHowToApplyIt() {
    Plan plan =
        Plans.of(
            4L,
            List.of(
                Plans.ofObject(PlanAction.Create, "SQS queue q", "VisibilityTimeout: 30"),
                Plans.ofObject(PlanAction.Update, "Deployment orders", "spec.replicas: 1 → 2")));

    assertThat(Plans.readyMessage(plan, false, List.of()))
        .isEqualTo(
            "plan-only: 2 changes planned for generation 4 (status.plan); remove the"
                + " msa.dev/plan-only annotation to apply them");
    assertThat(Plans.readyMessage(plan, false, List.of("IdentityReady")))
        .contains("; incomplete: planning IdentityReady failed;");
    assertThat(Plans.readyMessage(Plans.of(4L, List.of()), false, List.of()))
        .isEqualTo(
            "plan-only: applying generation 4 would change nothing on AWS or Kubernetes; remove"
                + " the msa.dev/plan-only annotation to apply");
    assertThat(Plans.readyMessage(plan, true, List.of()))
        .isEqualTo(
            "plan-only: 2 changes planned for the deletion (status.plan); remove the"
                + " msa.dev/plan-only annotation to delete");
    assertThat(Plans.eventMessage(plan, false))
        .isEqualTo(
            "plan for generation 4, 2 changes: Create SQS queue q, Update Deployment orders;"
                + " remove msa.dev/plan-only to apply");
    assertThat(Plans.same(plan, Plans.of(4L, new ArrayList<>(plan.getChanges())))).isTrue();
    assertThat(Plans.same(plan, Plans.of(5L, plan.getChanges()))).isFalse();
  }
}
