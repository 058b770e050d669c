package dev.msa.operator.api;

/** What an SNS filter policy is matched against. */
public enum FilterPolicyScope {
  MessageAttributes,
  MessageBody
}
