package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.msa.operator.aws.AwsException;
import dev.msa.operator.aws.AwsFailure;
import dev.msa.operator.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * global {@code obj} and must return the expected status and message; and cases generated from the
 * operator's lists of reasons ({@link Reasons}) must get the health their kind of reason means.
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

  /**
   * Generated from the operator's own lists, not hand-written: for every kind, a status built by
   * the code that builds statuses ({@link Conditions#ready}, {@link Conditions#withKstatus}) for
   * every reason of {@link Reasons#TERMINAL} must be Degraded, for every reason of {@link
   * Reasons#PROGRESSING} Progressing, for {@link Reasons#SUSPENDED} (plan-only) Suspended, and the
   * same while the object is being deleted; terminal and retried AWS failures as {@link
   * AwsPartFailure} words them likewise; Ready=True Healthy.
   */
  @TestFactory
  Stream<DynamicTest> everyReasonTheOperatorGivesHasItsHealth() throws IOException {
    assertThat(Reasons.TERMINAL)
        .as("a reason is terminal or progress, not both")
        .doesNotContainAnyElementsOf(Reasons.PROGRESSING)
        .doesNotContainAnyElementsOf(Reasons.SUSPENDED);
    assertThat(Reasons.SUSPENDED).doesNotContainAnyElementsOf(Reasons.PROGRESSING);
    Map<String, Condition> failedParts = new TreeMap<>();
    Map<String, String> expected = new TreeMap<>();
    for (String reason : Reasons.TERMINAL) {
      failedParts.put(reason, Conditions.of("PartReady", false, reason, "it is " + reason));
      expected.put(reason, "Degraded");
    }
    for (String reason : Reasons.PROGRESSING) {
      failedParts.put(reason, Conditions.of("PartReady", false, reason, "it is " + reason));
      expected.put(reason, "Progressing");
    }
    for (String reason : Reasons.SUSPENDED) {
      failedParts.put(reason, Conditions.of("PartReady", false, reason, "it is " + reason));
      expected.put(reason, "Suspended");
    }
    failedParts.put("a terminal AWS error", failure("AccessDenied", true));
    expected.put("a terminal AWS error", "Degraded");
    failedParts.put("a retried AWS error", failure("Throttling", false));
    expected.put("a retried AWS error", "Progressing");

    List<DynamicTest> tests = new ArrayList<>();
    for (String kind : KINDS) {
      String script = Files.readString(CUSTOMIZATIONS.resolve(kind).resolve("health.lua"));
      failedParts.forEach(
          (name, part) -> {
            Condition ready = Conditions.ready(List.of(part));
            for (boolean deleting : List.of(false, true)) {
              String health = expected.get(name);
              tests.add(
                  DynamicTest.dynamicTest(
                      kind + ", " + name + (deleting ? ", being deleted" : "") + ": " + health,
                      () -> {
                        LuaValue result = run(script, object(kind, ready, part, deleting));
                        assertThat(result.get("status").tojstring()).isEqualTo(health);
                        assertThat(result.get("message").tojstring()).isEqualTo(ready.getMessage());
                      }));
            }
          });
      Condition readyPart = Conditions.of("PartReady", true, "Ready", "it is ready");
      Condition ready = Conditions.ready(List.of(readyPart));
      tests.add(
          DynamicTest.dynamicTest(
              kind + ", Ready: Healthy",
              () -> {
                LuaValue result = run(script, object(kind, ready, readyPart, false));
                assertThat(result.get("status").tojstring()).isEqualTo("Healthy");
              }));
    }
    return tests.stream();
  }

  /** An object of {@code kind} whose status is what the reconcilers write for these conditions. */
  private static JsonNode object(String kind, Condition ready, Condition part, boolean deleting) {
    List<Condition> conditions =
        Conditions.carryForward(
            null,
            Conditions.withKstatus(List.of(ready, part)),
            2L,
            Instant.parse("2026-01-12T09:30:00Z"));
    ObjectNode object = YAML.createObjectNode();
    object.put("apiVersion", "msa.dev/v1alpha1").put("kind", kind);
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", "orders").put("namespace", "shop").put("generation", 2);
    if (deleting) {
      metadata.put("deletionTimestamp", "2026-01-12T10:00:00Z");
    }
    ObjectNode status = object.putObject("status");
    status.put("observedGeneration", 2);
    status.set("conditions", Serialization.jsonMapper().valueToTree(conditions));
    return object;
  }

  private static Condition failure(String code, boolean terminal) {
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
