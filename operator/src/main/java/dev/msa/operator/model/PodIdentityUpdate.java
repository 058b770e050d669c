package dev.msa.operator.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The EKS Pod Identity association of a ServiceAccount pointed at the service's role.
 *
 * @param observedRoleArn the role the association points at now, when it exists
 */
public record PodIdentityUpdate(
    Action action, Optional<String> roleArn, Optional<String> observedRoleArn)
    implements AwsUpdate {
  static final String ROLE_ARN = "RoleArn";

  public enum Action {
    NONE,
    CREATE,
    UPDATE
  }

  public static PodIdentityUpdate between(
      String roleArn, Optional<PodIdentityAssociation> observed) {
    if (observed.isEmpty()) {
      return new PodIdentityUpdate(Action.CREATE, Optional.empty(), Optional.empty());
    }
    Optional<String> current = Optional.of(observed.get().roleArn());
    return roleArn.equals(observed.get().roleArn())
        ? new PodIdentityUpdate(Action.NONE, Optional.empty(), current)
        : new PodIdentityUpdate(Action.UPDATE, Optional.of(roleArn), current);
  }

  @Override
  public List<String> fields() {
    return action == Action.UPDATE ? List.of("role") : List.of();
  }

  @Override
  public List<Difference> differences() {
    return action == Action.UPDATE
        ? List.of(Difference.of(ROLE_ARN, observedRoleArn.orElse(null), roleArn.orElse(null)))
        : List.of();
  }

  @Override
  public PodIdentityUpdate without(Set<String> fields) {
    return action == Action.UPDATE && fields.contains(ROLE_ARN)
        ? new PodIdentityUpdate(Action.NONE, Optional.empty(), observedRoleArn)
        : this;
  }
}
