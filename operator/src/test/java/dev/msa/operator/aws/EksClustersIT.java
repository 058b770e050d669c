package dev.msa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.testing.TestMoto;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The IRSA issuer of an EKS cluster; Pod Identity is in {@link PodIdentityAssociationIT}. */
class EksClustersIT {
  private static AwsClients clients;
  private static EksClusters clusters;

  @BeforeAll
  static void connect() {
    clients = TestMoto.get().clients(new SimpleMeterRegistry());
    clusters = new EksClusters(clients.eks());
  }

  @AfterAll
  static void close() {
    clients.close();
  }

  @Test
  void readsTheOidcIssuerOfACluster() {
    String name = "it-eks-" + UUID.randomUUID().toString().substring(0, 8);
    clients
        .eks()
        .createCluster(
            r ->
                r.name(name)
                    .roleArn("arn:aws:iam::" + TestMoto.ACCOUNT_ID + ":role/" + name)
                    .resourcesVpcConfig(vpc -> vpc.subnetIds("subnet-1")));

    assertThat(clusters.oidcIssuer(name))
        .hasValueSatisfying(
            issuer ->
                assertThat(issuer).startsWith("https://oidc.eks.us-east-1.amazonaws.com/id/"));
  }

  @Test
  void anUnknownClusterHasNoIssuer() {
    assertThat(clusters.oidcIssuer("it-eks-never-created")).isEmpty();
  }
}
