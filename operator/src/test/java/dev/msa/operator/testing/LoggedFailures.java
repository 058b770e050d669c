package dev.msa.operator.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * The warnings and errors logged while it is open by JOSDK (each failed reconcile, with the
 * exception that escaped the reconciler) and by the operator's own code, with their exceptions'
 * cause chains. JOSDK's failure meter names only a class, which cannot tell an AWS failure from a
 * bug: an AWS network failure and a Kubernetes one both end in an IOException.
 */
public final class LoggedFailures extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  static final String JOSDK = "io.javaoperatorsdk";
  static final String OPERATOR = "dev.msa.operator";

  /**
   * One logged warning or error.
   *
   * @param causes the class names of the exception and its causes, outermost first; empty when none
   *     was logged
   */
  public record Failure(String logger, String level, String message, List<String> causes) {
    public boolean fromJosdk() {
      return logger.startsWith(JOSDK);
    }

    /** An AWS failure the aws layer classified, wherever it was wrapped. */
    public boolean classifiedAws() {
      return causes.contains("dev.msa.operator.aws.AwsException");
    }

    @Override
    public String toString() {
      return level + " " + logger + ": " + message + (causes.isEmpty() ? "" : " " + causes);
    }
  }

  private final List<Failure> failures = new CopyOnWriteArrayList<>();
  private final List<Logger> loggers = new ArrayList<>();

  private LoggedFailures() {}

  /** Starts capturing. */
  public static LoggedFailures capture() {
    LoggedFailures capture = new LoggedFailures();
    capture.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
    capture.start();
    for (String name : List.of(JOSDK, OPERATOR)) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      logger.addAppender(capture);
      capture.loggers.add(logger);
    }
    return capture;
  }

  public List<Failure> all() {
    return List.copyOf(failures);
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (!event.getLevel().isGreaterOrEqual(Level.WARN)) {
      return;
    }
    List<String> causes = new ArrayList<>();
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      causes.add(t.getClassName());
    }
    failures.add(
        new Failure(
            event.getLoggerName(),
            event.getLevel().toString(),
            event.getFormattedMessage(),
            causes));
  }

  @Override
  public void close() {
    loggers.forEach(logger -> logger.detachAppender(this));
    stop();
  }
}
