package dev.msa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.testing.TestMoto;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class StsIdentityIT {

  @Test
  void asksForTheAccountOnce() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (AwsClients clients = TestMoto.get().clients(registry)) {
      StsIdentity identity = new StsIdentity(clients.sts());

      assertThat(identity.accountId()).isEqualTo(TestMoto.ACCOUNT_ID);
      assertThat(identity.accountId()).isEqualTo(TestMoto.ACCOUNT_ID);

      assertThat(
              registry.get("msa.aws.calls").tag("operation", "GetCallerIdentity").timer().count())
          .isEqualTo(1);
    }
  }
}
