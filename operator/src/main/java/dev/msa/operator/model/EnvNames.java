package dev.msa.operator.model;

import java.util.Locale;

/** Names of injected environment variables: {@code <NAME>} upper-cased, '-' turned into '_'. */
public final class EnvNames {
  public static final String AWS_REGION = "AWS_REGION";
  public static final String QUEUE_URL = "MSA_QUEUE_URL";
  public static final String QUEUE_ARN = "MSA_QUEUE_ARN";
  public static final String DLQ_URL = "MSA_DLQ_URL";

  private EnvNames() {}

  public static String serviceUrl(String calleeName) {
    return "MSA_SERVICE_" + token(calleeName) + "_URL";
  }

  public static String topicArn(String topicName) {
    return "MSA_TOPIC_" + token(topicName) + "_ARN";
  }

  public static String dataStoreTable(String dataStoreName) {
    return "MSA_DATASTORE_" + token(dataStoreName) + "_TABLE";
  }

  public static String dataStoreArn(String dataStoreName) {
    return "MSA_DATASTORE_" + token(dataStoreName) + "_ARN";
  }

  static String token(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
