package dev.msa.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.msa.operator.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart installs the CRDs of crds/ from its templates: each copy must carry the same CRD,
 * gated by {@code crds.install} and kept on uninstall. `make chart-crds` rewrites the copies.
 */
class ChartCrdsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path TEMPLATES =
      RepoPaths.root().resolve("helm/msa-operator/templates/crds");
  private static final String FIX = "run `make chart-crds` and commit the result";

  static Stream<Path> crds() throws IOException {
    try (Stream<Path> files = Files.list(RepoPaths.crds())) {
      return files.filter(p -> p.toString().endsWith("-v1.yml")).sorted().toList().stream();
    }
  }

  @Test
  void theChartHasOneTemplatePerCrd() throws IOException {
    List<String> expected = crds().map(ChartCrdsTest::templateName).toList();
    try (Stream<Path> files = Files.list(TEMPLATES)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .as("CRD templates in the chart (%s)", FIX)
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("crds")
  void theChartCopyIsTheCrdGatedAndKept(Path crd) throws IOException {
    Path copy = TEMPLATES.resolve(templateName(crd));
    assertThat(copy).as("%s (%s)", copy, FIX).exists();
    List<String> lines = Files.readAllLines(copy);
    List<String> directives = lines.stream().filter(ChartCrdsTest::isDirective).toList();
    assertThat(directives)
        .as("template directives of %s", copy.getFileName())
        .anyMatch(line -> line.matches("\\{\\{- if \\.Values\\.crds\\.install }}"))
        .last()
        .isEqualTo("{{- end }}");

    ObjectNode chartCrd =
        (ObjectNode)
            YAML.readTree(
                lines.stream()
                    .filter(line -> !isDirective(line))
                    .collect(Collectors.joining("\n")));
    ObjectNode metadata = (ObjectNode) chartCrd.path("metadata");
    assertThat(metadata.path("annotations").path("helm.sh/resource-policy").asText())
        .as("%s keeps the CRD on helm uninstall", copy.getFileName())
        .isEqualTo("keep");
    assertThat(metadata.path("annotations").path("argocd.argoproj.io/sync-options").asText())
        .as("%s is neither pruned nor deleted by Argo CD", copy.getFileName())
        .isEqualTo("Delete=false,Prune=false");
    metadata.remove("annotations");
    metadata.remove("labels");

    JsonNode committed = YAML.readTree(crd.toFile());
    assertThat(firstDifference(committed, chartCrd, ""))
        .as("where the CRD in %s differs from crds/%s (%s)", copy, crd.getFileName(), FIX)
        .isEmpty();
  }

  /** The JSON pointer of the first difference between two trees, or "" when they are equal. */
  private static String firstDifference(JsonNode expected, JsonNode actual, String path) {
    if (expected.equals(actual)) {
      return "";
    }
    boolean sameShape =
        expected.getNodeType() == actual.getNodeType() && expected.size() == actual.size();
    if (sameShape && expected.isObject()) {
      for (var fields = expected.fieldNames(); fields.hasNext(); ) {
        String field = fields.next();
        String difference =
            firstDifference(expected.get(field), actual.path(field), path + "/" + field);
        if (!difference.isEmpty()) {
          return difference;
        }
      }
    }
    if (sameShape && expected.isArray()) {
      for (int i = 0; i < expected.size(); i++) {
        String difference = firstDifference(expected.get(i), actual.get(i), path + "/" + i);
        if (!difference.isEmpty()) {
          return difference;
        }
      }
    }
    return path + ": expected " + expected + " but the chart has " + actual;
  }

  /** A line that is only a template action: the gate, the labels include, a comment. */
  private static boolean isDirective(String line) {
    return line.strip().startsWith("{{") && line.strip().endsWith("}}");
  }

  private static String templateName(Path crd) {
    return crd.getFileName().toString().replaceFirst("\\.yml$", ".yaml");
  }
}
