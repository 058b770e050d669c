package dev.msa.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.testing.RepoPaths;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs committed in crds/ must be exactly what the build generates from the api classes,
 * finished by {@link CrdFinishing}. With {@code -Dmsa.crds.write=true} (what `make crds` passes) it
 * writes them there first.
 */
class CrdDriftTest {

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws Exception {
    Map<String, String> generated = new TreeMap<>();
    crdFiles(generatedDir())
        .forEach((file, yaml) -> generated.put(file, CrdFinishing.finish(yaml)));
    if (Boolean.getBoolean("msa.crds.write")) {
      for (var file : generated.entrySet()) {
        Files.writeString(RepoPaths.crds().resolve(file.getKey()), file.getValue());
      }
    }
    Map<String, String> committed = crdFiles(RepoPaths.crds());

    assertThat(generated).as("the build generated no CRD").isNotEmpty();
    assertThat(committed.keySet())
        .as("CRD files in crds/ (run `make crds` to regenerate them)")
        .isEqualTo(generated.keySet());
    generated.forEach(
        (file, yaml) ->
            assertThat(committed.get(file))
                .as("crds/%s differs from the generated CRD: run `make crds` and commit", file)
                .isEqualTo(yaml));
  }

  private static Path generatedDir() throws URISyntaxException {
    var url = CrdDriftTest.class.getResource("/META-INF/fabric8");
    assertThat(url).as("generated CRDs on the classpath").isNotNull();
    return Path.of(url.toURI());
  }

  private static Map<String, String> crdFiles(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.list(dir)) {
      for (Path path : paths.filter(p -> p.toString().endsWith("-v1.yml")).toList()) {
        files.put(path.getFileName().toString(), Files.readString(path));
      }
    }
    return files;
  }
}
