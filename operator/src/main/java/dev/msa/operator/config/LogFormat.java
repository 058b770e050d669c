package dev.msa.operator.config;

/** Log line format. */
public enum LogFormat {
  TEXT,
  JSON;

  static LogFormat parse(String variable, String text) {
    return switch (text) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default -> throw new ConfigException(variable + "=" + text + ": must be text or json");
    };
  }
}
