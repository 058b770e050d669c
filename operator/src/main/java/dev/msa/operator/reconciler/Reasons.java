package dev.msa.operator.reconciler;

import dev.msa.operator.model.SubscriptionPlan;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Set;

/**
 * The reasons the operator's own conditions give when a part is not ready, sorted into the two
 * kinds kstatus tells apart (docs/flux.md): {@link #TERMINAL} waits for a change of the spec, of
 * another object, of the AWS account or of the operator's configuration and makes the object
 * Stalled; {@link #PROGRESSING} resolves by itself and makes it Reconciling. AWS error codes are
 * reasons too; {@code AwsErrors} classifies them, and a terminal one says so in its message ({@link
 * AwsPartFailure#NOT_RETRIED}). The Argo CD health check is tested against both lists.
 */
public final class Reasons {
  static final String MANAGED_POLICY_NOT_ALLOWED = "ManagedPolicyNotAllowed";
  static final String IDENTITY_PROVIDER_UNKNOWN = "IdentityProviderUnknown";
  static final String DUPLICATE_SUBSCRIPTION = "DuplicateSubscription";
  static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

  /** Deleting failed with an error AWS will repeat until something changes. */
  static final String DELETION_REFUSED = "DeletionRefused";

  /** Deleting failed with an error worth retrying; it is retried. */
  static final String DELETION_FAILED = "DeletionFailed";

  static final String RECONCILE_ERROR = "ReconcileError";

  /** A child the spec makes invalid, or a podTemplate that is no PodTemplateSpec. */
  static final String WORKLOAD_INVALID = "WorkloadInvalid";

  /** A filter policy SNS would refuse: checked before it is sent (EventFilters). */
  static final String INVALID_FILTER_POLICY = "InvalidFilterPolicy";

  /** An event pattern EventBridge would refuse: checked before it is sent (EventFilters). */
  static final String INVALID_EVENT_PATTERN = "InvalidEventPattern";

  /** A namespace's msa.dev/default-tags annotation that cannot be used (docs/organisations.md). */
  static final String INVALID_DEFAULT_TAGS = "InvalidDefaultTags";

  static final String WAITING_FOR_IDENTITY = "WaitingForIdentity";
  static final String DEPLOYMENT_PENDING = "DeploymentPending";
  static final String ROLLOUT_IN_PROGRESS = "RolloutInProgress";
  static final String PODS_UNAVAILABLE = "PodsUnavailable";
  static final String WAITING_FOR_SUBSCRIBER = "WaitingForSubscriber";
  static final String NOT_SUBSCRIBED = "NotSubscribed";
  static final String QUEUE_NOT_FOUND = "QueueNotFound";
  static final String WAITING_FOR_QUEUE = "WaitingForQueue";

  /**
   * spec.autoscaling.queueDepth on a cluster without KEDA's API, or KEDA unable to assume roles:
   * the pods run, but do not scale until KEDA is installed, the operator configured or the spec
   * changed.
   */
  static final String AUTOSCALING_UNAVAILABLE = "AutoscalingUnavailable";

  /** Waiting does not fix these: the object is Stalled until something is changed. */
  public static final Set<String> TERMINAL =
      Set.of(
          AwsPartFailure.NAME_CONFLICT,
          DataStoreAws.KEY_SCHEMA_MISMATCH,
          SubscriptionPlan.NOT_ALLOWED,
          SubscriptionPlan.FIFO_MISMATCH,
          SubscriptionPlan.DEDUPLICATION_REQUIRED,
          DUPLICATE_SUBSCRIPTION,
          MANAGED_POLICY_NOT_ALLOWED,
          IDENTITY_PROVIDER_UNKNOWN,
          PROGRESS_DEADLINE_EXCEEDED,
          WORKLOAD_INVALID,
          INVALID_FILTER_POLICY,
          INVALID_EVENT_PATTERN,
          DataStoreReconciler.DELETION_PROTECTED,
          DELETION_REFUSED,
          AUTOSCALING_UNAVAILABLE,
          NamespaceAccounts.ACCOUNT_NOT_ALLOWED,
          NamespaceAccounts.INVALID_REGION,
          INVALID_DEFAULT_TAGS);

  /**
   * The object waits for a person, on purpose: plan-only (docs/plan.md). Nothing is applied until
   * the annotation goes, so kstatus sees it Stalled like {@link #TERMINAL}; Argo CD shows it
   * Suspended rather than Degraded.
   */
  public static final Set<String> SUSPENDED = Set.of(Plans.PLAN_ONLY);

  /**
   * These resolve by themselves, or when an object the spec names appears or becomes ready: the
   * object is Reconciling. A Deployment's own reasons (MinimumReplicasUnavailable) and retried AWS
   * codes (Throttling) are progress too.
   */
  public static final Set<String> PROGRESSING =
      Set.of(
          DataStoreAws.CREATING,
          DataStoreAws.UPDATING,
          DataStoreBindings.NOT_READY,
          DataStoreReconciler.IN_USE,
          DELETION_FAILED,
          RECONCILE_ERROR,
          WAITING_FOR_IDENTITY,
          DEPLOYMENT_PENDING,
          ROLLOUT_IN_PROGRESS,
          PODS_UNAVAILABLE,
          WAITING_FOR_SUBSCRIBER,
          NOT_SUBSCRIBED,
          QUEUE_NOT_FOUND,
          WAITING_FOR_QUEUE,
          SubscriptionPlan.SUBSCRIBER_NOT_FOUND,
          SubscriptionPlan.SUBSCRIBER_DELETED,
          SubscriptionPlan.SUBSCRIBER_HAS_NO_QUEUE,
          SubscriptionPlan.QUEUE_NOT_READY,
          SubscriptionPlan.PUBLISHER_NOT_FOUND,
          SubscriptionPlan.TOPIC_NOT_PUBLISHED,
          SubscriptionPlan.TOPIC_NOT_READY);

  private Reasons() {}

  /** The reason of a Ready condition saying that deleting failed with {@code e}. */
  static String ofDeletionFailure(RuntimeException e) {
    return AwsPartFailure.terminal(e) ? DELETION_REFUSED : DELETION_FAILED;
  }

  /**
   * A condition that is not True and will not become True without a change (of the spec, another
   * object, AWS, the configuration, or the plan-only annotation).
   */
  public static boolean isTerminal(Condition condition) {
    return !Conditions.isTrue(condition)
        && (TERMINAL.contains(condition.getReason())
            || SUSPENDED.contains(condition.getReason())
            || (condition.getMessage() != null
                && condition.getMessage().contains(AwsPartFailure.NOT_RETRIED)));
  }
}
