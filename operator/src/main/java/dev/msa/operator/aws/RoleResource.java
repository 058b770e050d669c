package dev.msa.operator.aws;

import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.DesiredRole;
import dev.msa.operator.model.ObservedRole;
import dev.msa.operator.model.RoleUpdate;
import java.util.Map;
import java.util.Optional;

/** An IAM role by name: its trust policy and permissions boundary. */
public final class RoleResource implements AwsAdapters.RoleAdapter {
  private final IamRoles iam;

  public RoleResource(IamRoles iam) {
    this.iam = iam;
  }

  @Override
  public AwsPart part() {
    return AwsPart.IAM_ROLE;
  }

  @Override
  public Optional<ObservedRole> read(String roleName) {
    return iam.find(roleName);
  }

  /** Empty when a role of that name exists: IAM says so, and one call is spent, not two. */
  @Override
  public Optional<ObservedRole> create(
      String roleName, DesiredRole desired, Map<String, String> tags) {
    return iam.create(
        roleName,
        desired.trustPolicy(),
        tags,
        desired.permissionsBoundaryArn(),
        desired.description());
  }

  @Override
  public ObservedRole update(String roleName, ObservedRole observed, RoleUpdate update) {
    update.trustPolicy().ifPresent(trust -> iam.updateTrustPolicy(roleName, trust));
    update.permissionsBoundary().ifPresent(b -> iam.setPermissionsBoundary(roleName, b));
    return new ObservedRole(
        observed.name(),
        observed.arn(),
        update.trustPolicy().orElse(observed.trustPolicy()),
        update.permissionsBoundary().orElse(observed.permissionsBoundaryArn()),
        observed.tags());
  }

  /** IAM deletes a role only without policies: its inline ones go, its managed ones detach. */
  @Override
  public void delete(String roleName, ObservedRole observed) {
    for (String policyName : iam.inlinePolicyNames(roleName)) {
      iam.deleteInlinePolicy(roleName, policyName);
    }
    for (String policyArn : iam.attachedPolicyArns(roleName)) {
      iam.detachPolicy(roleName, policyArn);
    }
    iam.delete(roleName);
  }

  @Override
  public Map<String, String> tags(String roleName, ObservedRole observed) {
    return observed.tags();
  }

  @Override
  public boolean taggable() {
    return true;
  }

  @Override
  public void retag(String roleName, ObservedRole observed, Map<String, String> tags) {
    iam.tag(roleName, tags);
  }
}
