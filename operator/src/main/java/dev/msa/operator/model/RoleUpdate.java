package dev.msa.operator.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What differs on a role: its trust policy (compared by meaning, not text) and its permissions
 * boundary (set, changed or removed).
 *
 * @param trustPolicy the trust policy to send, when it differs
 * @param permissionsBoundary the boundary to set (empty inside: remove it), when it differs
 */
public record RoleUpdate(
    Optional<String> trustPolicy, Optional<Optional<String>> permissionsBoundary)
    implements AwsUpdate {

  public static RoleUpdate between(DesiredRole desired, ObservedRole observed) {
    return new RoleUpdate(
        PolicyDocuments.same(desired.trustPolicy(), observed.trustPolicy())
            ? Optional.empty()
            : Optional.of(desired.trustPolicy()),
        desired.permissionsBoundaryArn().equals(observed.permissionsBoundaryArn())
            ? Optional.empty()
            : Optional.of(desired.permissionsBoundaryArn()));
  }

  @Override
  public List<String> fields() {
    List<String> fields = new ArrayList<>();
    trustPolicy.ifPresent(t -> fields.add("trust policy"));
    permissionsBoundary.ifPresent(b -> fields.add("permissions boundary"));
    return fields;
  }
}
