package dev.msa.operator.reconciler;

import dev.msa.operator.aws.AwsException;
import io.fabric8.kubernetes.api.model.Condition;

/** Turns a failed part into its condition: the blocking resource, the AWS code, what to do. */
final class AwsPartFailure {
  static final String NAME_CONFLICT = "NameConflict";

  /**
   * Ends the message of every AWS failure that is not retried soon: its reason is an AWS code,
   * which no fixed list holds, so this is how {@link Reasons#isTerminal} knows it.
   */
  static final String NOT_RETRIED =
      "not retried until the spec or the operator's configuration changes";

  private AwsPartFailure() {}

  static Condition of(String type, String what, RuntimeException e) {
    if (e instanceof NameConflictException conflict) {
      return Conditions.of(
          type,
          false,
          NAME_CONFLICT,
          what
              + ": "
              + conflict.getMessage()
              + "; it is left untouched: delete or rename it, or rename this object");
    }
    if (e instanceof InvalidDefaultTagsException tags) {
      return Conditions.of(
          type, false, Reasons.INVALID_DEFAULT_TAGS, what + ": " + tags.getMessage());
    }
    if (e instanceof AwsException aws) {
      String advice = aws.terminal() ? "; " + NOT_RETRIED : "; retrying";
      return Conditions.of(type, false, aws.reason(), what + ": " + aws.getMessage() + advice);
    }
    throw e;
  }

  static boolean retrySoon(RuntimeException e) {
    return e instanceof AwsException aws && !aws.terminal();
  }

  /** An error that repeats until something changes: a name conflict or a terminal AWS error. */
  static boolean terminal(RuntimeException e) {
    return e instanceof NameConflictException
        || e instanceof InvalidDefaultTagsException
        || e instanceof AwsException aws && aws.terminal();
  }
}
