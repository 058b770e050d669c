package dev.msa.operator.config;

/** A setting of the operator is missing or invalid; the message names the variable. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
