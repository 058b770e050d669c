package dev.msa.operator.aws;

import dev.msa.operator.model.PodIdentityAssociation;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.Identity;
import software.amazon.awssdk.services.eks.model.OIDC;
import software.amazon.awssdk.services.eks.model.PodIdentityAssociationSummary;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/** The EKS cluster the operator runs in: its IRSA issuer and its Pod Identity associations. */
public final class EksClusters {
  private static final String EKS = "eks";

  private final EksClient eks;

  public EksClusters(EksClient eks) {
    this.eks = eks;
  }

  /** The cluster's OIDC issuer URL (with {@code https://}), or empty when there is no cluster. */
  public Optional<String> oidcIssuer(String clusterName) {
    try {
      Cluster cluster = eks.describeCluster(r -> r.name(clusterName)).cluster();
      return Optional.ofNullable(cluster.identity()).map(Identity::oidc).map(OIDC::issuer);
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.classify(EKS, "DescribeCluster", e);
    }
  }

  /**
   * The association of this ServiceAccount, or empty when it has none. EKS allows one per
   * ServiceAccount. A missing cluster is an error, not an absent association.
   */
  public Optional<PodIdentityAssociation> findPodIdentityAssociation(
      String cluster, String namespace, String serviceAccount) {
    Optional<PodIdentityAssociationSummary> summary;
    try {
      summary =
          eks
              .listPodIdentityAssociationsPaginator(
                  r -> r.clusterName(cluster).namespace(namespace).serviceAccount(serviceAccount))
              .associations()
              .stream()
              .findFirst();
    } catch (SdkException e) {
      throw AwsErrors.classify(EKS, "ListPodIdentityAssociations", e);
    }
    // the summary has no role ARN
    return summary.flatMap(s -> describe(cluster, s.associationId()));
  }

  public PodIdentityAssociation createPodIdentityAssociation(
      String cluster,
      String namespace,
      String serviceAccount,
      String roleArn,
      Map<String, String> tags) {
    try {
      return observed(
          eks.createPodIdentityAssociation(
                  r ->
                      r.clusterName(cluster)
                          .namespace(namespace)
                          .serviceAccount(serviceAccount)
                          .roleArn(roleArn)
                          .tags(tags))
              .association());
    } catch (SdkException e) {
      throw AwsErrors.classify(EKS, "CreatePodIdentityAssociation", e);
    }
  }

  public void updatePodIdentityAssociation(String cluster, String associationId, String roleArn) {
    try {
      eks.updatePodIdentityAssociation(
          r -> r.clusterName(cluster).associationId(associationId).roleArn(roleArn));
    } catch (SdkException e) {
      throw AwsErrors.classify(EKS, "UpdatePodIdentityAssociation", e);
    }
  }

  /** Adds or overwrites tags on an association (the others stay). */
  public void tagPodIdentityAssociation(String associationArn, Map<String, String> tags) {
    try {
      eks.tagResource(r -> r.resourceArn(associationArn).tags(tags));
    } catch (SdkException e) {
      throw AwsErrors.classify(EKS, "TagResource", e);
    }
  }

  /** Deletes the association; one that is already gone is fine. */
  public void deletePodIdentityAssociation(String cluster, String associationId) {
    try {
      eks.deletePodIdentityAssociation(r -> r.clusterName(cluster).associationId(associationId));
    } catch (ResourceNotFoundException e) {
      // already gone
    } catch (SdkException e) {
      throw AwsErrors.classify(EKS, "DeletePodIdentityAssociation", e);
    }
  }

  private Optional<PodIdentityAssociation> describe(String cluster, String associationId) {
    try {
      return Optional.of(
          observed(
              eks.describePodIdentityAssociation(
                      r -> r.clusterName(cluster).associationId(associationId))
                  .association()));
    } catch (ResourceNotFoundException e) {
      return Optional.empty(); // deleted since it was listed
    } catch (SdkException e) {
      throw AwsErrors.classify(EKS, "DescribePodIdentityAssociation", e);
    }
  }

  private static PodIdentityAssociation observed(
      software.amazon.awssdk.services.eks.model.PodIdentityAssociation a) {
    return new PodIdentityAssociation(
        a.associationId(),
        a.associationArn(),
        a.namespace(),
        a.serviceAccount(),
        a.roleArn(),
        a.tags());
  }
}
