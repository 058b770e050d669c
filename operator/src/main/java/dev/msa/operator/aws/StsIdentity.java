package dev.msa.operator.aws;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/** Who the operator is on AWS: the account, from GetCallerIdentity, asked once. */
public final class StsIdentity {
  private final StsClient sts;
  private volatile String accountId;

  public StsIdentity(StsClient sts) {
    this.sts = sts;
  }

  public String accountId() {
    String account = accountId;
    return account != null ? account : askOnce();
  }

  /** Fifty reconciles starting together must not make fifty calls (the bench saw 50). */
  private synchronized String askOnce() {
    if (accountId == null) {
      try {
        accountId = sts.getCallerIdentity().account();
      } catch (SdkException e) {
        throw AwsErrors.classify("sts", "GetCallerIdentity", e);
      }
    }
    return accountId;
  }
}
