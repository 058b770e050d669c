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

  private static List<String> columnNames(JsonNode crd) {
    List<String> names = new ArrayList<>();
    crd.path("spec")
        .path("versions")
        .path(0)
        .path("additionalPrinterColumns")
        .forEach(c -> names.add(c.path("name").asText()));
    return names;
  }

  private static JsonNode read(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
