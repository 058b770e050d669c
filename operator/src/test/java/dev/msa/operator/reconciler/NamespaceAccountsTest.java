package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.aws.AwsAccounts;
import dev.msa.operator.config.OperatorConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which account and region a namespace's annotations choose, against the allow-list. */
class NamespaceAccountsTest {
  private static final String ROLE = "arn:aws:iam::222222222222:role/msa-operator-target";

  private static OperatorConfig config(String allowed) {
    Map<String, String> env = new HashMap<>();
    env.put(OperatorConfig.CLUSTER_NAME, "prod");
    env.put(OperatorConfig.REGION, "eu-west-1");
    env.put(OperatorConfig.ALLOWED_ROLE_ARNS, allowed);
    return OperatorConfig.from(env);
  }

  @Test
  void aNamespaceWithoutAnnotationsIsTheOperatorsOwnAccountAndRegion() {
    assertThat(NamespaceAccounts.choose(Map.of(), config("")))
        .isEqualTo(
            new NamespaceAccounts.Chosen(new AwsAccounts.Target(Optional.empty(), "eu-west-1")));
  }

  @Test
  void anAllowedRoleAndARegionAreChosen() {
    assertThat(
            NamespaceAccounts.choose(
                Map.of(
                    NamespaceAccounts.ROLE_ARN_ANNOTATION,
                    ROLE,
                    NamespaceAccounts.REGION_ANNOTATION,
                    "us-east-2"),
                config(ROLE)))
        .isEqualTo(
            new NamespaceAccounts.Chosen(new AwsAccounts.Target(Optional.of(ROLE), "us-east-2")));
  }

  @Test
  void aRoleIsRefusedWhenTheAllowListIsEmptyOrDoesNotMatch() {
    Map<String, String> annotations = Map.of(NamespaceAccounts.ROLE_ARN_ANNOTATION, ROLE);

    var empty = NamespaceAccounts.choose(annotations, config(""));
    var other =
        NamespaceAccounts.choose(
            annotations, config("arn:aws:iam::333333333333:role/msa-operator-target"));

    assertThat(empty)
        .isInstanceOfSatisfying(
            NamespaceAccounts.Refused.class,
            r -> {
              assertThat(r.reason()).isEqualTo("AccountNotAllowed");
              assertThat(r.message()).contains(ROLE).contains("it is empty");
            });
    assertThat(other)
        .isInstanceOfSatisfying(
            NamespaceAccounts.Refused.class,
            r -> assertThat(r.reason()).isEqualTo("AccountNotAllowed"));
  }

  @Test
  void aWildcardStandsForAnyCharactersAndNothingElse() {
    OperatorConfig config = config("arn:aws:iam::*:role/msa-*,arn:aws:iam::444444444444:role/a.b");

    assertThat(config.roleAllowed(ROLE)).isTrue();
    assertThat(config.roleAllowed("arn:aws:iam::555555555555:role/msa-x")).isTrue();
    assertThat(config.roleAllowed("arn:aws:iam::555555555555:role/other")).isFalse();
    // '.' is a character, not a regular-expression wildcard
    assertThat(config.roleAllowed("arn:aws:iam::444444444444:role/aXb")).isFalse();
    assertThat(config.roleAllowed("arn:aws:iam::444444444444:role/a.b")).isTrue();
  }

  @Test
  void aBadRegionIsRefusedWithItsOwnReason() {
    var choice =
        NamespaceAccounts.choose(
            Map.of(NamespaceAccounts.REGION_ANNOTATION, "Europe/Paris"), config(""));

    assertThat(choice)
        .isInstanceOfSatisfying(
            NamespaceAccounts.Refused.class,
            r -> {
              assertThat(r.reason()).isEqualTo("InvalidRegion");
              assertThat(r.message()).contains("Europe/Paris");
            });
  }

  @Test
  void theSessionNameNamesTheNamespaceWithinStsLimits() {
    assertThat(AwsAccounts.sessionName("shop")).isEqualTo("msa-operator-shop");
    String longest = AwsAccounts.sessionName("n".repeat(63));
    assertThat(longest).hasSize(64).matches("[\\w+=,.@-]+");
  }
}
