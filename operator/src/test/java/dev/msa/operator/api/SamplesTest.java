package dev.msa.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.msa.operator.testing.RepoPaths;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample must read into the API classes with no field the classes do not know. */
class SamplesTest {
  private static final ObjectMapper STRICT =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final Map<String, Class<? extends CustomResource<?, ?>>> KINDS =
      Map.of(
          "Microservice", Microservice.class,
          "DataStore", DataStore.class,
          "EventSubscription", EventSubscription.class);

  static Stream<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(RepoPaths.samples())) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sampleReadsIntoTheApiClasses(Path sample) throws IOException {
    JsonNode tree = STRICT.readTree(sample.toFile());
    String kind = tree.path("kind").asText();
    assertThat(KINDS).as("kind of %s", sample.getFileName()).containsKey(kind);
    assertThat(tree.path("apiVersion").asText()).isEqualTo("msa.dev/v1alpha1");

    CustomResource<?, ?> resource = STRICT.treeToValue(tree, KINDS.get(kind));

    assertThat(resource.getMetadata().getName()).isNotBlank();
    assertThat(resource.getSpec()).isNotNull();
  }

  @Test
  void everyKindHasASample() throws IOException {
    List<String> kinds = samples().map(this::kindOf).distinct().sorted().toList();
    assertThat(kinds).containsExactlyInAnyOrderElementsOf(KINDS.keySet());
  }

  @Test
  void anUnknownFieldIsRefused() {
    String yaml =
        """
        apiVersion: msa.dev/v1alpha1
        kind: Microservice
        metadata: {name: typo}
        spec: {image: nginx, replica: 2}
        """;
    assertThatThrownBy(() -> STRICT.readValue(yaml, Microservice.class))
        .isInstanceOf(UnrecognizedPropertyException.class)
        .hasMessageContaining("replica");
  }

  private String kindOf(Path sample) {
    try {
      return STRICT.readTree(sample.toFile()).path("kind").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
