package dev.msa.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OperatorConfigTest {
  private static final Map<String, String> MINIMAL =
      Map.of(OperatorConfig.CLUSTER_NAME, "prod-eu", OperatorConfig.REGION, "eu-west-1");

  @Test
  void defaultsNeedOnlyTheClusterNameAndRegion() {
    OperatorConfig config = OperatorConfig.from(MINIMAL);

    assertThat(config.clusterName()).isEqualTo("prod-eu");
    assertThat(config.namePrefix()).isEqualTo("prod-eu");
    assertThat(config.eksClusterName()).isEqualTo("prod-eu");
    assertThat(config.region()).isEqualTo("eu-west-1");
    assertThat(config.identityMode()).isEqualTo(IdentityMode.IRSA);
    assertThat(config.oidcProviderArn()).isEmpty();
    assertThat(config.permissionsBoundaryArn()).isEmpty();
    assertThat(config.allowedManagedPolicyArns()).isEmpty();
    assertThat(config.watchNamespaces()).isEmpty();
    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.resyncInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.networkPolicies()).isFalse();
    assertThat(config.networkPolicyAllowedNamespaces()).isEmpty();
    assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.httpAddress()).isEqualTo("0.0.0.0");
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.leaseName()).isEqualTo("msa-operator");
    assertThat(config.leaseNamespace()).isEmpty();
    assertThat(config.podName()).isEqualTo("msa-operator-local");
    assertThat(config.kedaServiceAccount()).isEqualTo("keda:keda-operator");
    assertThat(config.kedaRoleArn()).isEmpty();
    assertThat(config.awsReadBudget()).isEqualTo(5);
    assertThat(config.reconcileThreads()).isEqualTo(200);
    assertThat(config.provisioningTurns()).isEqualTo(10);
  }

  @ParameterizedTest
  @ValueSource(strings = {"9", "2001", "many", "-1"})
  void reconcileThreadsOutOfRangeAreRefused(String text) {
    assertRejected(OperatorConfig.RECONCILE_THREADS, text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1001", "few"})
  void provisioningTurnsOutOfRangeAreRefused(String text) {
    assertRejected(OperatorConfig.PROVISIONING_TURNS, text);
  }

  @Test
  void reconcileThreadsAreRead() {
    assertThat(
            OperatorConfig.from(with(Map.of(OperatorConfig.RECONCILE_THREADS, "64")))
                .reconcileThreads())
        .isEqualTo(64);
  }

  @Test
  void everySettingIsRead() {
    OperatorConfig config =
        OperatorConfig.from(
            with(
                Map.of(
                    OperatorConfig.NAME_PREFIX, "eu1",
                    OperatorConfig.IDENTITY_MODE, "pod-identity",
                    OperatorConfig.OIDC_PROVIDER_ARN,
                        "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/AB",
                    OperatorConfig.EKS_CLUSTER_NAME, "prod-eu-eks",
                    OperatorConfig.PERMISSIONS_BOUNDARY_ARN,
                        "arn:aws:iam::123456789012:policy/boundary",
                    OperatorConfig.NETWORK_POLICIES, "true",
                    OperatorConfig.LOG_FORMAT, "json",
                    OperatorConfig.HTTP_PORT, "9090",
                    OperatorConfig.LEADER_ELECTION, "true",
                    OperatorConfig.LEASE_NAME, "msa-lease")));

    assertThat(config.namePrefix()).isEqualTo("eu1");
    assertThat(config.identityMode()).isEqualTo(IdentityMode.POD_IDENTITY);
    assertThat(config.oidcProviderArn()).isPresent();
    assertThat(config.eksClusterName()).isEqualTo("prod-eu-eks");
    assertThat(config.permissionsBoundaryArn())
        .contains("arn:aws:iam::123456789012:policy/boundary");
    assertThat(config.networkPolicies()).isTrue();
    assertThat(config.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaseName()).isEqualTo("msa-lease");
  }

  @Test
  void kedasIdentityIsRead() {
    OperatorConfig config =
        OperatorConfig.from(
            with(
                Map.of(
                    OperatorConfig.KEDA_SERVICE_ACCOUNT, "autoscaling:keda-operator",
                    OperatorConfig.KEDA_ROLE_ARN, "arn:aws:iam::123456789012:role/keda")));

    assertThat(config.kedaServiceAccount()).isEqualTo("autoscaling:keda-operator");
    assertThat(config.kedaRoleArn()).contains("arn:aws:iam::123456789012:role/keda");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "::", "::1"})
  void theHttpServerBindsTheGivenAddress(String address) {
    assertThat(
            OperatorConfig.from(with(Map.of(OperatorConfig.HTTP_ADDRESS, address))).httpAddress())
        .isEqualTo(address);
  }

  @Test
  void leaseNamespaceFallsBackToThePodsNamespace() {
    assertThat(OperatorConfig.from(with(Map.of("POD_NAMESPACE", "msa-system"))).leaseNamespace())
        .contains("msa-system");
    assertThat(
            OperatorConfig.from(
                    with(
                        Map.of(
                            "POD_NAMESPACE",
                            "msa-system",
                            OperatorConfig.LEASE_NAMESPACE,
                            "leases")))
                .leaseNamespace())
        .contains("leases");
  }

  @Test
  void podNameComesFromPodNameThenHostname() {
    assertThat(OperatorConfig.from(with(Map.of("HOSTNAME", "host-1"))).podName())
        .isEqualTo("host-1");
    assertThat(
            OperatorConfig.from(with(Map.of("HOSTNAME", "host-1", "POD_NAME", "msa-operator-0")))
                .podName())
        .isEqualTo("msa-operator-0");
  }

  @Test
  void aBlankValueCountsAsAbsent() {
    OperatorConfig config =
        OperatorConfig.from(
            with(Map.of(OperatorConfig.NAME_PREFIX, "  ", OperatorConfig.RESYNC_INTERVAL, "")));

    assertThat(config.namePrefix()).isEqualTo("prod-eu");
    assertThat(config.resyncInterval()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void listsAreSplitOnCommasTrimmedDeduplicatedAndBlanksDropped() {
    OperatorConfig config =
        OperatorConfig.from(
            with(
                Map.of(
                    OperatorConfig.WATCH_NAMESPACES, " shop , ,billing,, shop ",
                    OperatorConfig.NETWORK_POLICY_ALLOWED_NAMESPACES, "monitoring",
                    OperatorConfig.ALLOWED_MANAGED_POLICY_ARNS,
                        "arn:aws:iam::aws:policy/ReadOnlyAccess ,"
                            + " arn:aws:iam::123456789012:policy/team-x")));

    assertThat(config.watchNamespaces()).containsExactly("billing", "shop");
    assertThat(config.watchesAllNamespaces()).isFalse();
    assertThat(config.networkPolicyAllowedNamespaces()).containsExactly("monitoring");
    assertThat(config.allowedManagedPolicyArns())
        .containsExactlyInAnyOrder(
            "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::123456789012:policy/team-x");
  }

  @Test
  void aListOfOnlyCommasAndBlanksIsEmptySoEveryNamespaceIsWatched() {
    OperatorConfig config =
        OperatorConfig.from(with(Map.of(OperatorConfig.WATCH_NAMESPACES, " , ,")));

    assertThat(config.watchNamespaces()).isEmpty();
    assertThat(config.watchesAllNamespaces()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"500ms, PT0.5S", "30s, PT30S", "10m, PT10M", "1h, PT1H", "' 90s ', PT1M30S"})
  void durationsAreWrittenWithAUnit(String text, Duration expected) {
    assertThat(
            OperatorConfig.from(with(Map.of(OperatorConfig.RESYNC_INTERVAL, text)))
                .resyncInterval())
        .isEqualTo(expected);
  }

  @Test
  void aPrefixOfTwentyCharactersIsAllowed() {
    assertThat(
            OperatorConfig.from(with(Map.of(OperatorConfig.NAME_PREFIX, "a".repeat(20))))
                .namePrefix())
        .hasSize(20);
  }

  @Test
  void missingClusterNameIsNamed() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(OperatorConfig.REGION, "eu-west-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("MSA_OPERATOR_CLUSTER_NAME");
  }

  @Test
  void missingRegionIsNamed() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(OperatorConfig.CLUSTER_NAME, "prod")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AWS_REGION");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10",
        "0s",
        "00m",
        "5d",
        "-1s",
        "1.5h",
        "10M",
        "1h30m",
        "99999999999999999999s",
        "9223372036854775807h"
      })
  void aBadDurationNamesTheVariable(String text) {
    assertRejected(OperatorConfig.RESYNC_INTERVAL, text);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "MSA_OPERATOR_CLUSTER_NAME | prod_eu",
        "MSA_OPERATOR_CLUSTER_NAME | -prod",
        "MSA_OPERATOR_NAME_PREFIX | abcdefghij-abcdefghij",
        "MSA_OPERATOR_NAME_PREFIX | my prefix",
        "AWS_REGION | eu_west_1",
        "AWS_REGION | EU-WEST-1",
        "AWS_REGION | europe",
        "MSA_OPERATOR_IDENTITY_MODE | IRSA",
        "MSA_OPERATOR_IDENTITY_MODE | pod_identity",
        "MSA_OPERATOR_IDENTITY_MODE | kiam",
        "MSA_OPERATOR_HTTP_PORT | 0",
        "MSA_OPERATOR_HTTP_PORT | 65536",
        "MSA_OPERATOR_HTTP_PORT | http",
        "MSA_OPERATOR_HTTP_PORT | 99999999999",
        "MSA_OPERATOR_HTTP_ADDRESS | localhost",
        "MSA_OPERATOR_HTTP_ADDRESS | 10.0.0",
        "MSA_OPERATOR_NETWORK_POLICIES | yes",
        "MSA_OPERATOR_NETWORK_POLICIES | TRUE",
        "MSA_OPERATOR_LEADER_ELECTION | 1",
        "MSA_OPERATOR_LOG_FORMAT | xml",
        "MSA_OPERATOR_ALLOWED_MANAGED_POLICY_ARNS | arn:aws:iam::aws:policy/ReadOnlyAccess,bogus",
        "MSA_OPERATOR_ALLOWED_MANAGED_POLICY_ARNS | arn:aws:iam::12345:policy/short-account",
        "MSA_OPERATOR_ALLOWED_MANAGED_POLICY_ARNS | arn:aws:iam::123456789012:role/not-a-policy",
        "MSA_OPERATOR_PERMISSIONS_BOUNDARY_ARN | boundary",
        "MSA_OPERATOR_OIDC_PROVIDER_ARN | arn:aws:iam::123456789012:role/not-a-provider",
        "MSA_OPERATOR_WATCH_NAMESPACES | shop,Bad_Namespace",
        "MSA_OPERATOR_NETWORK_POLICY_ALLOWED_NAMESPACES | monitoring,-bad",
        "MSA_OPERATOR_KEDA_SERVICE_ACCOUNT | keda-operator",
        "MSA_OPERATOR_KEDA_SERVICE_ACCOUNT | keda/keda-operator",
        "MSA_OPERATOR_KEDA_ROLE_ARN | arn:aws:iam::123456789012:policy/not-a-role"
      })
  void anInvalidValueNamesTheVariable(String variable, String value) {
    assertRejected(variable, value);
  }

  @Test
  void aBadEntryInAListIsQuotedInTheMessage() {
    assertThatThrownBy(
            () ->
                OperatorConfig.from(
                    with(
                        Map.of(
                            OperatorConfig.ALLOWED_MANAGED_POLICY_ARNS,
                            "arn:aws:iam::aws:policy/ReadOnlyAccess,bogus"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("MSA_OPERATOR_ALLOWED_MANAGED_POLICY_ARNS=bogus");
  }

  private static void assertRejected(String variable, String value) {
    assertThatThrownBy(() -> OperatorConfig.from(with(Map.of(variable, value))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(variable);
  }

  private static Map<String, String> with(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(MINIMAL);
    env.putAll(overrides);
    return env;
  }

  @Test
  void allowedRoleArnsAreCheckedAtStartUp() {
    Map<String, String> env = new HashMap<>(MINIMAL);
    env.put(OperatorConfig.ALLOWED_ROLE_ARNS, "arn:aws:iam::222222222222:role/ok, not-an-arn");

    assertThatThrownBy(() -> OperatorConfig.from(env))
        .hasMessageContaining(OperatorConfig.ALLOWED_ROLE_ARNS + "=not-an-arn: expected IAM role");
    assertThat(OperatorConfig.from(MINIMAL).allowedRoleArns()).isEmpty();
    assertThat(OperatorConfig.from(MINIMAL).roleAllowed("arn:aws:iam::222222222222:role/ok"))
        .isFalse();
  }

  @Test
  void defaultTagsAreParsedAndABadOneStopsTheStartNamingTheSetting() {
    Map<String, String> env = new java.util.HashMap<>(MINIMAL);
    assertThat(OperatorConfig.from(env).defaultTags()).isEmpty();
    env.put(OperatorConfig.DEFAULT_TAGS, "team=x,cost-center=y");
    assertThat(OperatorConfig.from(env).defaultTags())
        .containsExactly(Map.entry("team", "x"), Map.entry("cost-center", "y"));
    env.put(OperatorConfig.DEFAULT_TAGS, "team=x,msa.dev/cluster=other");
    assertThatThrownBy(() -> OperatorConfig.from(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("MSA_OPERATOR_DEFAULT_TAGS: the key 'msa.dev/cluster'");
  }
}
