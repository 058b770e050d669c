package dev.msa.operator.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What creating an AWS resource would set, as a plan lists it: the fields of its desired state, a
 * policy document summarised, and the statements of a trust policy. The desired states are the ones
 * the operator's creates take (attribute maps, {@link DesiredRole}, {@link DesiredRule}, {@link
 * TableDefinition}, {@link RuleTarget}); anything else has no fields to show.
 */
public final class PlannedCreation {
  private PlannedCreation() {}

  public static List<Difference> fields(Object desired) {
    List<Difference> fields = new ArrayList<>();
    if (desired instanceof Map<?, ?> attributes) {
      attributes.forEach(
          (name, value) -> {
            if (value != null && !value.toString().isEmpty()) {
              fields.add(set(name.toString(), value.toString()));
            }
          });
    } else if (desired instanceof DesiredRole role) {
      fields.add(
          Difference.ofPolicy("TrustPolicy", Optional.empty(), Optional.of(role.trustPolicy())));
      role.permissionsBoundaryArn().ifPresent(b -> fields.add(set("PermissionsBoundary", b)));
    } else if (desired instanceof DesiredRule rule) {
      fields.add(set("EventPattern", rule.eventPattern()));
      fields.add(set("State", "ENABLED"));
    } else if (desired instanceof RuleTarget target) {
      fields.add(set("Target", target.arn()));
    } else if (desired instanceof TableDefinition table) {
      fields.add(set("PartitionKey", table.partitionKey().toString()));
      table.sortKey().ifPresent(k -> fields.add(set("SortKey", k.toString())));
      fields.add(set("Billing", TableChanges.billing(table.provisioned(), table.indexes())));
      if (!table.indexes().isEmpty()) {
        fields.add(set("Indexes", TableChanges.shapes(table.indexes())));
      }
      table.streamViewType().ifPresent(s -> fields.add(set("Stream", s)));
      table.timeToLiveAttribute().ifPresent(a -> fields.add(set("TimeToLive", "on " + a)));
      fields.add(set("PointInTimeRecovery", table.pointInTimeRecovery() ? "on" : "off"));
      fields.add(set("DeletionProtection", table.deletionProtection() ? "on" : "off"));
    }
    return fields;
  }

  /** The statements a created resource's policy would have: a role's trust policy. */
  public static StatementChanges statements(Object desired) {
    return desired instanceof DesiredRole role
        ? PolicyDocuments.statementChanges(Optional.empty(), Optional.of(role.trustPolicy()))
        : StatementChanges.NONE;
  }

  private static Difference set(String field, String value) {
    return Difference.of(field, null, value);
  }
}
