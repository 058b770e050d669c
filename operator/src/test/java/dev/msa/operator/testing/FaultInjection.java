package dev.msa.operator.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Makes chosen AWS calls fail before they leave the process (moto has no fault injection): at each
 * attempt, inside the SDK's retry loop, so retries, the rate limiter and the throttle meters see an
 * injected error as they would see one from AWS.
 */
public final class FaultInjection implements ExecutionInterceptor {
  private record Fault(
      String operation, Predicate<SdkRequest> matches, Supplier<RuntimeException> error) {}

  private final List<Fault> faults = new CopyOnWriteArrayList<>();

  public void failWhen(
      String operation, Predicate<SdkRequest> matches, Supplier<RuntimeException> error) {
    faults.add(new Fault(operation, matches, error));
  }

  /**
   * An error as AWS would answer it: HTTP {@code status}, error {@code code} of {@code service}.
   */
  public static AwsServiceException awsError(
      String service, int status, String code, String message) {
    return AwsServiceException.builder()
        .statusCode(status)
        .message(message)
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName(service)
                .build())
        .build();
  }

  public void clear() {
    faults.clear();
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    for (Fault fault : faults) {
      if (fault.operation().equals(operation) && fault.matches().test(context.request())) {
        throw fault.error().get();
      }
    }
  }
}
