package dev.msa.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InjectedEnvironmentTest {

  @ParameterizedTest
  @CsvSource({
    "payments, MSA_SERVICE_PAYMENTS_URL",
    "billing-api, MSA_SERVICE_BILLING_API_URL",
    "a-b-c2, MSA_SERVICE_A_B_C2_URL"
  })
  void serviceUrlVariableIsTheUpperCasedNameWithDashesAsUnderscores(String name, String expected) {
    assertThat(EnvNames.serviceUrl(name)).isEqualTo(expected);
  }

  @Test
  void serviceUrlIsTheClusterLocalNameOnThePort() {
    assertThat(new ResolvedCall("ledger", "billing", 9090).url())
        .isEqualTo("http://ledger.billing.svc.cluster.local:9090");
  }

  @Test
  void injectsTheRegionEachResolvedCallAndTheAwsVariablesSortedByName() {
    WorkloadInputs inputs =
        new WorkloadInputs(
            "eu-west-1",
            List.of(
                new ResolvedCall("payments", "shop", 8080),
                new ResolvedCall("ledger", "billing", 9090)),
            Map.of("MSA_QUEUE_URL", "https://sqs/q", "MSA_DLQ_URL", "https://sqs/dlq"));

    Map<String, String> injected = InjectedEnvironment.injected(inputs);

    assertThat(injected)
        .containsExactly(
            Map.entry("AWS_REGION", "eu-west-1"),
            Map.entry("MSA_DLQ_URL", "https://sqs/dlq"),
            Map.entry("MSA_QUEUE_URL", "https://sqs/q"),
            Map.entry("MSA_SERVICE_LEDGER_URL", "http://ledger.billing.svc.cluster.local:9090"),
            Map.entry("MSA_SERVICE_PAYMENTS_URL", "http://payments.shop.svc.cluster.local:8080"));
  }

  @Test
  void withoutUserEnvOnlyTheInjectedVariablesRemain() {
    List<EnvVar> env =
        InjectedEnvironment.merge(null, new WorkloadInputs("eu-west-1", List.of(), Map.of()));

    assertThat(env).containsExactly(var("AWS_REGION", "eu-west-1"));
  }

  @Test
  void userVariablesKeepTheirOrderAndLoseTheirNameToAnInjectedOne() {
    List<EnvVar> user =
        List.of(var("Z", "1"), var("MSA_SERVICE_PAYMENTS_URL", "http://spoofed"), var("A", "2"));
    WorkloadInputs inputs =
        new WorkloadInputs(
            "eu-west-1", List.of(new ResolvedCall("payments", "shop", 8080)), Map.of());

    List<EnvVar> env = InjectedEnvironment.merge(user, inputs);

    assertThat(env)
        .containsExactly(
            var("Z", "1"),
            var("A", "2"),
            var("AWS_REGION", "eu-west-1"),
            var("MSA_SERVICE_PAYMENTS_URL", "http://payments.shop.svc.cluster.local:8080"));
  }

  /**
   * Found by FuzzedSpecsIT: an entry without a name threw a NullPointerException (TreeMap takes no
   * null key) and failed every reconcile. The CRD now refuses it; one admitted before is passed on
   * for the apiserver to refuse by field.
   */
  @Test
  void aVariableWithoutANameIsPassedOnNotAFailure() {
    EnvVar nameless = new EnvVarBuilder().withValue("v").build();

    List<EnvVar> env =
        InjectedEnvironment.merge(
            List.of(nameless), new WorkloadInputs("eu-west-1", List.of(), Map.of()));

    assertThat(env).containsExactly(nameless, var("AWS_REGION", "eu-west-1"));
  }

  private static EnvVar var(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }
}
