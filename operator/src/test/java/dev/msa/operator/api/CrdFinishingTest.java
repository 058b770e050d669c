package dev.msa.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.msa.operator.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link CrdFinishing} adds to the generated CRDs, as crds/ holds them. */
class CrdFinishingTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<Path> crds() throws IOException {
    try (Stream<Path> files = Files.list(RepoPaths.crds())) {
      return files.filter(p -> p.toString().endsWith("-v1.yml")).sorted().toList().stream();
    }
  }

  /** The generator's order (by JSON path: Age first) becomes identity columns, then LAST. */
  @Test
  void printerColumnsEndWithReadyReasonAge() {
    String generated =
        """
        apiVersion: "apiextensions.k8s.io/v1"
        kind: "CustomResourceDefinition"
        metadata: {name: "datastores.msa.dev"}
        spec:
          names: {kind: "DataStore", plural: "datastores"}
          versions:
          - additionalPrinterColumns:
            - {jsonPath: ".metadata.creationTimestamp", name: "Age", type: "date"}
            - {jsonPath: ".status.a", name: "Ready", type: "string"}
            - {jsonPath: ".status.b", name: "Reason", type: "string"}
            - {jsonPath: ".status.tableName", name: "Table", type: "string"}
            name: "v1alpha1"
            schema:
              openAPIV3Schema:
                properties:
                  spec: {type: "object"}
                  status: {type: "object"}
                type: "object"
        """;

    assertThat(columnNames(read(CrdFinishing.finish(generated))))
        .containsExactly("Table", "Ready", "Reason", "Age");
  }

  @ParameterizedTest
  @MethodSource("crds")
  void everyKindListsItsOwnColumnsFirstAndAgeLast(Path crd) throws IOException {
    List<String> names = columnNames(YAML.readTree(crd.toFile()));
    assertThat(names).as("%s", crd.getFileName()).endsWith("Ready", "Reason", "Age");
    assertThat(names.size()).as("an identity column besides the shared ones").isGreaterThan(3);
  }

  @ParameterizedTest
  @MethodSource("crds")
  void conditionsAreAMapKeyedByTypeWithAStatusEnum(Path crd) throws IOException {
    JsonNode conditions =
        schema(YAML.readTree(crd.toFile()))
            .path("properties")
            .path("status")
            .path("properties")
            .path("conditions");
    assertThat(conditions.path("x-kubernetes-list-type").asText()).isEqualTo("map");
    assertThat(texts(conditions.path("x-kubernetes-list-map-keys"))).containsExactly("type");
    JsonNode item = conditions.path("items");
    assertThat(texts(item.path("required"))).containsExactly("type", "status");
    assertThat(texts(item.path("properties").path("status").path("enum")))
        .containsExactly("True", "False", "Unknown");
    item.path("properties")
        .fields()
        .forEachRemaining(
            f -> assertThat(f.getValue().path("description").asText()).as(f.getKey()).isNotBlank());
  }

  @ParameterizedTest
  @MethodSource("crds")
  void theKindItsSpecAndItsStatusAreDescribed(Path crd) throws IOException {
    JsonNode schema = schema(YAML.readTree(crd.toFile()));
    assertThat(schema.path("description").asText()).isNotBlank();
    assertThat(schema.path("properties").path("spec").path("description").asText()).isNotBlank();
    assertThat(schema.path("properties").path("status").path("description").asText()).isNotBlank();
  }

  private static JsonNode schema(JsonNode crd) {
    return crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
  }

  private static List<String> columnNames(JsonNode crd) {
    List<String> names = new ArrayList<>();
    crd.path("spec")
        .path("versions")
        .path(0)
        .path("additionalPrinterColumns")
        .forEach(c -> names.add(c.path("name").asText()));
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static JsonNode read(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
