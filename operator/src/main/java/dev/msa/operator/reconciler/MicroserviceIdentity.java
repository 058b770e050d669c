package dev.msa.operator.reconciler;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.aws.AwsAdapters;
import dev.msa.operator.aws.PodIdentityResource;
import dev.msa.operator.config.IdentityMode;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.AwsArns;
import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.DesiredRole;
import dev.msa.operator.model.DesiredServiceAccount;
import dev.msa.operator.model.Difference;
import dev.msa.operator.model.InlinePolicyUpdate;
import dev.msa.operator.model.KedaIdentity;
import dev.msa.operator.model.ManagedPolicyUpdate;
import dev.msa.operator.model.ObservedRole;
import dev.msa.operator.model.Ownership;
import dev.msa.operator.model.PodIdentityUpdate;
import dev.msa.operator.model.PolicyDocuments;
import dev.msa.operator.model.RoleUpdate;
import dev.msa.operator.model.ServiceResources;
import dev.msa.operator.model.StatementChanges;
import dev.msa.operator.model.TableGrant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Microservice's identity on AWS, in steps: its IAM role (trust policy and permissions boundary),
 * the role's inline policy (what the spec declares plus the bound tables), its allow-listed managed
 * policies, and the binding to the pods: the ServiceAccount annotation (IRSA) or an EKS Pod
 * Identity association.
 */
final class MicroserviceIdentity {
  static final String IDENTITY_READY = "IdentityReady";
  static final String ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";

  private final OperatorConfig config;
  private final AwsAdapters aws;
  private final OidcProviders oidcProviders;

  MicroserviceIdentity(OperatorConfig config, AwsAdapters aws) {
    this.config = config;
    this.aws = aws;
    this.oidcProviders = new OidcProviders(config, aws.oidcIssuer());
  }

  void reconcile(
      Microservice ms,
      ServiceResources resources,
      AwsArns arns,
      List<TableGrant> tables,
      AwsSync sync,
      AwsOutcome outcome) {
    String roleName = resources.roleName();
    try {
      DesiredRole desired =
          new DesiredRole(trustPolicy(ms, arns), config.permissionsBoundaryArn(), description(ms));
      AwsSync.Synced<ObservedRole> role =
          sync.ensureCreatingFirst(
              aws.roles(),
              roleName,
              roleName,
              desired,
              RoleUpdate::between,
              MicroserviceAws.recordedRoleArn(ms).isPresent());
      // A role still to be created (a plan) will have the ARN its name gives.
      String roleArn = role.planned() ? resources.roleArn() : role.resource().arn();
      outcome.roleArn = Optional.of(roleArn);
      outcome.roleExists = !role.planned();
      outcome.rolePlanned = role.planned();
      inlinePolicy(
          roleName,
          PolicyDocuments.servicePolicy(resources.permissions().withTables(tables)),
          role.created(),
          sync,
          outcome);
      List<String> refused = managedPolicies(ms, roleName, role.planned(), sync, outcome);
      bindToPods(ms, roleArn, sync, outcome);
      if (refused.isEmpty()) {
        outcome.condition(IDENTITY_READY, true, "Ready", "IAM role " + roleName + " ready");
      } else {
        outcome.condition(
            IDENTITY_READY,
            false,
            Reasons.MANAGED_POLICY_NOT_ALLOWED,
            "spec.iam.managedPolicyArns "
                + refused
                + " are not in the operator's allow-list ("
                + OperatorConfig.ALLOWED_MANAGED_POLICY_ARNS
                + ") and were not attached; remove them or ask the platform team to allow them");
      }
    } catch (RuntimeException e) {
      if (e instanceof OidcProviders.IdentitySetupException setup) {
        outcome.condition(
            IDENTITY_READY, false, Reasons.IDENTITY_PROVIDER_UNKNOWN, setup.getMessage());
      } else {
        outcome.failed(IDENTITY_READY, sync.current(), e);
      }
      // The last known role, so a transient failure never takes the pods' identity away.
      MicroserviceAws.recordedRoleArn(ms)
          .ifPresent(
              arn -> {
                outcome.roleArn = Optional.of(arn);
                outcome.roleExists = true;
                if (config.identityMode() == IdentityMode.IRSA) {
                  outcome.serviceAccountAnnotations.put(ROLE_ARN_ANNOTATION, arn);
                }
              });
    }
  }

  private void inlinePolicy(
      String roleName,
      Optional<String> policy,
      boolean roleCreated,
      AwsSync sync,
      AwsOutcome outcome) {
    // A role created by this reconcile has no inline policy yet: no need to ask.
    Optional<String> current = roleCreated ? Optional.empty() : aws.inlinePolicies().read(roleName);
    InlinePolicyUpdate update =
        sync.permitted(
            AwsPart.IAM_INLINE_POLICY,
            roleName,
            policy,
            desired -> InlinePolicyUpdate.between(desired, current, roleCreated));
    if (update.action() == InlinePolicyUpdate.Action.NONE
        || !sync.write(
            planned(roleName, current, update),
            () -> aws.inlinePolicies().update(roleName, current.orElse(null), update))) {
      return;
    }
    sync.sent(AwsPart.IAM_INLINE_POLICY, roleName, update);
    if (!update.isEmpty()) {
      // Bound tables follow the DataStores' status, not the spec: their change is no drift.
      (update.bindingOnly() ? outcome.bindingChanges : outcome.changes)
          .add(
              new Change(
                  AwsPart.IAM_INLINE_POLICY, roleName, Change.Kind.UPDATED, update.fields()));
    }
  }

  /** The inline policy's change as a plan shows it: the statements it adds and removes. */
  private static Change planned(
      String roleName, Optional<String> current, InlinePolicyUpdate update) {
    Change.Kind kind =
        update.action() == InlinePolicyUpdate.Action.DELETE
            ? Change.Kind.DELETED
            : current.isEmpty() ? Change.Kind.CREATED : Change.Kind.UPDATED;
    return new Change(
        AwsPart.IAM_INLINE_POLICY,
        roleName,
        kind,
        update.fields(),
        List.of(Difference.ofPolicy(InlinePolicyUpdate.DOCUMENT, current, update.document())),
        PolicyDocuments.statementChanges(current, update.document()));
  }

  /**
   * Attaches the requested managed policies that are allow-listed; returns the refused ones. A role
   * still to be created (a plan) has none attached.
   */
  private List<String> managedPolicies(
      Microservice ms, String roleName, boolean rolePlanned, AwsSync sync, AwsOutcome outcome) {
    Set<String> requested =
        ms.getSpec().getIam() == null
            ? Set.of()
            : Set.copyOf(ms.getSpec().getIam().getManagedPolicyArns());
    Set<String> allowList = config.allowedManagedPolicyArns();
    if (!ManagedPolicyUpdate.needsRead(allowList)) {
      return ManagedPolicyUpdate.between(requested, allowList, Set.of()).refused();
    }
    Set<String> attached =
        rolePlanned ? Set.of() : aws.managedPolicies().read(roleName).orElse(Set.of());
    ManagedPolicyUpdate update =
        sync.permitted(
            AwsPart.IAM_MANAGED_POLICIES,
            roleName,
            requested,
            wanted -> ManagedPolicyUpdate.between(wanted, allowList, attached));
    if (!update.isEmpty()
        && sync.write(
            new Change(
                AwsPart.IAM_MANAGED_POLICIES,
                roleName,
                Change.Kind.UPDATED,
                update.fields(),
                update.differences(),
                StatementChanges.NONE),
            () -> aws.managedPolicies().update(roleName, attached, update))) {
      sync.sent(AwsPart.IAM_MANAGED_POLICIES, roleName, update);
      outcome.changes.add(
          new Change(AwsPart.IAM_MANAGED_POLICIES, roleName, Change.Kind.UPDATED, update.fields()));
    }
    return update.refused();
  }

  private void bindToPods(Microservice ms, String roleArn, AwsSync sync, AwsOutcome outcome) {
    if (config.identityMode() == IdentityMode.IRSA) {
      outcome.serviceAccountAnnotations.put(ROLE_ARN_ANNOTATION, roleArn);
      return;
    }
    PodIdentityResource.Key key = podIdentityKey(ms);
    sync.ensurePart(
        aws.podIdentities(),
        key,
        key.toString(),
        roleArn,
        (arn, observed) -> PodIdentityUpdate.between(arn, Optional.of(observed)));
  }

  /**
   * The association (Pod Identity), then the role, whose policies go with it. The role is deleted
   * when the status recorded it or its tags say it is this object's.
   */
  void delete(Microservice ms, ServiceResources resources, boolean recorded, AwsSync sync) {
    Optional<ObservedRole> role = aws.roles().read(resources.roleName());
    if (role.isEmpty() || !(recorded || Ownership.OURS == ownership(role.get(), ms))) {
      return;
    }
    if (config.identityMode() == IdentityMode.POD_IDENTITY) {
      PodIdentityResource.Key key = podIdentityKey(ms);
      sync.deleteIfOurs(aws.podIdentities(), key, key.toString(), true);
    }
    sync.deleteRecorded(aws.roles(), resources.roleName(), resources.roleName(), role.get());
  }

  private Ownership ownership(ObservedRole role, Microservice ms) {
    return Ownership.of(role.tags(), config.clusterName(), ms);
  }

  private PodIdentityResource.Key podIdentityKey(Microservice ms) {
    return new PodIdentityResource.Key(
        config.eksClusterName(), ms.getMetadata().getNamespace(), DesiredServiceAccount.name(ms));
  }

  /** Its pods, and KEDA's operator while it scales the service on its queue's depth. */
  private String trustPolicy(Microservice ms, AwsArns arns) {
    Optional<KedaIdentity> keda = QueueDepthScaling.kedaIdentity(ms, config);
    if (config.identityMode() == IdentityMode.POD_IDENTITY) {
      return PolicyDocuments.podIdentityTrust(arns.accountId(), keda);
    }
    OidcProviders.Provider provider = oidcProviders.get(arns);
    return PolicyDocuments.irsaTrust(
        provider.arn(),
        provider.issuerHostAndPath(),
        ms.getMetadata().getNamespace(),
        DesiredServiceAccount.name(ms),
        keda);
  }

  private static String description(Microservice ms) {
    return "msa-operator: Microservice "
        + ms.getMetadata().getNamespace()
        + "/"
        + ms.getMetadata().getName();
  }
}
