package dev.msa.operator.aws;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The operator's SDK clients, configured the standard way: the default credentials chain (IRSA, Pod
 * Identity, environment, profile), the given region, the standard retry mode, and the endpoint
 * chosen per service: its own variable ({@code AWS_ENDPOINT_URL_EKS}, …) first, then the given
 * endpoint, then {@code AWS_ENDPOINT_URL} (which the SDK reads). The SDK honours the per-service
 * variables only when no endpoint is given, so they are applied here, and one service can be sent
 * elsewhere than the rest. They share one Apache HttpClient 5 connection pool, and every call
 * passes the service's rate limiter and {@link AwsCallMetrics}.
 */
public final class AwsClients implements AutoCloseable {
  private final String region;
  private final Optional<URI> endpointOverride;
  private final AwsCredentialsProvider credentials;
  private final boolean ownsCredentials;
  private final MeterRegistry registry;
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
  private final Map<String, String> environment;

  private AwsClients(
      String region,
      Optional<URI> endpointOverride,
      AwsCredentialsProvider credentials,
      boolean ownsCredentials,
      MeterRegistry registry,
      AwsRateLimits limits,
      List<ExecutionInterceptor> extraInterceptors,
      Map<String, String> environment) {
    this.region = region;
    this.environment = Map.copyOf(environment);
    this.ownsCredentials = ownsCredentials;
    this.registry = registry;
    this.extraInterceptors = List.copyOf(extraInterceptors);
    this.endpointOverride = endpointOverride;
    this.credentials = credentials;
    this.limits = limits;
    this.metrics = new AwsCallMetrics(registry);
    iam = build(IamClient.builder(), "iam", "IAM");
    sqs = build(SqsClient.builder(), "sqs", "SQS");
    sns = build(SnsClient.builder(), "sns", "SNS");
    sts = build(StsClient.builder(), "sts", "STS");
    eks = build(EksClient.builder(), "eks", "EKS");
    dynamoDb = build(DynamoDbClient.builder(), "dynamodb", "DynamoDB");
    eventBridge = build(EventBridgeClient.builder(), "events", "EventBridge");
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
    return new AwsClients(
        region, endpointOverride, credentials, true, registry, limits, List.of(), System.getenv());
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
    return create(
        region,
        endpointOverride,
        credentials,
        registry,
        limits,
        extraInterceptors,
        System.getenv());
  }

  /**
   * As above, with the per-service endpoint variables read from {@code environment} instead of the
   * process's: tests send one service to a stub this way.
   */
  public static AwsClients create(
      String region,
      Optional<URI> endpointOverride,
      AwsCredentialsProvider credentials,
      MeterRegistry registry,
      AwsRateLimits limits,
      List<ExecutionInterceptor> extraInterceptors,
      Map<String, String> environment) {
    return new AwsClients(
        region,
        endpointOverride,
        credentials,
        true,
        registry,
        limits,
        extraInterceptors,
        environment);
  }

  /**
   * The SDK's variable for a service's own endpoint: {@code AWS_ENDPOINT_URL_} and the service ID
   * in capitals ({@code EKS}, {@code DYNAMODB}, {@code EVENTBRIDGE}).
   */
  static String endpointVariable(String serviceId) {
    return "AWS_ENDPOINT_URL_" + serviceId.toUpperCase(Locale.ROOT).replace(' ', '_');
  }

  /**
   * Clients like these (endpoints, rate limits, meters, interceptors) for another region and, given
   * a role, another account: the role is assumed with these clients' STS client, and the SDK's
   * provider caches its credentials and refreshes them before they expire. Their own rate limiters:
   * the quotas AWS enforces are per account (IAM) or per account and region.
   *
   * @param sessionName the STS session name, which CloudTrail shows for every call made
   */
  public AwsClients forAccount(String region, Optional<String> roleArn, String sessionName) {
    AwsCredentialsProvider assumed =
        roleArn
            .<AwsCredentialsProvider>map(
                arn ->
                    StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(sts)
                        .refreshRequest(r -> r.roleArn(arn).roleSessionName(sessionName))
                        .build())
            .orElse(credentials);
    return new AwsClients(
        region,
        endpointOverride,
        assumed,
        roleArn.isPresent(),
        registry,
        limits,
        extraInterceptors,
        environment);
  }

  public String region() {
    return region;
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
    if (ownsCredentials && credentials instanceof AutoCloseable closeable) {
      closeQuietly(closeable);
    }
  }

  /**
   * {@code service} is the endpoint prefix that names the service in limits and metrics; {@code
   * serviceId} the SDK's service ID, which names its endpoint variable.
   */
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends AutoCloseable>
      C build(B builder, String service, String serviceId) {
    serviceEndpoint(serviceId).or(() -> endpointOverride).ifPresent(builder::endpointOverride);
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

  /** The service's own endpoint variable, unless configured endpoints are to be ignored. */
  private Optional<URI> serviceEndpoint(String serviceId) {
    if ("true".equalsIgnoreCase(environment.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) {
      return Optional.empty();
    }
    String variable = endpointVariable(serviceId);
    return Optional.ofNullable(environment.get(variable))
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .map(
            v -> {
              try {
                URI uri = new URI(v);
                if (uri.getScheme() == null || uri.getHost() == null) {
                  throw new URISyntaxException(v, "expected scheme://host[:port]");
                }
                return uri;
              } catch (URISyntaxException e) {
                throw new IllegalArgumentException(
                    variable + "=" + v + ": not an endpoint URL: " + e.getMessage());
              }
            });
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
