package dev.msa.operator.operations;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.msa.operator.config.LogFormat;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain text is what logback.xml configures; {@code MSA_OPERATOR_LOG_FORMAT=json} turns the console
 * into JSON lines, once the configuration has been validated. Each line keeps JOSDK's MDC ({@code
 * resource.kind}, {@code resource.namespace}, {@code resource.name}, …) under {@code mdc}.
 */
public final class LogFormatting {
  private LogFormatting() {}

  public static void apply(LogFormat format) {
    if (format == LogFormat.JSON
        && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      useJson(context);
    }
  }

  /** Replaces the encoder of every appender of the root logger that writes to a stream. */
  static void useJson(LoggerContext context) {
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
        // Called from main before anything else logs, so the stream needs no stop and restart.
        appender.setEncoder(jsonEncoder(context));
      }
    }
  }

  private static JsonEncoder jsonEncoder(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    // What a log pipeline needs, and not the logback internals it does not.
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithArguments(false);
    encoder.setWithMessage(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }
}
