package dev.msa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.msa.operator.model.ObservedRole;
import dev.msa.operator.testing.TestMoto;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IamRolesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> TAGS =
      Map.of("msa.dev/cluster", "it", "app.kubernetes.io/managed-by", "msa-operator");
  private static final String BOUNDARY =
      "arn:aws:iam::" + TestMoto.ACCOUNT_ID + ":policy/msa-boundary";
  // a '+' and a space, which IAM's URL encoding must not confuse
  private static final String TRUST =
      """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "pods.eks.amazonaws.com"},
        "Action": ["sts:AssumeRole", "sts:TagSession"],
        "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012",
          "aws:PrincipalTag/team": "orders+billing team"}}}]}
      """;
  private static final String POLICY =
      """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
        "Resource": "arn:aws:sqs:us-east-1:123456789012:msa-shop-orders"}]}
      """;

  private static AwsClients clients;
  private static IamRoles roles;

  @BeforeAll
  static void connect() {
    clients = TestMoto.get().clients(new SimpleMeterRegistry());
    roles = new IamRoles(clients.iam());
  }

  @AfterAll
  static void close() {
    clients.close();
  }

  @Test
  void createsARoleWithTrustBoundaryAndTagsAndReadsThemBack() throws Exception {
    String name = uniqueName();

    ObservedRole created =
        roles.create(name, TRUST, TAGS, Optional.of(BOUNDARY), "orders in shop").orElseThrow();

    ObservedRole expected =
        new ObservedRole(
            name,
            "arn:aws:iam::" + TestMoto.ACCOUNT_ID + ":role/" + name,
            created.trustPolicy(),
            Optional.of(BOUNDARY),
            TAGS);
    assertThat(created).isEqualTo(expected);
    assertThat(JSON.readTree(created.trustPolicy())).isEqualTo(JSON.readTree(TRUST));
    assertThat(roles.find(name)).contains(expected);
  }

  @Test
  void creatingARoleWhoseNameIsTakenAnswersEmptyAndChangesNothing() throws Exception {
    String name = uniqueName();
    ObservedRole first = roles.create(name, TRUST, TAGS, Optional.empty(), "").orElseThrow();

    Optional<ObservedRole> second =
        roles.create(
            name,
            TRUST.replace("123456789012", "210987654321"),
            Map.of("msa.dev/owner", "someone-else"),
            Optional.of(BOUNDARY),
            "");

    assertThat(second).isEmpty();
    assertThat(roles.find(name)).contains(first);
  }

  @Test
  void changesTheTrustPolicyAndTheBoundary() throws Exception {
    String name = uniqueName();
    roles.create(name, TRUST, TAGS, Optional.empty(), "");
    String newTrust = TRUST.replace("123456789012", "210987654321");

    roles.updateTrustPolicy(name, newTrust);
    roles.setPermissionsBoundary(name, Optional.of(BOUNDARY));

    ObservedRole role = roles.find(name).orElseThrow();
    assertThat(JSON.readTree(role.trustPolicy())).isEqualTo(JSON.readTree(newTrust));
    assertThat(role.permissionsBoundaryArn()).contains(BOUNDARY);

    roles.setPermissionsBoundary(name, Optional.empty());
    assertThat(roles.find(name).orElseThrow().permissionsBoundaryArn()).isEmpty();
  }

  @Test
  void managesInlinePolicies() throws Exception {
    String name = uniqueName();
    roles.create(name, TRUST, TAGS, Optional.empty(), "");
    assertThat(roles.inlinePolicy(name, "msa")).isEmpty();

    roles.putInlinePolicy(name, "msa", POLICY);

    assertThat(JSON.readTree(roles.inlinePolicy(name, "msa").orElseThrow()))
        .isEqualTo(JSON.readTree(POLICY));
    assertThat(roles.inlinePolicyNames(name)).containsExactly("msa");

    roles.deleteInlinePolicy(name, "msa");
    roles.deleteInlinePolicy(name, "msa");
    assertThat(roles.inlinePolicyNames(name)).isEmpty();
  }

  @Test
  void attachesAndDetachesManagedPolicies() {
    String name = uniqueName();
    roles.create(name, TRUST, TAGS, Optional.empty(), "");
    String policyArn =
        clients.iam().createPolicy(r -> r.policyName(name).policyDocument(POLICY)).policy().arn();

    roles.attachPolicy(name, policyArn);
    assertThat(roles.attachedPolicyArns(name)).containsExactly(policyArn);

    roles.detachPolicy(name, policyArn);
    roles.detachPolicy(name, policyArn);
    assertThat(roles.attachedPolicyArns(name)).isEmpty();
  }

  @Test
  void deletesARoleOnceItsPoliciesAreGone() {
    String name = uniqueName();
    roles.create(name, TRUST, TAGS, Optional.empty(), "");
    roles.putInlinePolicy(name, "msa", POLICY);

    assertThatThrownBy(() -> roles.delete(name))
        .isInstanceOfSatisfying(
            AwsException.class, e -> assertThat(e.code()).isEqualTo("DeleteConflict"));

    roles.deleteInlinePolicy(name, "msa");
    roles.delete(name);
    roles.delete(name);
    assertThat(roles.find(name)).isEmpty();
  }

  @Test
  void anUnknownRoleIsAbsent() {
    assertThat(roles.find(uniqueName())).isEmpty();
  }

  @Test
  void aMalformedTrustPolicyIsTerminal() {
    String name = uniqueName();
    roles.create(name, TRUST, TAGS, Optional.empty(), "");

    assertThatThrownBy(() -> roles.updateTrustPolicy(name, "{\"Version\": \"2012-10-17\""))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.terminal()).isTrue();
              assertThat(e.code()).isEqualTo("MalformedPolicyDocument");
            })
        .hasMessageStartingWith("IAM UpdateAssumeRolePolicy: MalformedPolicyDocument: ");
  }

  @Test
  void aMalformedInlinePolicyIsTerminal() {
    String name = uniqueName();
    roles.create(name, TRUST, TAGS, Optional.empty(), "");

    assertThatThrownBy(() -> roles.putInlinePolicy(name, "msa", "{\"Statement\": \"nope\"}"))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.terminal()).isTrue();
              assertThat(e.code()).isEqualTo("MalformedPolicyDocument");
            });
  }

  private static String uniqueName() {
    return "it-iam-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
