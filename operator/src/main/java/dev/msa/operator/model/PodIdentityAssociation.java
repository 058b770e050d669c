package dev.msa.operator.model;

import java.util.Map;

/**
 * An EKS Pod Identity association: pods of this ServiceAccount get credentials of the role.
 *
 * @param tags its tags, as DescribePodIdentityAssociation returns them with the rest
 */
public record PodIdentityAssociation(
    String associationId,
    String associationArn,
    String namespace,
    String serviceAccount,
    String roleArn,
    Map<String, String> tags) {
  public PodIdentityAssociation {
    tags = Map.copyOf(tags);
  }

  /** The same association, pointed at another role. */
  public PodIdentityAssociation withRoleArn(String roleArn) {
    return new PodIdentityAssociation(
        associationId, associationArn, namespace, serviceAccount, roleArn, tags);
  }
}
