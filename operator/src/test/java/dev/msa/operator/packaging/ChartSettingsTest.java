package dev.msa.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.testing.RepoPaths;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * The chart stays in step with the operator: its version, a value for every setting, and the
 * metadata a chart registry shows.
 */
class ChartSettingsTest {
  private static final Path CHART = RepoPaths.root().resolve("helm/msa-operator");

  /**
   * Settings the chart deliberately does not expose: in a pod the HTTP server must listen on every
   * interface for the kubelet's probes and Prometheus, which is the operator's default.
   */
  private static final Set<String> NOT_IN_THE_CHART = Set.of("MSA_OPERATOR_HTTP_ADDRESS");

  @Test
  void theChartsAppVersionIsTheImageTagTheBuildProduces() throws Exception {
    String projectVersion =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(RepoPaths.root().resolve("pom.xml").toFile())
            .getDocumentElement()
            .getElementsByTagName("version")
            .item(0)
            .getTextContent();
    String appVersion =
        new ObjectMapper(new YAMLFactory())
            .readTree(CHART.resolve("Chart.yaml").toFile())
            .path("appVersion")
            .asText();

    assertThat(appVersion)
        .as("Chart.yaml appVersion: the default image tag, which `make image` builds")
        .isEqualTo(projectVersion);
  }

  @Test
  void theChartCarriesWhatARegistryShows() throws IOException {
    JsonNode chart =
        new ObjectMapper(new YAMLFactory()).readTree(CHART.resolve("Chart.yaml").toFile());

    assertThat(chart.path("home").asText()).startsWith("https://");
    assertThat(chart.path("sources")).isNotEmpty();
    chart.path("sources").forEach(source -> assertThat(source.asText()).startsWith("https://"));
    assertThat(chart.path("maintainers")).isNotEmpty();
    chart
        .path("maintainers")
        .forEach(
            maintainer -> {
              assertThat(maintainer.path("name").asText()).isNotBlank();
              assertThat(maintainer.path("email").asText()).contains("@");
            });
    String icon = chart.path("icon").asText();
    assertThat(icon).startsWith("https://").contains("/main/");
    Path iconFile = RepoPaths.root().resolve(icon.substring(icon.indexOf("/main/") + 6));
    assertThat(iconFile).as("the icon Chart.yaml names, in this repository").isRegularFile();
    assertThat(Files.readString(iconFile)).startsWith("<svg");

    // The CRDs' CEL rules need 1.29; the pinned apiserver the tests use must be admitted.
    Matcher minimum =
        Pattern.compile(">=\\s*(\\d+)\\.(\\d+)\\.0-0").matcher(chart.path("kubeVersion").asText());
    assertThat(minimum.matches()).as("kubeVersion: " + chart.path("kubeVersion")).isTrue();
    assertThat(minimum.group(1) + "." + minimum.group(2)).isEqualTo("1.29");
    String[] pinned = RepoPaths.pinnedVersion("K8S_VERSION").substring(1).split("\\.");
    assertThat(Integer.parseInt(pinned[0]) * 1000 + Integer.parseInt(pinned[1]))
        .isGreaterThanOrEqualTo(1029);
  }

  @Test
  void everyOperatorSettingIsSetByTheChart() throws IOException {
    String helpers = Files.readString(CHART.resolve("templates/_helpers.tpl"));
    List<String> settings =
        Stream.of(OperatorConfig.class.getFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
            .map(ChartSettingsTest::value)
            .filter(name -> name.startsWith("MSA_OPERATOR_") || name.equals("AWS_REGION"))
            .filter(name -> !NOT_IN_THE_CHART.contains(name))
            .toList();

    assertThat(settings).contains("MSA_OPERATOR_CLUSTER_NAME", "MSA_OPERATOR_AWS_RATE_LIMITS");
    assertThat(settings)
        .allSatisfy(
            name ->
                assertThat(helpers)
                    .as("templates/_helpers.tpl sets %s from a value", name)
                    .contains("- name: " + name + "\n"));
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
