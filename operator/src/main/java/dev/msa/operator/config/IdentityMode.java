package dev.msa.operator.config;

/** How pods get their IAM role. */
public enum IdentityMode {
  /** IAM Roles for Service Accounts: a web-identity trust on the cluster's OIDC provider. */
  IRSA("irsa"),
  /** EKS Pod Identity: trust for pods.eks.amazonaws.com plus a PodIdentityAssociation. */
  POD_IDENTITY("pod-identity");

  private final String value;

  IdentityMode(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  static IdentityMode parse(String variable, String text) {
    for (IdentityMode mode : values()) {
      if (mode.value.equals(text)) {
        return mode;
      }
    }
    throw new ConfigException(variable + "=" + text + ": must be irsa or pod-identity");
  }
}
