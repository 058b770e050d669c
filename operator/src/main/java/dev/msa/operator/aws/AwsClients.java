package dev.msa.operator.aws;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The operator's SDK clients, configured the standard way: the default credentials chain (IRSA, Pod
 * Identity, environment, profile), the given region, {@code AWS_ENDPOINT_URL} if set (the SDK reads
 * it) unless an endpoint is given, and the standard retry mode. They share one Apache HttpClient 5
 * connection pool, and every call passes the service's rate limiter and {@link AwsCallMetrics}.
 */
public final class AwsClients implements AutoCloseable {
  private final String region;
  private final Optional<URI> endpointOverride;
  private final AwsCredentialsProvider credentials;
  private final AwsRateLimits limits;
  private final AwsCallMetrics metrics;
  private final List<ExecutionInterceptor> extraInterceptors;
  private final SdkHttpClient http = Apache5HttpClient.create();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final IamClient iam;
  private final SqsClient sqs;
  private final SnsClient sns;
  private final StsClient sts;
  private final EksClient eks;
  private final DynamoDbClient dynamoDb;
  private final EventBridgeClient eventBridge;
  private final QueueObservations queueObservations = new QueueObservations();

  private AwsClients(
      String region,
      Optional<URI> endpointOverride,
      AwsCredentialsProvider credentials,
      MeterRegistry registry,
      AwsRateLimits limits,
      List<ExecutionInterceptor> extraInterceptors) {
    this.region = region;
    this.extraInterceptors = List.copyOf(extraInterceptors);
    this.endpointOverride = endpointOverride;
    this.credentials = credentials;
    this.limits = limits;
    this.metrics = new AwsCallMetrics(registry);
    iam = build(IamClient.builder(), "iam");
    sqs = build(SqsClient.builder(), "sqs");
    sns = build(SnsClient.builder(), "sns");
    sts = build(StsClient.builder(), "sts");
    eks = build(EksClient.builder(), "eks");
    dynamoDb = build(DynamoDbClient.builder(), "dynamodb");
    eventBridge = build(EventBridgeClient.builder(), "events");
  }

  /** Clients with the default credentials chain. */
  public static AwsClients create(
      String region, Optional<URI> endpointOverride, MeterRegistry registry, AwsRateLimits limits) {
    return create(
        region, endpointOverride, DefaultCredentialsProvider.builder().build(), registry, limits);
  }

  /** Clients with the given credentials, which {@link #close()} closes if they can be. */
  public static AwsClients create(
      String region,
      Optional<URI> endpointOverride,
      AwsCredentialsProvider credentials,
      MeterRegistry registry,
      AwsRateLimits limits) {
    return new AwsClients(region, endpointOverride, credentials, registry, limits, List.of());
  }

  /**
   * As above, with interceptors that run after the operator's own: tests inject faults with them
   * (moto has no fault injection).
   */
  public static AwsClients create(
      String region,
      Optional<URI> endpointOverride,
      AwsCredentialsProvider credentials,
      MeterRegistry registry,
      AwsRateLimits limits,
      List<ExecutionInterceptor> extraInterceptors) {
    return new AwsClients(
        region, endpointOverride, credentials, registry, limits, extraInterceptors);
  }

  public IamClient iam() {
    return iam;
  }

  public SqsClient sqs() {
    return sqs;
  }

  public SnsClient sns() {
    return sns;
  }

  public StsClient sts() {
    return sts;
  }

  public EksClient eks() {
    return eks;
  }

  public DynamoDbClient dynamoDb() {
    return dynamoDb;
  }

  public EventBridgeClient eventBridge() {
    return eventBridge;
  }

  /** What was last read of each queue, shared by all who read queues with these clients. */
  public QueueObservations queueObservations() {
    return queueObservations;
  }

  @Override
  public void close() {
    closeables.forEach(AwsClients::closeQuietly);
    closeQuietly(http);
    if (credentials instanceof AutoCloseable closeable) {
      closeQuietly(closeable);
    }
  }

  /** {@code service} is the endpoint prefix that names the service in limits and metrics. */
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends AutoCloseable>
      C build(B builder, String service) {
    endpointOverride.ifPresent(builder::endpointOverride);
    C client =
        builder
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClient(http)
            .overrideConfiguration(
                o ->
                    o.retryStrategy(RetryMode.STANDARD)
                        // the limiter first, so the call's time excludes waiting for it
                        .addExecutionInterceptor(new AwsRateLimiter(limits.perSecond(service)))
                        .addExecutionInterceptor(metrics)
                        .executionInterceptors(withExtra(o.executionInterceptors()))
                        .addMetricPublisher(metrics.throttleCounter(service)))
            .build();
    closeables.add(client);
    return client;
  }

  private List<ExecutionInterceptor> withExtra(List<ExecutionInterceptor> own) {
    List<ExecutionInterceptor> all = new ArrayList<>(own);
    all.addAll(extraInterceptors);
    return all;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing at shutdown: nothing left to do about it
    }
  }
}
