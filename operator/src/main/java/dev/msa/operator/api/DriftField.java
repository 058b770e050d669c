package dev.msa.operator.api;

/**
 * A field of an AWS resource that a {@link DriftRule} can name; which part has which is {@link
 * DriftPart#fields()}. SQS attributes keep their AWS names.
 */
public enum DriftField {
  VisibilityTimeout,
  MessageRetentionPeriod,
  RedrivePolicy,
  RedriveAllowPolicy,
  TrustPolicy,
  PermissionsBoundary,
  Document,
  Attachments,
  RoleArn,
  DeletionProtection,
  Billing,
  Stream,
  Indexes,
  TimeToLive,
  PointInTimeRecovery,
  FilterPolicy,
  FilterPolicyScope,
  RawMessageDelivery,
  EventPattern,
  State
}
