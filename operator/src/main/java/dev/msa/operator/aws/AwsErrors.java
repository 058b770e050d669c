package dev.msa.operator.aws;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place that decides whether an AWS failure is terminal or worth retrying (SPEC §3):
 * throttling, 5xx, network failures and a few documented "try again" codes are transient; every
 * other error AWS answers with (validation, access denied, limit exceeded, malformed policy, name
 * conflicts, ...) is terminal until the spec or the configuration changes.
 */
public final class AwsErrors {
  /**
   * Codes AWS uses for "slow down" beyond those the SDK knows ({@code isThrottlingException}),
   * including their prefixed and qualified forms.
   */
  private static final Set<String> THROTTLING =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "Throttled",
          "ThrottledException",
          "RequestThrottled",
          "RequestThrottledException",
          "RequestLimitExceeded",
          "TooManyRequestsException",
          "ProvisionedThroughputExceededException",
          "SlowDown");

  /** Codes that say "the same request will work shortly". */
  private static final Set<String> RETRY_LATER =
      Set.of(
          "QueueDeletedRecently", // SQS: a queue of that name was deleted less than 60 s ago
          "ConcurrentModification", // IAM
          "ConcurrentModificationException", // EventBridge, EKS
          "EntityTemporarilyUnmodifiable", // IAM
          "IDPCommunicationError", // STS
          "RequestTimeout",
          "RequestTimeoutException");

  private static final Map<String, String> DISPLAY_NAMES =
      Map.of(
          "iam", "IAM",
          "sqs", "SQS",
          "sns", "SNS",
          "sts", "STS",
          "eks", "EKS",
          "dynamodb", "DynamoDB",
          "events", "EventBridge");

  /** The code of a call that got no answer: connection refused or reset, a timeout, DNS. */
  public static final String ENDPOINT_UNREACHABLE = "AwsEndpointUnreachable";

  private AwsErrors() {}

  /**
   * Classifies an SDK exception whose operation is not known; the service comes from the exception
   * where AWS answered. Adapters use {@link #classify(String, String, SdkException)}.
   */
  public static AwsException classify(SdkException e) {
    String service =
        e instanceof AwsServiceException s && s.awsErrorDetails() != null
            ? serviceKey(s.awsErrorDetails().serviceName())
            : "aws";
    return classify(service, "", e);
  }

  /**
   * Classifies a failed call of {@code operation} (e.g. {@code CreateQueue}) on {@code service}
   * (the endpoint prefix, e.g. {@code sqs}).
   */
  public static AwsException classify(String service, String operation, SdkException e) {
    AwsFailure failure =
        e instanceof AwsServiceException s
            ? new AwsFailure(service, operation, code(s), message(s), !isTransient(s))
            : new AwsFailure(service, operation, clientCode(e), e.getMessage(), false);
    return new AwsException(failure, e);
  }

  /** A failure before AWS answered: a network one says so, which reads better than a class name. */
  private static String clientCode(SdkException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return ENDPOINT_UNREACHABLE;
      }
    }
    return e.getClass().getSimpleName();
  }

  /** AWS asked the caller to slow down. */
  public static boolean isThrottling(AwsServiceException e) {
    return e.isThrottlingException() || THROTTLING.contains(bareCode(code(e)));
  }

  static String describe(AwsFailure f) {
    String service = DISPLAY_NAMES.getOrDefault(f.service(), f.service().toUpperCase(Locale.ROOT));
    String where = f.operation().isEmpty() ? service : service + " " + f.operation();
    return where + ": " + f.code() + ": " + f.message();
  }

  private static boolean isTransient(AwsServiceException e) {
    return isThrottling(e)
        || e.statusCode() >= 500
        || e.isClockSkewException()
        || RETRY_LATER.contains(bareCode(code(e)));
  }

  private static String code(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    return details != null && details.errorCode() != null
        ? details.errorCode()
        : "HTTP " + e.statusCode();
  }

  private static String message(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    return details != null && details.errorMessage() != null
        ? details.errorMessage()
        : e.getMessage();
  }

  /**
   * SQS reports its query-protocol codes with a prefix ({@code
   * AWS.SimpleQueueService.QueueDeletedRecently}); JSON protocols may qualify the shape name
   * ({@code com.amazonaws.sqs#QueueDoesNotExist}).
   */
  static String bareCode(String code) {
    return code.substring(Math.max(code.lastIndexOf('.'), code.lastIndexOf('#')) + 1);
  }

  /** The SDK's service name ("Sqs", "EventBridge") as an endpoint prefix ("sqs", "events"). */
  private static String serviceKey(String sdkServiceName) {
    if (sdkServiceName == null) {
      return "aws";
    }
    String key = sdkServiceName.toLowerCase(Locale.ROOT);
    return key.equals("eventbridge") ? "events" : key;
  }
}
