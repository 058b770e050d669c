package dev.msa.operator.aws;

/**
 * What the adapters throw instead of the SDK's exceptions. Its message, {@code "<Service>
 * <Operation>: <code>: <AWS message>"}, is written for a status condition.
 */
public class AwsException extends RuntimeException {
  private final AwsFailure failure;

  public AwsException(AwsFailure failure, Throwable cause) {
    super(AwsErrors.describe(failure), cause);
    this.failure = failure;
  }

  public AwsFailure failure() {
    return failure;
  }

  public boolean terminal() {
    return failure.terminal();
  }

  public String code() {
    return failure.code();
  }

  /**
   * The code without a service's qualifier ({@code QueueDeletedRecently} for SQS's {@code
   * AWS.SimpleQueueService.QueueDeletedRecently}): fit for a condition's reason, which may not
   * contain dots.
   */
  public String reason() {
    return AwsErrors.bareCode(failure.code());
  }
}
