package dev.msa.operator.model;

/**
 * Deterministic AWS names, {@code <prefix>-<namespace>-<name>[-suffix]}, shortened to each
 * service's limit with a stable hash of the full name ({@code .fifo} kept). The same object always
 * gets the same names, which is what makes creation idempotent; where two objects' names meet
 * ({@code a-b}/{@code c} and {@code a}/{@code b-c}) the ownership tags make the second one report
 * NameConflict instead of sharing.
 */
public final class AwsNames {
  public static final int SQS_MAX = 80;
  public static final int IAM_ROLE_MAX = 64;
  public static final int EVENTBRIDGE_RULE_MAX = 64;
  public static final int SNS_MAX = 256;
  public static final int DYNAMODB_MAX = 255;
  static final String FIFO = ".fifo";
  private static final int HASH_LENGTH = 8;

  private final String prefix;

  public AwsNames(String prefix) {
    this.prefix = prefix;
  }

  public String queue(String namespace, String name, boolean fifo) {
    return fit(join(namespace, name), SQS_MAX, fifo ? FIFO : "");
  }

  public String deadLetterQueue(String namespace, String name, boolean fifo) {
    return fit(join(namespace, name, "dlq"), SQS_MAX, fifo ? FIFO : "");
  }

  public String topic(String namespace, String microservice, String topic, boolean fifo) {
    return fit(join(namespace, microservice, topic), SNS_MAX, fifo ? FIFO : "");
  }

  public String role(String namespace, String name) {
    return fit(join(namespace, name), IAM_ROLE_MAX, "");
  }

  public String table(String namespace, String name) {
    return fit(join(namespace, name), DYNAMODB_MAX, "");
  }

  public String rule(String namespace, String name) {
    return fit(join(namespace, name), EVENTBRIDGE_RULE_MAX, "");
  }

  private String join(String... parts) {
    return prefix + "-" + String.join("-", parts);
  }

  /** The name if it fits, else its head, '-', and 8 hex digits of its SHA-256. */
  static String fit(String base, int max, String suffix) {
    if (base.length() + suffix.length() <= max) {
      return base + suffix;
    }
    String hash = Hashes.sha256(base).substring(0, HASH_LENGTH);
    int keep = max - suffix.length() - HASH_LENGTH - 1;
    String head = base.substring(0, keep);
    while (head.endsWith("-")) {
      head = head.substring(0, head.length() - 1);
    }
    return head + "-" + hash + suffix;
  }
}
