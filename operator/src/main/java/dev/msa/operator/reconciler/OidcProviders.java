package dev.msa.operator.reconciler;

import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.AwsArns;
import java.util.Optional;
import java.util.function.Function;

/**
 * The cluster's IAM OIDC provider, as IRSA trust policies name it: configured, or discovered; in
 * the account the roles are made in (a namespace may name another: the provider must be registered
 * there too).
 */
final class OidcProviders {
  private final OperatorConfig config;
  private final Function<String, Optional<String>> oidcIssuer;
  private volatile Provider provider;

  record Provider(String arn, String issuerHostAndPath) {}

  OidcProviders(OperatorConfig config, Function<String, Optional<String>> oidcIssuer) {
    this.config = config;
    this.oidcIssuer = oidcIssuer;
  }

  /** From configuration, else discovered once from the EKS cluster. */
  Provider get(AwsArns arns) {
    Provider known = provider;
    return known != null ? known : discover(arns);
  }

  /** Once for all reconciles: concurrent first reconciles must not each call DescribeCluster. */
  private synchronized Provider discover(AwsArns arns) {
    if (provider != null) {
      return provider;
    }
    if (config.oidcProviderArn().isPresent()) {
      String arn = config.oidcProviderArn().get();
      String hostAndPath = arn.substring(arn.indexOf("oidc-provider/") + "oidc-provider/".length());
      // a namespace in another account: the cluster's provider as registered in that account
      boolean sameAccount = arn.split(":")[4].equals(arns.accountId());
      provider = new Provider(sameAccount ? arn : arns.oidcProvider(hostAndPath), hostAndPath);
    } else {
      String issuer =
          oidcIssuer
              .apply(config.eksClusterName())
              .orElseThrow(
                  () ->
                      new IdentitySetupException(
                          "EKS cluster "
                              + config.eksClusterName()
                              + " was not found, so its OIDC issuer is unknown: set "
                              + OperatorConfig.OIDC_PROVIDER_ARN
                              + " or "
                              + OperatorConfig.EKS_CLUSTER_NAME));
      String hostAndPath = issuer.replaceFirst("^https://", "");
      provider = new Provider(arns.oidcProvider(hostAndPath), hostAndPath);
    }
    return provider;
  }

  /** The operator cannot build a trust policy: a configuration problem, not an AWS error. */
  static final class IdentitySetupException extends RuntimeException {
    IdentitySetupException(String message) {
      super(message);
    }
  }
}
