package dev.msa.operator.api;

/** How DynamoDB bills reads and writes. */
public enum BillingMode {
  PAY_PER_REQUEST,
  PROVISIONED
}
