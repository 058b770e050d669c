package dev.msa.operator.aws;

import dev.msa.operator.model.AttributeChanges;
import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.AwsUpdate;
import dev.msa.operator.model.DesiredRole;
import dev.msa.operator.model.DesiredRule;
import dev.msa.operator.model.InlinePolicyUpdate;
import dev.msa.operator.model.ManagedPolicyUpdate;
import dev.msa.operator.model.ObservedQueue;
import dev.msa.operator.model.ObservedRole;
import dev.msa.operator.model.ObservedRule;
import dev.msa.operator.model.ObservedSubscription;
import dev.msa.operator.model.PodIdentityAssociation;
import dev.msa.operator.model.PodIdentityUpdate;
import dev.msa.operator.model.RoleUpdate;
import dev.msa.operator.model.RuleTarget;
import dev.msa.operator.model.RuleUpdate;
import dev.msa.operator.model.TargetUpdate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every AWS resource adapter the reconcilers use, built once from the clients; typed by {@link
 * AwsResource}, so a test can hand the orchestration in-memory ones.
 *
 * @param accountId the operator's account (asked of STS once)
 * @param oidcIssuer an EKS cluster's OIDC issuer URL by cluster name
 * @param sqs the queues' policies, which the subscriptions of a queue write together
 */
public record AwsAdapters(
    Supplier<String> accountId,
    Function<String, Optional<String>> oidcIssuer,
    QueueAdapter queues,
    QueueAdapter deadLetterQueues,
    TopicAdapter topics,
    RoleAdapter roles,
    InlinePolicyAdapter inlinePolicies,
    ManagedPolicyAdapter managedPolicies,
    PodIdentityAdapter podIdentities,
    TableResource tables,
    RuleAdapter rules,
    TargetAdapter ruleTargets,
    SubscriptionAdapter subscriptions,
    SqsQueues sqs) {

  public interface QueueAdapter
      extends AwsResource<
          QueueResource.Key, Map<String, String>, ObservedQueue, AttributeChanges> {}

  public interface TopicAdapter
      extends AwsResource<TopicResource.Key, Map<String, String>, Map<String, String>, AwsUpdate> {}

  public interface RoleAdapter extends AwsResource<String, DesiredRole, ObservedRole, RoleUpdate> {}

  public interface InlinePolicyAdapter
      extends AwsResource<String, String, String, InlinePolicyUpdate> {}

  public interface ManagedPolicyAdapter
      extends AwsResource<String, Set<String>, Set<String>, ManagedPolicyUpdate> {}

  public interface PodIdentityAdapter
      extends AwsResource<
          PodIdentityResource.Key, String, PodIdentityAssociation, PodIdentityUpdate> {}

  public interface RuleAdapter
      extends AwsResource<RuleResource.Key, DesiredRule, ObservedRule, RuleUpdate> {}

  public interface TargetAdapter
      extends AwsResource<RuleResource.Key, RuleTarget, List<RuleTarget>, TargetUpdate> {}

  public interface SubscriptionAdapter
      extends AwsResource<
          SubscriptionResource.Key, Map<String, String>, ObservedSubscription, AttributeChanges> {}

  /**
   * The same adapters, asking another account for the EKS cluster's OIDC issuer: the cluster lives
   * in the operator's account, not in the one a namespace names.
   */
  public AwsAdapters withOidcIssuer(Function<String, Optional<String>> issuer) {
    return new AwsAdapters(
        accountId,
        issuer,
        queues,
        deadLetterQueues,
        topics,
        roles,
        inlinePolicies,
        managedPolicies,
        podIdentities,
        tables,
        rules,
        ruleTargets,
        subscriptions,
        sqs);
  }

  public static AwsAdapters of(AwsClients clients) {
    StsIdentity sts = new StsIdentity(clients.sts());
    EksClusters eks = new EksClusters(clients.eks());
    SqsQueues sqs = new SqsQueues(clients.sqs(), clients.queueObservations());
    IamRoles iam = new IamRoles(clients.iam());
    EventBridgeRules rules = new EventBridgeRules(clients.eventBridge());
    return new AwsAdapters(
        sts::accountId,
        eks::oidcIssuer,
        new QueueResource(sqs, AwsPart.SQS_QUEUE),
        new QueueResource(sqs, AwsPart.DEAD_LETTER_QUEUE),
        new TopicResource(new SnsTopics(clients.sns())),
        new RoleResource(iam),
        new InlinePolicyResource(iam),
        new ManagedPolicyAttachments(iam),
        new PodIdentityResource(eks),
        new TableResource(new DynamoDbTables(clients.dynamoDb())),
        new RuleResource(rules),
        new RuleTargets(rules),
        new SubscriptionResource(new SnsSubscriptions(clients.sns())),
        sqs);
  }
}
