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
    if (account == null) {
      try {
        account = sts.getCallerIdentity().account();
      } catch (SdkException e) {
        throw AwsErrors.classify("sts", "GetCallerIdentity", e);
      }
      accountId = account;
    }
    return account;
  }
}
