package dev.msa.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chart's Grafana dashboard and PrometheusRule as the tests read them: rendered by the real
 * helm, their PromQL checked by the real promtool, and the metric names they query.
 */
public final class ObservabilityPack {
  public static final Path CHART = RepoPaths.root().resolve("helm/msa-operator");
  public static final Path DASHBOARD = CHART.resolve("dashboards/msa-operator.json");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  /** PromQL's words that are not metric names: operators, modifiers and aggregations' clauses. */
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "offset",
          "inf",
          "nan");

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private ObservabilityPack() {}

  /** {@code helm template} of the chart with the minimal values and {@code args}. */
  public static String render(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "template",
                "msa",
                CHART.toString(),
                "--namespace",
                "msa-system",
                "--kube-version",
                RepoPaths.pinnedVersion("K8S_VERSION"),
                "--values",
                CHART.resolve("ci/minimal-values.yaml").toString()));
    all.addAll(List.of(args));
    Run run =
        Run.of(null, RepoPaths.cache().resolve("bin/helm").toString(), all.toArray(String[]::new));
    if (run.exit() != 0) {
      throw new IllegalStateException("helm template failed: " + run.output());
    }
    return run.stdout();
  }

  /** The rendered objects of {@code kind}. */
  public static List<JsonNode> objects(String manifest, String kind) {
    try {
      List<JsonNode> found = new ArrayList<>();
      for (JsonNode object :
          YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifest).readAll()) {
        if (object != null && kind.equals(object.path("kind").asText())) {
          found.add(object);
        }
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every {@code expr} of the rendered PrometheusRule. */
  public static List<String> ruleExpressions(JsonNode prometheusRule) {
    List<String> expressions = new ArrayList<>();
    prometheusRule
        .path("spec")
        .path("groups")
        .forEach(
            group -> group.path("rules").forEach(r -> expressions.add(r.path("expr").asText())));
    return expressions;
  }

  public static JsonNode dashboard() {
    try {
      return JSON.readTree(Files.readString(DASHBOARD));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every query of the dashboard, its panels' targets and its variables', as PromQL: Grafana's
   * variables replaced by what Grafana would put there.
   */
  public static List<String> dashboardQueries(JsonNode dashboard) {
    List<String> queries = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(panel -> panel.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
    dashboard
        .path("templating")
        .path("list")
        .forEach(
            variable -> {
              String query = variable.path("query").path("query").asText("");
              Matcher labelValues =
                  Pattern.compile("label_values\\((.*),\\s*[a-zA-Z_]+\\)").matcher(query);
              if (labelValues.matches()) {
                queries.add(labelValues.group(1));
              }
            });
    return queries.stream()
        .map(q -> q.replace("$__rate_interval", "5m").replace("$job", ".+"))
        .toList();
  }

  /** The metric names a PromQL expression selects (functions and label names are not). */
  public static Set<String> metricNames(String promql) {
    String bare = STRING.matcher(promql).replaceAll("\"\"");
    bare = MATCHERS.matcher(bare).replaceAll(" ");
    bare = RANGE.matcher(bare).replaceAll(" ");
    bare = GROUPING.matcher(bare).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher identifier = IDENTIFIER.matcher(bare);
    while (identifier.find()) {
      String word = identifier.group();
      boolean function = bare.substring(identifier.end()).stripLeading().startsWith("(");
      if (!function && !KEYWORDS.contains(word.toLowerCase())) {
        names.add(word);
      }
    }
    return names;
  }

  /**
   * {@code promtool check rules} of {@code rules} (a rule file's YAML); each query can be checked
   * as the expression of a recording rule.
   */
  public static Run promtoolCheckRules(String rules) {
    try {
      Path file = Files.createTempFile("msa-rules", ".yaml");
      Files.writeString(file, rules);
      Run run =
          Run.of(
              null,
              RepoPaths.cache().resolve("bin/promtool").toString(),
              "check",
              "rules",
              file.toString());
      Files.delete(file);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A rule file with one recording rule per query. */
  public static String recordingRules(List<String> queries) {
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    for (int i = 0; i < queries.size(); i++) {
      rules.append("      - record: dashboard:query").append(i).append('\n');
      try {
        rules.append("        expr: ").append(JSON.writeValueAsString(queries.get(i))).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rules.toString();
  }

  /** The PrometheusRule's spec as a rule file. */
  public static String ruleFile(JsonNode prometheusRule) {
    try {
      return YAML.writeValueAsString(prometheusRule.path("spec"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
