package dev.msa.operator.model;

/** An EKS Pod Identity association: pods of this ServiceAccount get credentials of the role. */
public record PodIdentityAssociation(
    String associationId,
    String associationArn,
    String namespace,
    String serviceAccount,
    String roleArn) {}
