package dev.msa.operator.aws;

import dev.msa.operator.model.ObservedRole;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPermissionsBoundary;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.CreateRoleRequest;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * IAM roles and their policies, by role name. Policy documents go in and come out as plain JSON;
 * IAM returns them URL-encoded and this class decodes them.
 */
public final class IamRoles {
  private static final String IAM = "iam";

  private final IamClient iam;

  public IamRoles(IamClient iam) {
    this.iam = iam;
  }

  /** The role with its trust policy, boundary and tags, or empty when there is none. */
  public Optional<ObservedRole> find(String roleName) {
    try {
      return Optional.of(observed(iam.getRole(r -> r.roleName(roleName)).role()));
    } catch (NoSuchEntityException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.classify(IAM, "GetRole", e);
    }
  }

  /**
   * Creates the role, or answers empty when a role of that name exists already (which IAM then
   * leaves as it was): one call where a look-up first would take two for every new role.
   */
  public Optional<ObservedRole> create(
      String roleName,
      String trustPolicy,
      Map<String, String> tags,
      Optional<String> boundaryArn,
      String description) {
    CreateRoleRequest.Builder request =
        CreateRoleRequest.builder()
            .roleName(roleName)
            .assumeRolePolicyDocument(trustPolicy)
            .description(description);
    if (!tags.isEmpty()) {
      request.tags(toIamTags(tags));
    }
    boundaryArn.ifPresent(request::permissionsBoundary);
    try {
      return Optional.of(observed(iam.createRole(request.build()).role()));
    } catch (EntityAlreadyExistsException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.classify(IAM, "CreateRole", e);
    }
  }

  /** Adds or overwrites the given tags; the others stay. */
  public void tag(String roleName, Map<String, String> tags) {
    try {
      iam.tagRole(r -> r.roleName(roleName).tags(toIamTags(tags)));
    } catch (SdkException e) {
      throw AwsErrors.classify(IAM, "TagRole", e);
    }
  }

  public void updateTrustPolicy(String roleName, String trustPolicy) {
    try {
      iam.updateAssumeRolePolicy(r -> r.roleName(roleName).policyDocument(trustPolicy));
    } catch (SdkException e) {
      throw AwsErrors.classify(IAM, "UpdateAssumeRolePolicy", e);
    }
  }

  /** Puts the boundary on the role, or takes it off when empty. */
  public void setPermissionsBoundary(String roleName, Optional<String> boundaryArn) {
    try {
      if (boundaryArn.isPresent()) {
        iam.putRolePermissionsBoundary(
            r -> r.roleName(roleName).permissionsBoundary(boundaryArn.get()));
      } else {
        iam.deleteRolePermissionsBoundary(r -> r.roleName(roleName));
      }
    } catch (SdkException e) {
      String operation =
          boundaryArn.isPresent() ? "PutRolePermissionsBoundary" : "DeleteRolePermissionsBoundary";
      throw AwsErrors.classify(IAM, operation, e);
    }
  }

  /** The inline policy as JSON, or empty when the role has no policy of that name. */
  public Optional<String> inlinePolicy(String roleName, String policyName) {
    try {
      return Optional.of(
          decode(
              iam.getRolePolicy(r -> r.roleName(roleName).policyName(policyName))
                  .policyDocument()));
    } catch (NoSuchEntityException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.classify(IAM, "GetRolePolicy", e);
    }
  }

  public void putInlinePolicy(String roleName, String policyName, String document) {
    try {
      iam.putRolePolicy(r -> r.roleName(roleName).policyName(policyName).policyDocument(document));
    } catch (SdkException e) {
      throw AwsErrors.classify(IAM, "PutRolePolicy", e);
    }
  }

  /** Deletes the inline policy; one that is already gone is fine. */
  public void deleteInlinePolicy(String roleName, String policyName) {
    try {
      iam.deleteRolePolicy(r -> r.roleName(roleName).policyName(policyName));
    } catch (NoSuchEntityException e) {
      // already gone
    } catch (SdkException e) {
      throw AwsErrors.classify(IAM, "DeleteRolePolicy", e);
    }
  }

  public List<String> inlinePolicyNames(String roleName) {
    try {
      return iam.listRolePoliciesPaginator(r -> r.roleName(roleName)).policyNames().stream()
          .toList();
    } catch (SdkException e) {
      throw AwsErrors.classify(IAM, "ListRolePolicies", e);
    }
  }

  public Set<String> attachedPolicyArns(String roleName) {
    try {
      return iam
          .listAttachedRolePoliciesPaginator(r -> r.roleName(roleName))
          .attachedPolicies()
          .stream()
          .map(AttachedPolicy::policyArn)
          .collect(Collectors.toCollection(LinkedHashSet::new));
    } catch (SdkException e) {
      throw AwsErrors.classify(IAM, "ListAttachedRolePolicies", e);
    }
  }

  public void attachPolicy(String roleName, String policyArn) {
    try {
      iam.attachRolePolicy(r -> r.roleName(roleName).policyArn(policyArn));
    } catch (SdkException e) {
      throw AwsErrors.classify(IAM, "AttachRolePolicy", e);
    }
  }

  /** Detaches the managed policy; one that is not attached is fine. */
  public void detachPolicy(String roleName, String policyArn) {
    try {
      iam.detachRolePolicy(r -> r.roleName(roleName).policyArn(policyArn));
    } catch (NoSuchEntityException e) {
      // not attached
    } catch (SdkException e) {
      throw AwsErrors.classify(IAM, "DetachRolePolicy", e);
    }
  }

  /**
   * Deletes the role; one that is already gone is fine. IAM refuses ({@code DeleteConflict}) while
   * policies are attached or inline: remove them first.
   */
  public void delete(String roleName) {
    try {
      iam.deleteRole(r -> r.roleName(roleName));
    } catch (NoSuchEntityException e) {
      // already gone
    } catch (SdkException e) {
      throw AwsErrors.classify(IAM, "DeleteRole", e);
    }
  }

  private static ObservedRole observed(Role role) {
    return new ObservedRole(
        role.roleName(),
        role.arn(),
        decode(role.assumeRolePolicyDocument()),
        Optional.ofNullable(role.permissionsBoundary())
            .map(AttachedPermissionsBoundary::permissionsBoundaryArn),
        role.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value)));
  }

  private static List<Tag> toIamTags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
        .toList();
  }

  /**
   * IAM percent-encodes policy documents (RFC 3986: a space is {@code %20}, a plus {@code %2B}), so
   * a literal '+' is kept rather than read as a form-encoded space.
   */
  static String decode(String document) {
    return URLDecoder.decode(document.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
