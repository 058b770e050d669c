package dev.msa.operator.model;

import java.util.Map;
import java.util.Optional;

/**
 * An IAM role as AWS has it.
 *
 * @param trustPolicy the assume-role policy as JSON (IAM returns it URL-encoded; this is decoded)
 */
public record ObservedRole(
    String name,
    String arn,
    String trustPolicy,
    Optional<String> permissionsBoundaryArn,
    Map<String, String> tags) {
  public ObservedRole {
    tags = Map.copyOf(tags);
  }
}
