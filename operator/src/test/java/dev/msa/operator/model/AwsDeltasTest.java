package dev.msa.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure deltas the reconcilers send: each case a desired and an observed state. */
class AwsDeltasTest {
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"}]}";
  private static final String TRUST_REORDERED =
      "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\"}],\"Version\":\"2012-10-17\"}";
  private static final String OTHER_TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRole\"}]}";
  private static final String BOUNDARY = "arn:aws:iam::1:policy/boundary";

  static Stream<Arguments> roles() {
    return Stream.of(
        Arguments.of(TRUST, Optional.empty(), TRUST_REORDERED, Optional.empty(), List.of()),
        Arguments.of(
            TRUST, Optional.empty(), OTHER_TRUST, Optional.empty(), List.of("trust policy")),
        Arguments.of(
            TRUST, Optional.of(BOUNDARY), TRUST, Optional.empty(), List.of("permissions boundary")),
        Arguments.of(
            TRUST, Optional.empty(), TRUST, Optional.of(BOUNDARY), List.of("permissions boundary")),
        Arguments.of(
            TRUST,
            Optional.of(BOUNDARY),
            OTHER_TRUST,
            Optional.of("arn:aws:iam::1:policy/other"),
            List.of("trust policy", "permissions boundary")));
  }

  @ParameterizedTest
  @MethodSource("roles")
  void roleTrustComparesByMeaningAndTheBoundaryExactly(
      String trust,
      Optional<String> boundary,
      String observedTrust,
      Optional<String> observedBoundary,
      List<String> fields) {
    RoleUpdate update =
        RoleUpdate.between(
            new DesiredRole(trust, boundary, "d"),
            new ObservedRole("r", "arn:r", observedTrust, observedBoundary, Map.of()));

    assertThat(update.fields()).isEqualTo(fields);
    assertThat(update.permissionsBoundary().isPresent())
        .isEqualTo(fields.contains("permissions boundary"));
    update.permissionsBoundary().ifPresent(b -> assertThat(b).isEqualTo(boundary));
  }

  static Stream<Arguments> managedPolicies() {
    String a = "arn:aws:iam::aws:policy/A";
    String b = "arn:aws:iam::aws:policy/B";
    String c = "arn:aws:iam::aws:policy/C";
    return Stream.of(
        // requested, allow-list, attached → attach, detach, refused
        Arguments.of(Set.of(a), Set.of(a, b), Set.of(), List.of(a), List.of(), List.of()),
        Arguments.of(Set.of(a), Set.of(a, b), Set.of(a, b), List.of(), List.of(b), List.of()),
        Arguments.of(Set.of(a, c), Set.of(a), Set.of(), List.of(a), List.of(), List.of(c)),
        // attached by someone else and not allow-listed: not the operator's to remove
        Arguments.of(Set.of(), Set.of(a), Set.of(c), List.of(), List.of(), List.of()),
        Arguments.of(Set.of(a), Set.of(), Set.of(), List.of(), List.of(), List.of(a)));
  }

  @ParameterizedTest
  @MethodSource("managedPolicies")
  void managedPoliciesAreTheAllowListedSetDifference(
      Set<String> requested,
      Set<String> allowList,
      Set<String> attached,
      List<String> attach,
      List<String> detach,
      List<String> refused) {
    ManagedPolicyUpdate update = ManagedPolicyUpdate.between(requested, allowList, attached);

    assertThat(update.attach()).isEqualTo(attach);
    assertThat(update.detach()).isEqualTo(detach);
    assertThat(update.refused()).isEqualTo(refused);
    assertThat(update.isEmpty()).isEqualTo(attach.isEmpty() && detach.isEmpty());
  }

  static Stream<Arguments> inlinePolicies() {
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Queue\"}]}";
    String other = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Topics\"}]}";
    return Stream.of(
        // desired, current, role created now → action, fields
        Arguments.of(Optional.of(policy), Optional.empty(), true, "PUT_AT_CREATION", List.of()),
        Arguments.of(Optional.of(policy), Optional.empty(), false, "PUT", List.of("inline policy")),
        Arguments.of(Optional.of(policy), Optional.of(policy), false, "NONE", List.of()),
        Arguments.of(
            Optional.of(policy), Optional.of(other), false, "PUT", List.of("inline policy")),
        Arguments.of(
            Optional.empty(),
            Optional.of(other),
            false,
            "DELETE",
            List.of("inline policy removed")),
        Arguments.of(Optional.empty(), Optional.empty(), false, "NONE", List.of()));
  }

  @ParameterizedTest
  @MethodSource("inlinePolicies")
  void theInlinePolicyIsPutOrDeletedAndItsFirstPutIsPartOfTheRole(
      Optional<String> desired,
      Optional<String> current,
      boolean roleCreated,
      String action,
      List<String> fields) {
    InlinePolicyUpdate update = InlinePolicyUpdate.between(desired, current, roleCreated);

    assertThat(update.action().name()).isEqualTo(action);
    assertThat(update.fields()).isEqualTo(fields);
  }

  static Stream<Arguments> targets() {
    RuleTarget wanted = new RuleTarget("msa", "arn:aws:sqs:r:1:q", null);
    RuleTarget elsewhere = new RuleTarget("msa", "arn:aws:sqs:r:1:old", null);
    RuleTarget foreign = new RuleTarget("theirs", "arn:aws:sqs:r:1:x", null);
    return Stream.of(
        Arguments.of(List.of(wanted), List.of(), Optional.empty()),
        Arguments.of(List.of(), List.of("target q"), Optional.empty()),
        Arguments.of(List.of(elsewhere), List.of("target q"), Optional.of("arn:aws:sqs:r:1:old")),
        Arguments.of(
            List.of(wanted, foreign), List.of("removed targets theirs"), Optional.empty()));
  }

  @ParameterizedTest
  @MethodSource("targets")
  void theSubscriberQueueIsTheRulesOnlyTarget(
      List<RuleTarget> current, List<String> fields, Optional<String> formerQueue) {
    TargetUpdate update =
        TargetUpdate.between(new RuleTarget("msa", "arn:aws:sqs:r:1:q", null), current);

    assertThat(update.fields()).isEqualTo(fields);
    assertThat(update.formerQueueArn()).isEqualTo(formerQueue);
  }

  static Stream<Arguments> rules() {
    String pattern = "{\"source\":[\"shop\"],\"detail-type\":[\"OrderPaid\"]}";
    String reordered = "{\"detail-type\":[\"OrderPaid\"],\"source\":[\"shop\"]}";
    return Stream.of(
        Arguments.of(pattern, reordered, true, List.of()),
        Arguments.of(pattern, "{\"source\":[\"other\"]}", true, List.of("event pattern")),
        Arguments.of(pattern, pattern, false, List.of("state ENABLED")));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void aRuleIsPutWhenItsPatternMeansSomethingElseOrItIsDisabled(
      String desired, String observed, boolean enabled, List<String> fields) {
    RuleUpdate update =
        RuleUpdate.between(
            new DesiredRule(desired, "d"), new ObservedRule("arn:rule", observed, enabled));

    assertThat(update.fields()).isEqualTo(fields);
  }

  static Stream<Arguments> podIdentities() {
    PodIdentityAssociation current =
        new PodIdentityAssociation("a-1", "arn:a", "ns", "sa", "r1", Map.of());
    return Stream.of(
        Arguments.of(Optional.empty(), "CREATE"),
        Arguments.of(Optional.of(current), "NONE"),
        Arguments.of(
            Optional.of(new PodIdentityAssociation("a-1", "arn:a", "ns", "sa", "r0", Map.of())),
            "UPDATE"));
  }

  @ParameterizedTest
  @MethodSource("podIdentities")
  void theAssociationFollowsTheRole(Optional<PodIdentityAssociation> observed, String action) {
    PodIdentityUpdate update = PodIdentityUpdate.between("r1", observed);

    assertThat(update.action().name()).isEqualTo(action);
    assertThat(update.roleArn().isPresent()).isEqualTo(action.equals("UPDATE"));
  }

  static Stream<Arguments> ownerships() {
    Map<String, String> ours =
        Map.of(
            AwsTags.CLUSTER, "prod",
            AwsTags.NAMESPACE, "shop",
            AwsTags.KIND, "DataStore",
            AwsTags.NAME, "orders",
            AwsTags.UID, "uid-1");
    Map<String, String> predecessor = new java.util.HashMap<>(ours);
    predecessor.put(AwsTags.UID, "uid-0");
    Map<String, String> otherCluster = new java.util.HashMap<>(predecessor);
    otherCluster.put(AwsTags.CLUSTER, "staging");
    Map<String, String> otherName = new java.util.HashMap<>(predecessor);
    otherName.put(AwsTags.NAME, "payments");
    return Stream.of(
        Arguments.of(ours, Ownership.OURS),
        Arguments.of(predecessor, Ownership.RETAINED_BY_PREDECESSOR),
        Arguments.of(otherCluster, Ownership.FOREIGN),
        Arguments.of(otherName, Ownership.FOREIGN),
        Arguments.of(Map.of(), Ownership.FOREIGN));
  }

  @ParameterizedTest
  @MethodSource("ownerships")
  void ownershipIsTheUidOrARetainedPredecessorOfTheSameName(
      Map<String, String> tags, Ownership expected) {
    dev.msa.operator.api.DataStore owner = new dev.msa.operator.api.DataStore();
    owner.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("orders")
            .withNamespace("shop")
            .withUid("uid-1")
            .build());

    assertThat(Ownership.of(tags, "prod", owner)).isEqualTo(expected);
  }
}
