package dev.msa.operator.api;

import static dev.msa.operator.api.DriftField.*;

import java.util.List;

/**
 * A part of an object's AWS side that a {@link DriftRule} can name, with the fields of it that the
 * operator compares on every resync. The names are those of AWS (SQS attribute names) or, where AWS
 * has none, the operator's own; DriftDetected Events and the Drifted condition use the same.
 */
public enum DriftPart {
  Queue(List.of(VisibilityTimeout, MessageRetentionPeriod, RedrivePolicy)),
  DeadLetterQueue(List.of(MessageRetentionPeriod, RedriveAllowPolicy)),
  Role(List.of(TrustPolicy, PermissionsBoundary)),
  InlinePolicy(List.of(Document)),
  ManagedPolicies(List.of(Attachments)),
  PodIdentityAssociation(List.of(RoleArn)),
  Table(List.of(DeletionProtection, Billing, Stream, Indexes, TimeToLive, PointInTimeRecovery)),
  Subscription(List.of(FilterPolicy, FilterPolicyScope, RawMessageDelivery)),
  Rule(List.of(EventPattern, State));

  /**
   * The CEL map of every part's fields, for {@link DriftRule}'s admission rule; DriftPartTest keeps
   * it equal to the constants' lists.
   */
  static final String FIELDS_CEL =
      "{'Queue': ['VisibilityTimeout', 'MessageRetentionPeriod', 'RedrivePolicy'],"
          + " 'DeadLetterQueue': ['MessageRetentionPeriod', 'RedriveAllowPolicy'],"
          + " 'Role': ['TrustPolicy', 'PermissionsBoundary'],"
          + " 'InlinePolicy': ['Document'],"
          + " 'ManagedPolicies': ['Attachments'],"
          + " 'PodIdentityAssociation': ['RoleArn'],"
          + " 'Table': ['DeletionProtection', 'Billing', 'Stream', 'Indexes', 'TimeToLive',"
          + " 'PointInTimeRecovery'],"
          + " 'Subscription': ['FilterPolicy', 'FilterPolicyScope', 'RawMessageDelivery'],"
          + " 'Rule': ['EventPattern', 'State']}";

  static final String FIELDS_MESSAGE =
      "driftPolicy[].fields names a field its part does not have; the fields are Queue:"
          + " VisibilityTimeout, MessageRetentionPeriod, RedrivePolicy; DeadLetterQueue:"
          + " MessageRetentionPeriod, RedriveAllowPolicy; Role: TrustPolicy, PermissionsBoundary;"
          + " InlinePolicy: Document; ManagedPolicies: Attachments; PodIdentityAssociation:"
          + " RoleArn; Table: DeletionProtection, Billing, Stream, Indexes, TimeToLive,"
          + " PointInTimeRecovery; Subscription: FilterPolicy, FilterPolicyScope,"
          + " RawMessageDelivery; Rule: EventPattern, State";

  private final List<DriftField> fields;

  DriftPart(List<DriftField> fields) {
    this.fields = fields;
  }

  /** The fields a rule may name, in the order Events list them. */
  public List<DriftField> fields() {
    return fields;
  }
}
