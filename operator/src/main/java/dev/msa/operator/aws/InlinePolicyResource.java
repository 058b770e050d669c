package dev.msa.operator.aws;

import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.InlinePolicyUpdate;
import dev.msa.operator.model.PolicyDocuments;
import java.util.Map;
import java.util.Optional;

/** A role's one inline policy ({@link PolicyDocuments#INLINE_POLICY_NAME}), keyed by role name. */
public final class InlinePolicyResource implements AwsAdapters.InlinePolicyAdapter {
  private static final String NAME = PolicyDocuments.INLINE_POLICY_NAME;
  private final IamRoles iam;

  public InlinePolicyResource(IamRoles iam) {
    this.iam = iam;
  }

  @Override
  public AwsPart part() {
    return AwsPart.IAM_INLINE_POLICY;
  }

  @Override
  public Optional<String> read(String roleName) {
    return iam.inlinePolicy(roleName, NAME);
  }

  @Override
  public Optional<String> create(String roleName, String document, Map<String, String> tags) {
    iam.putInlinePolicy(roleName, NAME, document);
    return Optional.of(document);
  }

  @Override
  public String update(String roleName, String observed, InlinePolicyUpdate update) {
    switch (update.action()) {
      case PUT, PUT_AT_CREATION -> iam.putInlinePolicy(roleName, NAME, update.document().get());
      case DELETE -> iam.deleteInlinePolicy(roleName, NAME);
      case NONE -> {}
    }
    return update.document().orElse(null);
  }

  @Override
  public void delete(String roleName, String observed) {
    iam.deleteInlinePolicy(roleName, NAME);
  }

  @Override
  public Map<String, String> tags(String roleName, String observed) {
    return Map.of(); // an inline policy is part of its role
  }
}
