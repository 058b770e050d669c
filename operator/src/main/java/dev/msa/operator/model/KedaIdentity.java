package dev.msa.operator.model;

import java.util.Optional;

/**
 * Who KEDA's operator is on AWS, so a role KEDA scales on can trust it: its ServiceAccount (IRSA:
 * it assumes the role with its own web identity token) and, when configured, its IAM role (it
 * assumes the role with {@code sts:AssumeRole}, the only way with EKS Pod Identity).
 */
public record KedaIdentity(String namespace, String serviceAccount, Optional<String> roleArn) {}
