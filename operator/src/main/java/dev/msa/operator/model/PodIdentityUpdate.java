package dev.msa.operator.model;

import java.util.List;
import java.util.Optional;

/** The EKS Pod Identity association of a ServiceAccount pointed at the service's role. */
public record PodIdentityUpdate(Action action, Optional<String> roleArn) implements AwsUpdate {
  public enum Action {
    NONE,
    CREATE,
    UPDATE
  }

  public static PodIdentityUpdate between(
      String roleArn, Optional<PodIdentityAssociation> observed) {
    if (observed.isEmpty()) {
      return new PodIdentityUpdate(Action.CREATE, Optional.empty());
    }
    return roleArn.equals(observed.get().roleArn())
        ? new PodIdentityUpdate(Action.NONE, Optional.empty())
        : new PodIdentityUpdate(Action.UPDATE, Optional.of(roleArn));
  }

  @Override
  public List<String> fields() {
    return action == Action.UPDATE ? List.of("role") : List.of();
  }
}
