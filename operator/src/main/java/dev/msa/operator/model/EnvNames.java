package dev.msa.operator.model;

import java.util.Locale;

/** Names of injected environment variables: {@code <NAME>} upper-cased, '-' turned into '_'. */
public final class EnvNames {
  public static final String AWS_REGION = "AWS_REGION";

  private EnvNames() {}

  public static String serviceUrl(String calleeName) {
    return "MSA_SERVICE_" + token(calleeName) + "_URL";
  }

  static String token(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
