package dev.msa.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/** The fields in which a Kubernetes object would change, as a plan lists them. */
class ObjectDifferencesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final String LIVE =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: orders
        resourceVersion: "41"
        generation: 3
        labels: {app.kubernetes.io/name: orders}
        annotations: {javaoperatorsdk.io/previous: "40"}
        managedFields: [{manager: msa-operator}]
      spec:
        replicas: 2
        template:
          spec:
            containers:
              - name: orders
                image: orders:1
                args: [serve, --port=8080]
                env:
                  - {name: AWS_REGION, value: eu-west-1}
                  - {name: MSA_QUEUE_URL, value: https://sqs/q}
      status: {availableReplicas: 2}
      """;

  @Test
  void namedItemsAreComparedByNameAndBookkeepingIsLeftOut() {
    String next =
        LIVE.replace("resourceVersion: \"41\"", "resourceVersion: \"42\"")
            .replace("generation: 3", "generation: 4")
            .replace("javaoperatorsdk.io/previous: \"40\"", "javaoperatorsdk.io/previous: \"41\"")
            .replace("availableReplicas: 2", "availableReplicas: 0")
            .replace(
                "- {name: AWS_REGION, value: eu-west-1}",
                "- {name: AWS_REGION, value: eu-west-1}\n"
                    + "            - {name: MSA_DATASTORE_ORDERS_TABLE, value: prod-shop-orders}")
            .replace("value: https://sqs/q", "value: https://sqs/q2")
            .replace("--port=8080", "--port=9090");

    assertThat(ObjectDifferences.between(yaml(LIVE), yaml(next)))
        .extracting(Difference::planned)
        .containsExactly(
            "spec.template.spec.containers[orders].args: [serve, --port=8080] → [serve,"
                + " --port=9090]",
            "spec.template.spec.containers[orders].env[MSA_DATASTORE_ORDERS_TABLE].value:"
                + " prod-shop-orders",
            "spec.template.spec.containers[orders].env[MSA_QUEUE_URL].value: https://sqs/q →"
                + " https://sqs/q2");
  }

  @Test
  void aRemovedFieldAndAnAnnotationAreNamed() {
    String next =
        LIVE.replace("  replicas: 2\n", "")
            .replace(
                "annotations: {javaoperatorsdk.io/previous: \"40\"}",
                "annotations: {eks.amazonaws.com/role-arn: arn:aws:iam::1:role/r}");

    assertThat(ObjectDifferences.between(yaml(LIVE), yaml(next)))
        .extracting(Difference::planned)
        .containsExactly(
            "metadata.annotations[eks.amazonaws.com/role-arn]: arn:aws:iam::1:role/r",
            "spec.replicas: 2 → (none)");
    assertThat(ObjectDifferences.between(yaml(LIVE), yaml(LIVE))).isEmpty();
  }

  @Test
  void aCreationListsItsFieldsWithoutLabelsAndSelectors() {
    assertThat(ObjectDifferences.ofCreation(yaml(LIVE)))
        .extracting(Difference::planned)
        .containsExactly(
            "spec.replicas: 2",
            "spec.template.spec.containers[orders].image: orders:1",
            "spec.template.spec.containers[orders].args: [serve, --port=8080]",
            "spec.template.spec.containers[orders].env[AWS_REGION].value: eu-west-1",
            "spec.template.spec.containers[orders].env[MSA_QUEUE_URL].value: https://sqs/q");
  }

  private static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
