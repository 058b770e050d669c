package dev.msa.operator.model;

/**
 * A Microservice's {@code spec.podTemplate} is free-form in the CRD, so it can hold what no
 * PodTemplateSpec can (a string where a list goes): the Deployment cannot be built from it until
 * the spec changes.
 */
public class InvalidPodTemplateException extends IllegalArgumentException {
  public InvalidPodTemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
