package dev.msa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.msa.operator.model.PodIdentityAssociation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * EKS Pod Identity associations against a stub endpoint (moto has no Pod Identity API): the
 * requests must be what the EKS REST API documents, and its answers must be read back.
 */
class PodIdentityAssociationIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/clusters/prod-eu/pod-identity-associations";
  private static final String ROLE = "arn:aws:iam::123456789012:role/msa-shop-orders";
  private static final String ASSOCIATION =
      """
      {"associationId": "a-1234567890abcdef",
       "associationArn": "arn:aws:eks:us-east-1:123456789012:podidentityassociation/prod-eu/a-1234567890abcdef",
       "clusterName": "prod-eu", "namespace": "shop", "serviceAccount": "orders",
       "roleArn": "%s", "tags": {"msa.dev/cluster": "prod-eu"}}
      """;

  private StubAws stub;
  private AwsClients clients;
  private EksClusters eks;

  @BeforeEach
  void start() {
    stub = new StubAws();
    clients = stub.clients(new SimpleMeterRegistry());
    eks = new EksClusters(clients.eks());
  }

  @AfterEach
  void stop() {
    clients.close();
    stub.close();
  }

  @Test
  void createsAnAssociationForTheServiceAccountWithTags() throws Exception {
    stub.answerJson("POST", PATH, 200, "{\"association\": " + ASSOCIATION.formatted(ROLE) + "}");

    PodIdentityAssociation created =
        eks.createPodIdentityAssociation(
            "prod-eu", "shop", "orders", ROLE, Map.of("msa.dev/cluster", "prod-eu"));

    assertThat(created)
        .isEqualTo(
            new PodIdentityAssociation(
                "a-1234567890abcdef",
                "arn:aws:eks:us-east-1:123456789012:podidentityassociation/prod-eu/a-1234567890abcdef",
                "shop",
                "orders",
                ROLE,
                Map.of("msa.dev/cluster", "prod-eu")));
    StubAws.Request request = stub.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo(PATH);
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.path("namespace").asText()).isEqualTo("shop");
    assertThat(body.path("serviceAccount").asText()).isEqualTo("orders");
    assertThat(body.path("roleArn").asText()).isEqualTo(ROLE);
    assertThat(body.path("tags")).isEqualTo(JSON.readTree("{\"msa.dev/cluster\": \"prod-eu\"}"));
    // the SDK's idempotency token makes a retried create safe
    assertThat(body.path("clientRequestToken").asText()).isNotBlank();
  }

  @Test
  void findsTheAssociationOfAServiceAccountWithItsRole() {
    stub.answerJson(
        "GET",
        PATH,
        200,
        """
        {"associations": [{"associationId": "a-1234567890abcdef",
          "associationArn": "arn:aws:eks:us-east-1:123456789012:podidentityassociation/prod-eu/a-1234567890abcdef",
          "clusterName": "prod-eu", "namespace": "shop", "serviceAccount": "orders"}]}
        """);
    stub.answerJson(
        "GET",
        PATH + "/a-1234567890abcdef",
        200,
        "{\"association\": " + ASSOCIATION.formatted(ROLE) + "}");

    assertThat(eks.findPodIdentityAssociation("prod-eu", "shop", "orders"))
        .hasValueSatisfying(a -> assertThat(a.roleArn()).isEqualTo(ROLE));
    StubAws.Request list = stub.requests().get(0);
    assertThat(list.method()).isEqualTo("GET");
    assertThat(list.query()).contains("namespace=shop").contains("serviceAccount=orders");
  }

  @Test
  void aServiceAccountWithoutAssociationHasNone() {
    stub.answerJson("GET", PATH, 200, "{\"associations\": []}");

    assertThat(eks.findPodIdentityAssociation("prod-eu", "shop", "orders")).isEmpty();
  }

  @Test
  void aMissingClusterIsAnErrorNotAnAbsentAssociation() {
    stub.answerJson(
        "GET",
        PATH,
        404,
        "{\"message\": \"No cluster found for name: prod-eu.\"}",
        "x-amzn-ErrorType",
        "ResourceNotFoundException");

    assertThatThrownBy(() -> eks.findPodIdentityAssociation("prod-eu", "shop", "orders"))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.terminal()).isTrue();
              assertThat(e.code()).isEqualTo("ResourceNotFoundException");
            })
        .hasMessage(
            "EKS ListPodIdentityAssociations: ResourceNotFoundException: No cluster found for"
                + " name: prod-eu.");
  }

  @Test
  void updatesTheRole() throws Exception {
    String other = "arn:aws:iam::123456789012:role/msa-shop-orders-2";
    stub.answerJson(
        "POST",
        PATH + "/a-1234567890abcdef",
        200,
        "{\"association\": " + ASSOCIATION.formatted(other) + "}");

    eks.updatePodIdentityAssociation("prod-eu", "a-1234567890abcdef", other);

    StubAws.Request request = stub.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo(PATH + "/a-1234567890abcdef");
    assertThat(JSON.readTree(request.body()).path("roleArn").asText()).isEqualTo(other);
  }

  @Test
  void tagsTheAssociationByItsArn() throws Exception {
    String arn =
        "arn:aws:eks:us-east-1:123456789012:podidentityassociation/prod-eu/a-1234567890abcdef";
    stub.answerJson("POST", "/tags/" + arn, 200, "{}");

    eks.tagPodIdentityAssociation(arn, Map.of("team", "payments", "msa.dev/cluster", "prod-eu"));

    StubAws.Request request = stub.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/tags/" + arn);
    assertThat(JSON.readTree(request.body()).path("tags"))
        .isEqualTo(JSON.readTree("{\"team\": \"payments\", \"msa.dev/cluster\": \"prod-eu\"}"));
  }

  @Test
  void deletesAndToleratesAnAssociationThatIsGone() {
    stub.answerJson(
        "DELETE",
        PATH + "/a-1234567890abcdef",
        200,
        "{\"association\": " + ASSOCIATION.formatted(ROLE) + "}");

    eks.deletePodIdentityAssociation("prod-eu", "a-1234567890abcdef");
    eks.deletePodIdentityAssociation("prod-eu", "a-gone"); // the stub answers 404

    assertThat(stub.requests())
        .extracting(StubAws.Request::method, StubAws.Request::path)
        .containsExactly(
            tuple("DELETE", PATH + "/a-1234567890abcdef"), tuple("DELETE", PATH + "/a-gone"));
  }

  @Test
  void aRefusedCreateIsTerminalWithTheAwsCode() {
    stub.answerJson(
        "POST",
        PATH,
        403,
        "{\"message\": \"not authorized to perform: iam:PassRole\"}",
        "x-amzn-ErrorType",
        "AccessDeniedException");

    assertThatThrownBy(
            () -> eks.createPodIdentityAssociation("prod-eu", "shop", "orders", ROLE, Map.of()))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.terminal()).isTrue();
              assertThat(e.code()).isEqualTo("AccessDeniedException");
            })
        .hasMessageContaining("EKS CreatePodIdentityAssociation: AccessDeniedException:");
  }
}
