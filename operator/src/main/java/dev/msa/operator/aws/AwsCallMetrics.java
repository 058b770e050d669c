package dev.msa.operator.aws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Micrometer meters for every AWS call, tagged by service, operation and outcome, never by the name
 * of a queue, role or any other object: timer {@code msa.aws.calls} (one sample per call, SDK
 * retries included, with histogram buckets), counter {@code msa.aws.throttles} (every throttled
 * attempt, also those a retry absorbed, so throttling shows before it fails calls) and counter
 * {@code msa.aws.rate.limit.wait} (seconds spent waiting for the client-side rate limit, by
 * service: whether a limit is what a burst waits on).
 */
public final class AwsCallMetrics implements ExecutionInterceptor {
  static final String CALLS = "msa.aws.calls";
  static final String RATE_LIMIT_WAIT = "msa.aws.rate.limit.wait";

  /**
   * Fixed buckets rather than Micrometer's percentile histogram, whose ~70 buckets per service,
   * operation and outcome would multiply the series; these span a fast read (5 ms) to a call that
   * retried through throttling (30 s).
   */
  static final Duration[] CALL_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private static final ExecutionAttribute<Long> STARTED =
      new ExecutionAttribute<>("msa.aws.call.started");

  private final MeterRegistry registry;

  public AwsCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, System.nanoTime());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    record(attributes, "success");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    record(attributes, outcome(context.exception()));
  }

  /**
   * Counts the throttled attempts of one service's calls from the SDK's per-attempt metrics, which
   * an interceptor does not see. Register it on that service's client only.
   */
  public MetricPublisher throttleCounter(String service) {
    return new MetricPublisher() {
      @Override
      public void publish(MetricCollection call) {
        long throttled =
            call.childrenWithName("ApiCallAttempt")
                .filter(
                    attempt -> attempt.metricValues(CoreMetric.ERROR_TYPE).contains("Throttling"))
                .count();
        if (throttled > 0) {
          String operation =
              call.metricValues(CoreMetric.OPERATION_NAME).stream().findFirst().orElse("");
          Counter.builder("msa.aws.throttles")
              .description("AWS call attempts that AWS throttled")
              .tag("service", service)
              .tag("operation", operation)
              .register(registry)
              .increment(throttled);
        }
      }

      @Override
      public void close() {}
    };
  }

  private void record(ExecutionAttributes attributes, String outcome) {
    Long started = attributes.getAttribute(STARTED);
    if (started == null) {
      return; // failed before this interceptor ran, e.g. interrupted while rate limited
    }
    long waited = waited(attributes);
    Timer.builder(CALLS)
        .description("AWS API calls, SDK retries included")
        .serviceLevelObjectives(CALL_BUCKETS)
        .tag("service", attributes.getAttribute(AwsExecutionAttribute.ENDPOINT_PREFIX))
        .tag("operation", attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
        .tag("outcome", outcome)
        .register(registry)
        .record(Duration.ofNanos(System.nanoTime() - started - waited));
    if (waited > 0) {
      Counter.builder(RATE_LIMIT_WAIT)
          .description("Time AWS calls waited for the client-side rate limit, all attempts")
          .baseUnit("seconds")
          .tag("service", attributes.getAttribute(AwsExecutionAttribute.ENDPOINT_PREFIX))
          .register(registry)
          .increment(waited / 1e9);
    }
  }

  /** The rate limiter's wait, taken inside the call since it runs once per attempt. */
  private static long waited(ExecutionAttributes attributes) {
    Long waited = attributes.getAttribute(AwsRateLimiter.WAITED);
    return waited == null ? 0 : waited;
  }

  private static String outcome(Throwable failure) {
    if (failure instanceof AwsServiceException e) {
      if (AwsErrors.isThrottling(e)) {
        return "throttled";
      }
      return e.statusCode() >= 500 ? "server_error" : "client_error";
    }
    return "network_error";
  }
}
