package dev.msa.operator.aws;

import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.PodIdentityAssociation;
import dev.msa.operator.model.PodIdentityUpdate;
import java.util.Map;
import java.util.Optional;

/** The EKS Pod Identity association of one ServiceAccount, pointing at a role ARN. */
public final class PodIdentityResource implements AwsAdapters.PodIdentityAdapter {

  public record Key(String cluster, String namespace, String serviceAccount) {
    @Override
    public String toString() {
      return namespace + "/" + serviceAccount;
    }
  }

  private final EksClusters eks;

  public PodIdentityResource(EksClusters eks) {
    this.eks = eks;
  }

  @Override
  public AwsPart part() {
    return AwsPart.POD_IDENTITY_ASSOCIATION;
  }

  @Override
  public Optional<PodIdentityAssociation> read(Key key) {
    return eks.findPodIdentityAssociation(key.cluster(), key.namespace(), key.serviceAccount());
  }

  @Override
  public Optional<PodIdentityAssociation> create(
      Key key, String roleArn, Map<String, String> tags) {
    return Optional.of(
        eks.createPodIdentityAssociation(
            key.cluster(), key.namespace(), key.serviceAccount(), roleArn, tags));
  }

  @Override
  public PodIdentityAssociation update(
      Key key, PodIdentityAssociation observed, PodIdentityUpdate update) {
    if (update.roleArn().isEmpty()) {
      return observed;
    }
    String roleArn = update.roleArn().get();
    eks.updatePodIdentityAssociation(key.cluster(), observed.associationId(), roleArn);
    return observed.withRoleArn(roleArn);
  }

  @Override
  public void delete(Key key, PodIdentityAssociation observed) {
    eks.deletePodIdentityAssociation(key.cluster(), observed.associationId());
  }

  /**
   * Taggable, so that a default tag removed from it outside the operator is put back. Its tags do
   * not decide whose it is: it is found by namespace and ServiceAccount, which only this service
   * has.
   */
  @Override
  public boolean taggable() {
    return true;
  }

  /** As the read returned them: no call of its own. */
  @Override
  public Map<String, String> tags(Key key, PodIdentityAssociation observed) {
    return observed.tags();
  }

  @Override
  public void retag(Key key, PodIdentityAssociation observed, Map<String, String> tags) {
    eks.tagPodIdentityAssociation(observed.associationArn(), tags);
  }
}
