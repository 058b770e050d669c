package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.msa.operator.aws.AwsException;
import dev.msa.operator.aws.AwsFailure;
import dev.msa.operator.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * The Argo CD health checks of argocd/resource_customizations/msa.dev, run the way Argo CD runs
 * them: each {@code health.lua} gets the object of every {@code health_test.yaml} case as the Lua
 * global {@code obj} and must return the expected status and message. It lives in this package
 * because the script keys on the phrase {@link AwsPartFailure} puts in terminal failures.
 */
class ArgoCdHealthTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path CUSTOMIZATIONS =
      RepoPaths.root().resolve("argocd/resource_customizations/msa.dev");
  private static final List<String> KINDS =
      List.of("DataStore", "EventSubscription", "Microservice");

  @TestFactory
  Stream<DynamicTest> everyHealthTestCasePasses() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String kind : KINDS) {
      Path dir = CUSTOMIZATIONS.resolve(kind);
      String script = Files.readString(dir.resolve("health.lua"));
      for (JsonNode test : YAML.readTree(dir.resolve("health_test.yaml").toFile()).path("tests")) {
        String input = test.path("inputPath").asText();
        tests.add(
            DynamicTest.dynamicTest(
                kind + " " + input,
                () -> {
                  JsonNode object = YAML.readTree(dir.resolve(input).toFile());
                  assertThat(object.path("kind").asText()).as("kind of %s", input).isEqualTo(kind);
                  LuaValue health = run(script, object);
                  assertThat(health.get("status").tojstring())
                      .as("status for %s", input)
                      .isEqualTo(test.path("healthStatus").path("status").asText());
                  assertThat(health.get("message").tojstring())
                      .as("message for %s", input)
                      .isEqualTo(test.path("healthStatus").path("message").asText());
                }));
      }
    }
    return tests.stream();
  }

  @Test
  void everyKindHasTheSameCheckAndEveryTestDataFileIsUsed() throws IOException {
    try (Stream<Path> dirs = Files.list(CUSTOMIZATIONS)) {
      assertThat(dirs.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(KINDS);
    }
    String microservice = Files.readString(CUSTOMIZATIONS.resolve("Microservice/health.lua"));
    for (String kind : KINDS) {
      Path dir = CUSTOMIZATIONS.resolve(kind);
      assertThat(Files.readString(dir.resolve("health.lua")))
          .as("%s/health.lua is the same script as Microservice/health.lua", kind)
          .isEqualTo(microservice);
      List<String> used = new ArrayList<>();
      YAML.readTree(dir.resolve("health_test.yaml").toFile())
          .path("tests")
          .forEach(t -> used.add(t.path("inputPath").asText()));
      try (Stream<Path> files = Files.list(dir.resolve("testdata"))) {
        assertThat(files.map(p -> "testdata/" + p.getFileName()).sorted().toList())
            .as("testdata of %s, each referenced by health_test.yaml", kind)
            .containsExactlyInAnyOrderElementsOf(used);
      }
    }
  }

  /** docs/argocd.md shows the argocd-cm snippet with the script inline: the tested script. */
  @Test
  void theDocumentedSnippetIsTheTestedScript() throws IOException {
    String doc = Files.readString(RepoPaths.root().resolve("docs/argocd.md"));
    String start = "  resource.customizations.health.msa.dev_Microservice: &msa-health |\n";
    String end = "  resource.customizations.health.msa.dev_DataStore: *msa-health";
    assertThat(doc).contains(start, end);
    String snippet = doc.substring(doc.indexOf(start) + start.length(), doc.indexOf(end));

    assertThat(snippet.replaceAll("(?m)^    ", ""))
        .isEqualTo(Files.readString(CUSTOMIZATIONS.resolve("Microservice/health.lua")));
  }

  /** The operator's terminal AWS failures carry the phrase the script reads; retried ones not. */
  @Test
  void theScriptKnowsTheOperatorsTerminalPhrase() throws IOException {
    Matcher marker =
        Pattern.compile("local terminalMarker = \"([^\"]+)\"")
            .matcher(Files.readString(CUSTOMIZATIONS.resolve("Microservice/health.lua")));
    assertThat(marker.find()).as("terminalMarker in health.lua").isTrue();

    String terminal = failure("NoSuchEntity", true).getMessage();
    String transientFailure = failure("Throttling", false).getMessage();

    assertThat(terminal).contains(marker.group(1));
    assertThat(transientFailure).doesNotContain(marker.group(1));
  }

  private static io.fabric8.kubernetes.api.model.Condition failure(String code, boolean terminal) {
    var failure = new AwsFailure("iam", "CreateRole", code, "it failed", terminal);
    return AwsPartFailure.of(
        "IdentityReady", "role prod-shop-orders", new AwsException(failure, null));
  }

  /** Argo CD opens the base, table, string and math libraries only; so does this. */
  private static LuaValue run(String script, JsonNode object) {
    Globals globals = new Globals();
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new JseMathLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.set("obj", toLua(object));
    return globals.load(script, "health.lua").call();
  }

  /** The object as Argo CD hands it over: maps become tables, lists 1-based tables. */
  private static LuaValue toLua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isIntegralNumber()) {
      return LuaInteger.valueOf(node.asLong());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }
}
