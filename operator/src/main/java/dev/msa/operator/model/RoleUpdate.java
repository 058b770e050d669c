package dev.msa.operator.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What differs on a role: its trust policy (compared by meaning, not text) and its permissions
 * boundary (set, changed or removed).
 *
 * @param trustPolicy the trust policy to send, when it differs
 * @param permissionsBoundary the boundary to set (empty inside: remove it), when it differs
 * @param differences the same as {@link Difference}s: TrustPolicy, PermissionsBoundary
 */
public record RoleUpdate(
    Optional<String> trustPolicy,
    Optional<Optional<String>> permissionsBoundary,
    List<Difference> differences)
    implements AwsUpdate {
  static final String TRUST_POLICY = "TrustPolicy";
  static final String PERMISSIONS_BOUNDARY = "PermissionsBoundary";

  public RoleUpdate {
    differences = List.copyOf(differences);
  }

  public RoleUpdate(Optional<String> trustPolicy, Optional<Optional<String>> permissionsBoundary) {
    this(trustPolicy, permissionsBoundary, List.of());
  }

  public static RoleUpdate between(DesiredRole desired, ObservedRole observed) {
    List<Difference> differences = new ArrayList<>();
    boolean trustDiffers = !PolicyDocuments.same(desired.trustPolicy(), observed.trustPolicy());
    if (trustDiffers) {
      differences.add(
          Difference.ofPolicy(
              TRUST_POLICY,
              Optional.of(observed.trustPolicy()),
              Optional.of(desired.trustPolicy())));
    }
    boolean boundaryDiffers =
        !desired.permissionsBoundaryArn().equals(observed.permissionsBoundaryArn());
    if (boundaryDiffers) {
      differences.add(
          Difference.of(
              PERMISSIONS_BOUNDARY,
              observed.permissionsBoundaryArn().orElse(null),
              desired.permissionsBoundaryArn().orElse(null)));
    }
    return new RoleUpdate(
        trustDiffers ? Optional.of(desired.trustPolicy()) : Optional.empty(),
        boundaryDiffers ? Optional.of(desired.permissionsBoundaryArn()) : Optional.empty(),
        differences);
  }

  @Override
  public List<String> fields() {
    List<String> fields = new ArrayList<>();
    trustPolicy.ifPresent(t -> fields.add("trust policy"));
    permissionsBoundary.ifPresent(b -> fields.add("permissions boundary"));
    return fields;
  }

  @Override
  public RoleUpdate without(Set<String> fields) {
    return new RoleUpdate(
        fields.contains(TRUST_POLICY) ? Optional.empty() : trustPolicy,
        fields.contains(PERMISSIONS_BOUNDARY) ? Optional.empty() : permissionsBoundary,
        differences.stream().filter(d -> !fields.contains(d.field())).toList());
  }
}
