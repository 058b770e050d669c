package dev.msa.operator.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msa.operator.config.ConfigException;
import dev.msa.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {
  private final AtomicInteger exits = new AtomicInteger();
  private final LeaderElection election =
      new LeaderElection("msa-operator", "msa-system", "pod-a", exits::incrementAndGet);
  private final LeaderCallbacks callbacks =
      election.configuration().getLeaderCallbacks().orElseThrow();

  @Test
  void offUnlessConfigured() {
    assertThat(LeaderElection.from(config(Map.of()))).isEmpty();
  }

  @Test
  void theLeaseComesFromTheConfigurationAndTheIdentityFromThePodName() {
    var configuration =
        LeaderElection.from(
                config(
                    Map.of(
                        OperatorConfig.LEADER_ELECTION,
                        "true",
                        OperatorConfig.LEASE_NAME,
                        "msa-lease",
                        "POD_NAMESPACE",
                        "msa-system",
                        "POD_NAME",
                        "msa-operator-7d9f-abcde")))
            .orElseThrow()
            .configuration();

    assertThat(configuration.getLeaseName()).isEqualTo("msa-lease");
    assertThat(configuration.getLeaseNamespace()).contains("msa-system");
    assertThat(configuration.getIdentity()).contains("msa-operator-7d9f-abcde");
    assertThat(configuration.isExitOnStopLeading()).isFalse();
  }

  @Test
  void withoutANamespaceForTheLeaseTheConfigurationIsRejected() {
    assertThatThrownBy(
            () -> LeaderElection.from(config(Map.of(OperatorConfig.LEADER_ELECTION, "true"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("MSA_OPERATOR_LEASE_NAMESPACE")
        .hasMessageContaining("POD_NAMESPACE");
  }

  @Test
  void aLeaderThatLosesTheLeaseExits() {
    callbacks.onStartLeading();
    assertThat(election.isLeader()).isTrue();

    callbacks.onStopLeading();

    assertThat(election.isLeader()).isFalse();
    assertThat(exits).hasValue(1);
  }

  @Test
  void aLeaderThatIsStoppingLetsTheLeaseGoWithoutExiting() {
    callbacks.onStartLeading();
    election.stopping();

    callbacks.onStopLeading();

    assertThat(election.isLeader()).isFalse();
    assertThat(exits).hasValue(0);
  }

  @Test
  void aStandbyNeverExits() {
    callbacks.onNewLeader("pod-b");
    callbacks.onStopLeading();

    assertThat(exits).hasValue(0);
  }

  private static OperatorConfig config(Map<String, String> settings) {
    Map<String, String> env = new HashMap<>(settings);
    env.put(OperatorConfig.CLUSTER_NAME, "it");
    env.put(OperatorConfig.REGION, "eu-west-1");
    return OperatorConfig.from(env);
  }
}
