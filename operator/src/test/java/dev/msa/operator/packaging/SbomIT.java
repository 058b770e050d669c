package dev.msa.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.msa.operator.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * The SBOM that `package` writes beside the image tarball describes exactly the jars the image's
 * application layers hold: every runtime dependency in target/lib, by name, version and SHA-256,
 * and nothing else (no test or provided-scope library).
 */
class SbomIT {
  private static final Path TARGET = RepoPaths.root().resolve("operator/target");

  @Test
  void theSbomListsEveryRuntimeJarWithItsHashAndNothingElse() throws Exception {
    JsonNode bom = new ObjectMapper().readTree(TARGET.resolve("msa-operator.cdx.json").toFile());

    assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(bom.path("specVersion").asText()).isNotBlank();
    JsonNode operator = bom.path("metadata").path("component");
    assertThat(operator.path("type").asText()).isEqualTo("application");
    assertThat(operator.path("name").asText()).isEqualTo("msa-operator-operator");
    assertThat(operator.path("version").asText()).isEqualTo(projectVersion());

    Map<String, String> listed = new HashMap<>();
    for (JsonNode component : bom.path("components")) {
      assertThat(component.path("purl").asText()).startsWith("pkg:maven/");
      String sha256 = "";
      for (JsonNode hash : component.path("hashes")) {
        if ("SHA-256".equals(hash.path("alg").asText())) {
          sha256 = hash.path("content").asText();
        }
      }
      listed.put(
          component.path("name").asText() + "-" + component.path("version").asText() + ".jar",
          sha256);
    }

    Map<String, String> shipped = new HashMap<>();
    try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
      for (Path jar : jars.toList()) {
        shipped.put(jar.getFileName().toString(), sha256(jar));
      }
    }
    assertThat(shipped.keySet())
        .anyMatch(jar -> jar.startsWith("operator-framework-"))
        .anyMatch(jar -> jar.startsWith("sqs-"));
    assertThat(listed).isEqualTo(shipped);
    assertThat(listed.keySet())
        .noneMatch(jar -> jar.startsWith("junit-") || jar.startsWith("assertj-"));
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String projectVersion() throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(RepoPaths.root().resolve("pom.xml").toFile())
        .getDocumentElement()
        .getElementsByTagName("version")
        .item(0)
        .getTextContent();
  }
}
