package dev.msa.operator.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Every error AWS answered the operator's calls with, code included: the operator's own meters
 * ({@code msa.aws.calls}) tell a client error from a throttle but not which code it was.
 */
public final class AwsErrorAnswers implements ExecutionInterceptor {
  /**
   * Codes that say the request itself was wrong (InvalidParameter, ValidationError,
   * MalformedPolicyDocument, InvalidEventPatternException, ...): something the API let through that
   * AWS refuses, and that admission or the model should have stopped.
   */
  private static final Pattern VALIDATION =
      Pattern.compile("(?i).*(invalid|validation|malformed|too ?long|badrequest).*");

  /** One error answer to one call. */
  public record Answer(
      String service, String operation, int status, String code, String message, String request) {
    public boolean validation() {
      return VALIDATION.matcher(code).matches();
    }

    @Override
    public String toString() {
      return service + " " + operation + ": " + status + " " + code + ": " + message + " <- "
          + request;
    }
  }

  private final List<Answer> answers = new CopyOnWriteArrayList<>();

  public List<Answer> all() {
    return List.copyOf(answers);
  }

  public List<Answer> validation() {
    return answers.stream().filter(Answer::validation).toList();
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    if (context.exception() instanceof AwsServiceException e && e.awsErrorDetails() != null) {
      String request = context.request().toString();
      answers.add(
          new Answer(
              attributes.getAttribute(AwsExecutionAttribute.ENDPOINT_PREFIX),
              attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
              e.statusCode(),
              String.valueOf(e.awsErrorDetails().errorCode()),
              e.awsErrorDetails().errorMessage(),
              request.length() > 600 ? request.substring(0, 600) + "…" : request));
    }
  }
}
