package dev.msa.operator.model;

import static dev.msa.operator.api.DriftAction.Correct;
import static dev.msa.operator.api.DriftAction.Ignore;
import static dev.msa.operator.api.DriftAction.Report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.DriftAction;
import dev.msa.operator.api.DriftField;
import dev.msa.operator.api.DriftPart;
import dev.msa.operator.api.DriftRule;
import dev.msa.operator.model.TableDefinition.Key;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which fields of a delta a resync changes, reports or leaves silently, for a driftPolicy; and the
 * deltas' own halves of it: each names its fields with both values and can leave some out.
 */
class DriftPolicyTest {
  private static final Map<String, String> DESIRED_QUEUE =
      Map.of("VisibilityTimeout", "30", "MessageRetentionPeriod", "345600");
  private static final Map<String, String> TUNED_QUEUE =
      Map.of("VisibilityTimeout", "120", "MessageRetentionPeriod", "60");

  @Test
  void withoutRulesEveryFieldIsCorrected() {
    AttributeChanges delta = AttributeChanges.ofQueue(DESIRED_QUEUE, TUNED_QUEUE);

    DriftPolicy.Decision decision =
        DriftPolicy.CORRECT.decide(AwsPart.SQS_QUEUE, delta.differences(), Set.of());

    assertThat(decision.left()).isEmpty();
    assertThat(decision.reported()).isEmpty();
    assertThat(DriftPolicy.CORRECT.reports()).isFalse();
  }

  @Test
  void aReportedFieldIsLeftAndReportedWithBothValuesAndTheOthersAreCorrected() {
    DriftPolicy policy =
        DriftPolicy.of(List.of(rule(DriftPart.Queue, Report, "VisibilityTimeout")));
    AttributeChanges delta = AttributeChanges.ofQueue(DESIRED_QUEUE, TUNED_QUEUE);

    DriftPolicy.Decision decision = policy.decide(AwsPart.SQS_QUEUE, delta.differences(), Set.of());

    assertThat(decision.left()).containsExactly("VisibilityTimeout");
    assertThat(decision.reported())
        .containsExactly(new Difference("VisibilityTimeout", "120", "30"));
    assertThat(delta.without(decision.left()).changed())
        .as("what is still sent")
        .isEqualTo(Map.of("MessageRetentionPeriod", "345600"));
    assertThat(policy.reports()).isTrue();
  }

  @Test
  void anIgnoredFieldIsLeftAndNotReported() {
    DriftPolicy policy =
        DriftPolicy.of(List.of(rule(DriftPart.Queue, Ignore, "VisibilityTimeout")));
    AttributeChanges delta = AttributeChanges.ofQueue(DESIRED_QUEUE, TUNED_QUEUE);

    DriftPolicy.Decision decision = policy.decide(AwsPart.SQS_QUEUE, delta.differences(), Set.of());

    assertThat(decision.left()).containsExactly("VisibilityTimeout");
    assertThat(decision.reported()).isEmpty();
    assertThat(policy.reports()).isFalse();
  }

  @Test
  void aRuleWithoutFieldsCoversThePartAndARuleNamingTheFieldWinsOverIt() {
    DriftPolicy policy =
        DriftPolicy.of(
            List.of(
                rule(DriftPart.Queue, Ignore),
                rule(DriftPart.Queue, Correct, "RedrivePolicy"),
                rule(DriftPart.Queue, Report, "MessageRetentionPeriod")));

    assertThat(policy.actionFor(AwsPart.SQS_QUEUE, "VisibilityTimeout")).isEqualTo(Ignore);
    assertThat(policy.actionFor(AwsPart.SQS_QUEUE, "RedrivePolicy")).isEqualTo(Correct);
    assertThat(policy.actionFor(AwsPart.SQS_QUEUE, "MessageRetentionPeriod")).isEqualTo(Report);
    assertThat(policy.actionFor(AwsPart.DEAD_LETTER_QUEUE, "MessageRetentionPeriod"))
        .as("another part")
        .isEqualTo(Correct);
    assertThat(policy.actionFor(AwsPart.SNS_TOPIC, "anything"))
        .as("a part no rule can name")
        .isEqualTo(Correct);
  }

  @Test
  void aFieldTheSpecChangedIsAppliedWhateverTheRuleSays() {
    DriftPolicy policy = DriftPolicy.of(List.of(rule(DriftPart.Queue, Ignore)));
    AttributeChanges delta = AttributeChanges.ofQueue(DESIRED_QUEUE, TUNED_QUEUE);

    DriftPolicy.Decision decision =
        policy.decide(AwsPart.SQS_QUEUE, delta.differences(), Set.of("VisibilityTimeout"));

    assertThat(decision.left()).containsExactly("MessageRetentionPeriod");
  }

  @Test
  void aFieldChangedWhenItsDesiredValueDiffersOrItDiffersOnlyNow() {
    Map<String, String> observed =
        Map.of("VisibilityTimeout", "120", "MessageRetentionPeriod", "60");
    List<Difference> before =
        AttributeChanges.ofQueue(
                Map.of("VisibilityTimeout", "30", "MessageRetentionPeriod", "60"), observed)
            .differences();

    assertThat(
            DriftPolicy.changedBetween(
                before,
                AttributeChanges.ofQueue(
                        Map.of("VisibilityTimeout", "30", "MessageRetentionPeriod", "90"), observed)
                    .differences()))
        .as("retention now differs, the visibility timeout as before")
        .containsExactly("MessageRetentionPeriod");
    assertThat(
            DriftPolicy.changedBetween(
                before,
                AttributeChanges.ofQueue(
                        Map.of("VisibilityTimeout", "45", "MessageRetentionPeriod", "60"), observed)
                    .differences()))
        .as("another desired value")
        .containsExactly("VisibilityTimeout");
  }

  @Test
  void aRoleKeepsWhatIsLeftAndSendsTheRest() {
    RoleUpdate update =
        RoleUpdate.between(
            new DesiredRole(trust("Allow"), Optional.of("arn:aws:iam::1:policy/b"), "d"),
            new ObservedRole("r", "arn:r", trust("Deny"), Optional.empty(), Map.of()));

    assertThat(update.differences())
        .extracting(Difference::field)
        .containsExactly("TrustPolicy", "PermissionsBoundary");
    assertThat(update.differences().get(0).observed())
        .as("a policy is summarised, never shown")
        .startsWith("1 statement Trust (sha256 ")
        .doesNotContain("Deny");
    RoleUpdate left = update.without(Set.of("TrustPolicy"));
    assertThat(left.trustPolicy()).isEmpty();
    assertThat(left.permissionsBoundary()).contains(Optional.of("arn:aws:iam::1:policy/b"));
    assertThat(left.fields()).containsExactly("permissions boundary");
  }

  @Test
  void anInlinePolicyLeftAsItIsIsNotPut() {
    InlinePolicyUpdate update =
        InlinePolicyUpdate.between(Optional.of(trust("Allow")), Optional.of(trust("Deny")), false);

    assertThat(update.differences()).extracting(Difference::field).containsExactly("Document");
    assertThat(update.without(Set.of("Document")).isEmpty()).isTrue();
    assertThat(update.without(Set.of("Document")).action())
        .isEqualTo(InlinePolicyUpdate.Action.NONE);
  }

  @Test
  void aRuleWhosePatternIsLeftIsPutWithTheObservedPatternAndAStateLeftStaysDisabled() {
    RuleUpdate update =
        RuleUpdate.between(
            new DesiredRule("{\"source\":[\"a\"]}", "d"),
            new ObservedRule("arn:rule", "{\"source\":[\"b\"]}", false));

    RuleUpdate stateOnly = update.without(Set.of("EventPattern"));
    assertThat(stateOnly.eventPattern()).isEqualTo("{\"source\":[\"b\"]}");
    assertThat(stateOnly.enabled()).isTrue();
    RuleUpdate patternOnly = update.without(Set.of("State"));
    assertThat(patternOnly.eventPattern()).isEqualTo("{\"source\":[\"a\"]}");
    assertThat(patternOnly.enabled()).isFalse();
    assertThat(update.without(Set.of("EventPattern", "State")).isEmpty()).isTrue();
  }

  @Test
  void aTableLeavesTheStepsOfTheFieldsLeft() {
    Key id = new Key("id", "S");
    TableDefinition desired =
        new TableDefinition(
            "t",
            id,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            false,
            Optional.of("NEW_IMAGE"),
            true);
    ObservedTable observed =
        new ObservedTable(
            "t",
            "arn:t",
            "ACTIVE",
            id,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            false);

    TableChanges changes = TableChanges.between(desired, observed);
    assertThat(changes.differences())
        .containsExactly(
            new Difference("DeletionProtection", "off", "on"),
            new Difference("Stream", "off", "NEW_IMAGE"));
    assertThat(changes.without(Set.of("DeletionProtection")).steps())
        .extracting(TableUpdate::driftField)
        .containsExactly("Stream");
  }

  @Test
  void longValuesAreShortenedAndStillTellTwoValuesApart() {
    String a = "x".repeat(200) + "a";
    String b = "x".repeat(200) + "b";

    Difference difference = Difference.of("FilterPolicy", a, b);

    assertThat(difference.observed()).hasSizeLessThan(70).isNotEqualTo(difference.desired());
    assertThat(Difference.of("FilterPolicy", null, "").describe())
        .isEqualTo("FilterPolicy is (none) (spec: (none))");
  }

  @Test
  void everyFieldADeltaNamesIsAFieldOfItsPart() {
    assertThat(fields(DriftPart.Queue)).contains("VisibilityTimeout", "MessageRetentionPeriod");
    for (TableUpdate step :
        List.<TableUpdate>of(
            new TableUpdate.SetDeletionProtection(true),
            new TableUpdate.SetStream(Optional.empty()),
            new TableUpdate.DeleteIndex("i"))) {
      assertThat(fields(DriftPart.Table)).contains(step.driftField());
    }
    assertThat(fields(DriftPart.Role))
        .containsExactly(RoleUpdate.TRUST_POLICY, RoleUpdate.PERMISSIONS_BOUNDARY);
    assertThat(fields(DriftPart.InlinePolicy)).containsExactly(InlinePolicyUpdate.DOCUMENT);
    assertThat(fields(DriftPart.ManagedPolicies)).containsExactly(ManagedPolicyUpdate.ATTACHMENTS);
    assertThat(fields(DriftPart.PodIdentityAssociation))
        .containsExactly(PodIdentityUpdate.ROLE_ARN);
    assertThat(fields(DriftPart.Rule)).containsExactly(RuleUpdate.EVENT_PATTERN, RuleUpdate.STATE);
    assertThat(fields(DriftPart.Subscription))
        .containsExactlyInAnyOrder(
            SubscriptionAttributes.FILTER_POLICY,
            SubscriptionAttributes.FILTER_POLICY_SCOPE,
            SubscriptionAttributes.RAW_MESSAGE_DELIVERY);
    for (AwsPart part : AwsPart.values()) {
      part.driftPart().ifPresent(p -> assertThat(p.fields()).isNotEmpty());
    }
  }

  private static List<String> fields(DriftPart part) {
    return part.fields().stream().map(DriftField::name).toList();
  }

  private static String trust(String effect) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Trust\",\"Effect\":\""
        + effect
        + "\",\"Action\":\"sts:AssumeRole\"}]}";
  }

  private static DriftRule rule(DriftPart part, DriftAction action, String... fields) {
    return new DriftRule(
        part,
        fields.length == 0 ? null : Arrays.stream(fields).map(DriftField::valueOf).toList(),
        action);
  }
}
