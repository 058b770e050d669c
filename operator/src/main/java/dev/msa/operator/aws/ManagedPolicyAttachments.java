package dev.msa.operator.aws;

import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.ManagedPolicyUpdate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The managed policies attached to a role, keyed by role name. */
public final class ManagedPolicyAttachments implements AwsAdapters.ManagedPolicyAdapter {
  private final IamRoles iam;

  public ManagedPolicyAttachments(IamRoles iam) {
    this.iam = iam;
  }

  @Override
  public AwsPart part() {
    return AwsPart.IAM_MANAGED_POLICIES;
  }

  @Override
  public Optional<Set<String>> read(String roleName) {
    return Optional.of(iam.attachedPolicyArns(roleName));
  }

  @Override
  public Optional<Set<String>> create(
      String roleName, Set<String> policyArns, Map<String, String> tags) {
    policyArns.forEach(arn -> iam.attachPolicy(roleName, arn));
    return Optional.of(Set.copyOf(policyArns));
  }

  @Override
  public Set<String> update(String roleName, Set<String> observed, ManagedPolicyUpdate update) {
    Set<String> now = new TreeSet<>(observed);
    for (String arn : update.attach()) {
      iam.attachPolicy(roleName, arn);
      now.add(arn);
    }
    for (String arn : update.detach()) {
      iam.detachPolicy(roleName, arn);
      now.remove(arn);
    }
    return now;
  }

  @Override
  public void delete(String roleName, Set<String> observed) {
    observed.forEach(arn -> iam.detachPolicy(roleName, arn));
  }

  @Override
  public Map<String, String> tags(String roleName, Set<String> observed) {
    return Map.of(); // attachments are part of their role
  }
}
