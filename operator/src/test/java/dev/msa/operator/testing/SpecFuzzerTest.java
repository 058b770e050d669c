package dev.msa.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.msa.operator.api.DriftPart;
import dev.msa.operator.testing.SpecFuzzer.Spec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer is worth what it covers: the same seed gives the same specs, and a run of 1,000
 * ({@code make test-fuzz}) reaches every enum value and both bounds of every number the committed
 * CRDs declare, in specs meant to be admitted — so a field added to the API without the fuzzer
 * learning it fails here.
 */
class SpecFuzzerTest {
  private static final SpecFuzzer.Context CONTEXT =
      new SpecFuzzer.Context(
          "home",
          "neighbour",
          "absent",
          "us-east-1",
          "123456789012",
          "arn:aws:sns:us-east-1:123456789012:external",
          "orders",
          "arn:aws:iam::123456789012:policy/allowed");

  @Test
  void theSameSeedGivesTheSameSpecs() {
    assertThat(json(new SpecFuzzer(42, CONTEXT).generate(300)))
        .isEqualTo(json(new SpecFuzzer(42, CONTEXT).generate(300)))
        .isNotEqualTo(json(new SpecFuzzer(43, CONTEXT).generate(300)));
  }

  @Test
  void eachSpecIsNumberedByItsPlace() {
    List<Spec> specs = new SpecFuzzer(5, CONTEXT).generate(100);
    for (int i = 0; i < specs.size(); i++) {
      assertThat(specs.get(i).index()).isEqualTo(i);
    }
  }

  @Test
  void aboutOneSpecInFiveIsMeantToBeRefused() {
    List<Spec> specs = new SpecFuzzer(7, CONTEXT).generate(1000);
    long refused = specs.stream().filter(s -> s.refusedAt().isPresent()).count();
    assertThat(refused).isBetween(150L, 300L);
    assertThat(specs)
        .extracting(Spec::kind)
        .contains("DataStore", "Microservice", "EventSubscription");
  }

  @Test
  void aThousandAdmittedSpecsReachEveryEnumValueAndBothBoundsOfEveryNumberOfTheCrds()
      throws IOException {
    for (long seed = 1; seed <= 3; seed++) {
      assertThat(missing(new SpecFuzzer(seed, CONTEXT).generate(1000)))
          .as("values the CRDs declare that no admitted spec of seed %s has", seed)
          .isEmpty();
    }
  }

  private static List<String> missing(List<Spec> specs) throws IOException {
    Map<String, Set<String>> seen = new TreeMap<>();
    for (Spec spec : specs) {
      if (spec.refusedAt().isEmpty()) {
        collect(spec.kind(), "", Serialization.jsonMapper().valueToTree(spec.document()), seen);
      }
    }
    List<String> missing = new ArrayList<>();
    for (Path crd : crds()) {
      JsonNode version = new ObjectMapper(new YAMLFactory()).readTree(crd.toFile()).at("/spec");
      String kind = version.at("/names/kind").asText();
      JsonNode spec = version.at("/versions/0/schema/openAPIV3Schema/properties/spec");
      expected(kind, ".spec", spec)
          .forEach(
              (path, values) ->
                  values.stream()
                      .filter(v -> admissible(kind, path, v))
                      .filter(v -> !seen.getOrDefault(path, Set.of()).contains(v))
                      .forEach(v -> missing.add(path + " = " + v)));
    }
    return missing;
  }

  /**
   * A driftPolicy's enums list every kind's parts and fields; a CEL rule admits only the kind's own
   * (SpecFuzzer.DRIFT_PARTS), so only those can be reached by an admitted spec.
   */
  private static boolean admissible(String kind, String path, String value) {
    List<DriftPart> parts = SpecFuzzer.DRIFT_PARTS.get(kind);
    if (path.endsWith(".driftPolicy[].part")) {
      return parts.stream().anyMatch(p -> p.name().equals(value));
    }
    if (path.endsWith(".driftPolicy[].fields[]")) {
      return parts.stream().flatMap(p -> p.fields().stream()).anyMatch(f -> f.name().equals(value));
    }
    return true;
  }

  /** Every enum value, and the minimum and maximum of every number, by kind and field path. */
  private static Map<String, Set<String>> expected(String kind, String path, JsonNode schema) {
    Map<String, Set<String>> values = new TreeMap<>();
    String key = kind + path;
    if (schema.has("enum")) {
      schema
          .get("enum")
          .forEach(v -> values.computeIfAbsent(key, k -> new HashSet<>()).add(v.asText()));
    }
    if (schema.path("type").asText().equals("integer")) {
      for (String bound : List.of("minimum", "maximum")) {
        if (schema.has(bound)) {
          values
              .computeIfAbsent(key, k -> new HashSet<>())
              .add(String.valueOf(schema.get(bound).asLong()));
        }
      }
    }
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            f -> values.putAll(expected(kind, path + "." + f.getKey(), f.getValue())));
    if (schema.has("items")) {
      values.putAll(expected(kind, path + "[]", schema.get("items")));
    }
    return values;
  }

  private static void collect(
      String kind, String path, JsonNode node, Map<String, Set<String>> seen) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(f -> collect(kind, path + "." + f.getKey(), f.getValue(), seen));
    } else if (node.isArray()) {
      node.forEach(item -> collect(kind, path + "[]", item, seen));
    } else {
      seen.computeIfAbsent(kind + path, k -> new HashSet<>()).add(node.asText());
    }
  }

  private static List<Path> crds() throws IOException {
    try (Stream<Path> files = Files.list(RepoPaths.crds())) {
      return files.sorted().toList();
    }
  }

  private static List<String> json(List<Spec> specs) {
    return specs.stream().map(s -> s.refusedAt() + " " + s.json()).toList();
  }
}
