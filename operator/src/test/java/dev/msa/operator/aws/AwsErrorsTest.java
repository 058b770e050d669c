package dev.msa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsErrorsTest {

  @ParameterizedTest(name = "{0} {1} is terminal")
  @CsvSource({
    "AccessDenied, 403",
    "AccessDeniedException, 400",
    "ValidationError, 400",
    "ValidationException, 400",
    "LimitExceeded, 409",
    "LimitExceededException, 400",
    "MalformedPolicyDocument, 400",
    "InvalidParameterValue, 400",
    "InvalidParameter, 400",
    "InvalidAttributeValue, 400",
    "EntityAlreadyExists, 409",
    "DeleteConflict, 409",
    "QueueNameExists, 400",
    "AWS.SimpleQueueService.NonExistentQueue, 400",
    "InvalidClientTokenId, 403",
    "ResourceNotFoundException, 404",
  })
  void refusalsAreTerminal(String code, int status) {
    AwsException e = AwsErrors.classify("iam", "CreateRole", serviceError(code, status));

    assertThat(e.terminal()).isTrue();
    assertThat(e.code()).isEqualTo(code);
  }

  @ParameterizedTest(name = "{0} {1} is transient")
  @CsvSource({
    "Throttling, 400",
    "ThrottlingException, 400",
    "Throttled, 400",
    "RequestLimitExceeded, 400",
    "TooManyRequestsException, 429",
    "ProvisionedThroughputExceededException, 400",
    "AWS.SimpleQueueService.RequestThrottled, 403",
    "AnythingElse, 429",
    "InternalFailure, 500",
    "ServiceFailure, 500",
    "ServiceUnavailable, 503",
    "ServerException, 500",
    "QueueDeletedRecently, 400",
    "AWS.SimpleQueueService.QueueDeletedRecently, 400",
    "ConcurrentModification, 409",
    "ConcurrentModificationException, 400",
    "EntityTemporarilyUnmodifiable, 409",
  })
  void throttlingServerErrorsAndTryAgainCodesAreTransient(String code, int status) {
    AwsException e = AwsErrors.classify("sqs", "CreateQueue", serviceError(code, status));

    assertThat(e.terminal()).isFalse();
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.reason()).as("a condition reason has no dots").doesNotContain(".");
    assertThat(code).endsWith(e.reason());
  }

  @Test
  void keepsServiceOperationCodeAndMessageForTheCondition() {
    AwsServiceException cause =
        serviceError("MalformedPolicyDocument", 400, "Syntax errors in policy.");

    AwsException e = AwsErrors.classify("iam", "UpdateAssumeRolePolicy", cause);

    assertThat(e.failure())
        .isEqualTo(
            new AwsFailure(
                "iam",
                "UpdateAssumeRolePolicy",
                "MalformedPolicyDocument",
                "Syntax errors in policy.",
                true));
    assertThat(e)
        .hasMessage("IAM UpdateAssumeRolePolicy: MalformedPolicyDocument: Syntax errors in policy.")
        .hasCause(cause);
  }

  @Test
  void networkFailuresAreTransient() {
    SdkClientException cause =
        SdkClientException.create("Unable to execute HTTP request: Connection refused");

    AwsException e = AwsErrors.classify("events", "PutRule", cause);

    assertThat(e.terminal()).isFalse();
    assertThat(e.code()).isEqualTo("SdkClientException");
    assertThat(e)
        .hasMessage(
            "EventBridge PutRule: SdkClientException: Unable to execute HTTP request:"
                + " Connection refused");
  }

  @Test
  void noAnswerAtAllSaysTheEndpointIsUnreachable() {
    SdkClientException refused =
        SdkClientException.create(
            "Unable to execute HTTP request: Connection refused",
            new java.net.ConnectException("Connection refused"));

    AwsException e = AwsErrors.classify("sqs", "GetQueueAttributes", refused);

    assertThat(e.terminal()).isFalse();
    assertThat(e.code()).isEqualTo("AwsEndpointUnreachable");
    assertThat(e.reason()).isEqualTo("AwsEndpointUnreachable");
  }

  @Test
  void timeoutsAreTransient() {
    AwsException e =
        AwsErrors.classify(
            "dynamodb",
            "DescribeTable",
            ApiCallTimeoutException.builder().message("took too long").build());

    assertThat(e.terminal()).isFalse();
    assertThat(e).hasMessage("DynamoDB DescribeTable: ApiCallTimeoutException: took too long");
  }

  @Test
  void anAnswerWithoutCodeIsNamedByItsStatus() {
    AwsServiceException cause =
        AwsServiceException.builder().statusCode(502).message("Bad Gateway").build();

    AwsException e = AwsErrors.classify("sns", "CreateTopic", cause);

    assertThat(e.code()).isEqualTo("HTTP 502");
    assertThat(e.terminal()).isFalse();
  }

  @Test
  void withoutAnOperationTheServiceComesFromTheException() {
    AwsException e = AwsErrors.classify(serviceError("AccessDeniedException", 400));

    assertThat(e.failure().service()).isEqualTo("events");
    assertThat(e).hasMessage("EventBridge: AccessDeniedException: no");
  }

  @Test
  void throttlingIsToldApartForMetrics() {
    assertThat(AwsErrors.isThrottling(serviceError("Throttling", 400))).isTrue();
    assertThat(AwsErrors.isThrottling(serviceError("Whatever", 429))).isTrue();
    assertThat(AwsErrors.isThrottling(serviceError("InternalFailure", 500))).isFalse();
    assertThat(AwsErrors.isThrottling(serviceError("AccessDenied", 403))).isFalse();
  }

  private static AwsServiceException serviceError(String code, int status) {
    return serviceError(code, status, "no");
  }

  private static AwsServiceException serviceError(String code, int status, String message) {
    return AwsServiceException.builder()
        .statusCode(status)
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName("EventBridge")
                .build())
        .build();
  }
}
