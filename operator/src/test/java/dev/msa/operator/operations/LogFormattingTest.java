package dev.msa.operator.operations;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.MDCAdapter;

class LogFormattingTest {
  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @Test
  void jsonLinesCarryTheReconciledObjectFromJosdksMdc() throws Exception {
    Logger root = textAppenderOnRoot();

    LogFormatting.useJson(context);
    MDCAdapter mdc = new LogbackMDCAdapter();
    context.setMDCAdapter(mdc);
    mdc.put("resource.kind", "Microservice");
    mdc.put("resource.namespace", "shop");
    mdc.put("resource.name", "orders");
    try {
      root.info("applied {}", "Deployment orders");
    } finally {
      mdc.clear();
    }
    root.warn("no object here");

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertThat(first.path("level").asText()).isEqualTo("INFO");
    assertThat(first.path("formattedMessage").asText()).isEqualTo("applied Deployment orders");
    assertThat(first.path("mdc").path("resource.kind").asText()).isEqualTo("Microservice");
    assertThat(first.path("mdc").path("resource.namespace").asText()).isEqualTo("shop");
    assertThat(first.path("mdc").path("resource.name").asText()).isEqualTo("orders");
    assertThat(first.has("context")).isFalse();
    assertThat(new ObjectMapper().readTree(lines[1]).path("level").asText()).isEqualTo("WARN");
  }

  private Logger textAppenderOnRoot() {
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%level %msg%n");
    text.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(text);
    appender.setOutputStream(out);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    return root;
  }
}
