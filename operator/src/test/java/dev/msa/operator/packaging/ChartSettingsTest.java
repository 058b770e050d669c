package dev.msa.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** The chart stays in step with the operator: its version, and a value for every setting. */
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
