package dev.msa.operator.reconciler;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.MicroserviceStatus;
import dev.msa.operator.api.PublishedTopic;
import dev.msa.operator.api.QueueSpec;
import dev.msa.operator.api.QueueStatus;
import dev.msa.operator.api.TopicStatus;
import dev.msa.operator.aws.EksClusters;
import dev.msa.operator.aws.IamRoles;
import dev.msa.operator.aws.ObservedRole;
import dev.msa.operator.aws.PodIdentityAssociation;
import dev.msa.operator.aws.SnsTopics;
import dev.msa.operator.aws.SqsQueues;
import dev.msa.operator.aws.StsIdentity;
import dev.msa.operator.config.IdentityMode;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.AwsArns;
import dev.msa.operator.model.AwsNames;
import dev.msa.operator.model.AwsTags;
import dev.msa.operator.model.DesiredServiceAccount;
import dev.msa.operator.model.EnvNames;
import dev.msa.operator.model.PolicyDocuments;
import dev.msa.operator.model.QueueAttributes;
import dev.msa.operator.model.ServicePermissions;
import dev.msa.operator.model.TableGrant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The AWS side of a Microservice: its queue and dead-letter queue, its topics and its IAM role.
 * Each part reads what exists, creates what is missing (tags passed at creation), changes only what
 * differs, and never touches a resource that is not this object's. A failing part becomes its
 * condition; the others go on.
 *
 * <p>Reads per steady-state reconcile: one per queue, one per topic, and GetRole plus GetRolePolicy
 * (ListAttachedRolePolicies only when managed policies are in play). A resource already recorded in
 * status is known to be ours, so its tags are read only when it is first found.
 */
final class MicroserviceAws {
  static final String IDENTITY_READY = "IdentityReady";
  static final String QUEUE_READY = "QueueReady";
  static final String TOPICS_READY = "TopicsReady";
  static final String ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";

  private final OperatorConfig config;
  private final AwsNames names;
  private final StsIdentity sts;
  private final SqsQueues sqs;
  private final SnsTopics sns;
  private final IamRoles iam;
  private final EksClusters eks;
  private volatile OidcProvider oidcProvider;

  MicroserviceAws(
      OperatorConfig config,
      StsIdentity sts,
      SqsQueues sqs,
      SnsTopics sns,
      IamRoles iam,
      EksClusters eks) {
    this.config = config;
    this.names = new AwsNames(config.namePrefix());
    this.sts = sts;
    this.sqs = sqs;
    this.sns = sns;
    this.iam = iam;
    this.eks = eks;
  }

  /** {@code tables}: the bound DataStores' tables, which the role's policy grants. */
  AwsOutcome reconcile(Microservice microservice, List<TableGrant> tables) {
    AwsOutcome outcome = new AwsOutcome();
    AwsArns arns = arns();
    reconcileQueues(microservice, arns, outcome);
    reconcileTopics(microservice, arns, outcome);
    reconcileIdentity(microservice, arns, tables, outcome);
    return outcome;
  }

  private AwsArns arns() {
    return new AwsArns("aws", config.region(), sts.accountId());
  }

  // --- queue and dead-letter queue ---------------------------------------------------------------

  private void reconcileQueues(Microservice ms, AwsArns arns, AwsOutcome outcome) {
    QueueSpec spec = ms.getSpec().getQueue();
    Optional<QueueStatus> recorded = recordedQueue(ms);
    String namespace = ms.getMetadata().getNamespace();
    String name = ms.getMetadata().getName();
    if (spec == null) {
      try {
        recorded.ifPresent(q -> deleteRecordedQueues(q, outcome));
        outcome.conditions.add(
            Conditions.of(QUEUE_READY, true, "NotRequested", "spec.queue is not set"));
      } catch (RuntimeException e) {
        outcome.retrySoon |= AwsPartFailure.retrySoon(e);
        outcome.conditions.add(AwsPartFailure.of(QUEUE_READY, "removing the queue", e));
        recorded.ifPresent(q -> outcome.queue = Optional.of(q));
      }
      return;
    }
    boolean fifo = Boolean.TRUE.equals(spec.getFifo());
    String queueName = names.queue(namespace, name, fifo);
    String queueArn = arns.queue(queueName);
    String dlqName = names.deadLetterQueue(namespace, name, fifo);
    String dlqArn = arns.queue(dlqName);
    boolean withDeadLetter = spec.getDeadLetter() != null;
    String what = "queue " + queueName;
    try {
      QueueStatus status = new QueueStatus();
      if (withDeadLetter) {
        what = "dead-letter queue " + dlqName;
        String dlqUrl =
            ensureQueue(
                ms,
                dlqName,
                QueueAttributes.deadLetterQueue(spec, queueArn),
                recorded.map(QueueStatus::getDeadLetterUrl),
                outcome);
        status.setDeadLetterUrl(dlqUrl);
        status.setDeadLetterArn(dlqArn);
      }
      what = "queue " + queueName;
      String url =
          ensureQueue(
              ms,
              queueName,
              QueueAttributes.queue(spec, withDeadLetter ? Optional.of(dlqArn) : Optional.empty()),
              recorded.map(QueueStatus::getUrl),
              outcome);
      status.setUrl(url);
      status.setArn(queueArn);
      if (!withDeadLetter && recorded.map(QueueStatus::getDeadLetterUrl).isPresent()) {
        what = "dead-letter queue " + dlqName;
        sqs.delete(recorded.get().getDeadLetterUrl());
        outcome.deleted.add("dead-letter queue " + dlqName);
      }
      outcome.queue = Optional.of(status);
      outcome.conditions.add(
          Conditions.of(QUEUE_READY, true, "Ready", "queue " + queueName + " ready"));
      outcome.env.put(EnvNames.QUEUE_URL, url);
      outcome.env.put(EnvNames.QUEUE_ARN, queueArn);
      if (status.getDeadLetterUrl() != null) {
        outcome.env.put(EnvNames.DLQ_URL, status.getDeadLetterUrl());
      }
    } catch (RuntimeException e) {
      outcome.retrySoon |= AwsPartFailure.retrySoon(e);
      outcome.conditions.add(AwsPartFailure.of(QUEUE_READY, what, e));
      // Keep the last known values, so a transient failure never rolls pods without them.
      recorded.ifPresent(
          q -> {
            outcome.queue = Optional.of(q);
            putIfPresent(outcome, EnvNames.QUEUE_URL, q.getUrl());
            putIfPresent(outcome, EnvNames.QUEUE_ARN, q.getArn());
            putIfPresent(outcome, EnvNames.DLQ_URL, q.getDeadLetterUrl());
          });
    }
  }

  /** Creates the queue, or brings an existing one of ours to the desired attributes. */
  private String ensureQueue(
      Microservice ms,
      String queueName,
      Map<String, String> desired,
      Optional<String> recordedUrl,
      AwsOutcome outcome) {
    Optional<String> known = recordedUrl.filter(url -> url.endsWith("/" + queueName));
    Optional<Map<String, String>> observed = known.flatMap(sqs::attributes);
    String url;
    if (observed.isPresent()) {
      url = known.get();
    } else {
      Optional<String> found = sqs.findUrl(queueName);
      if (found.isPresent()) {
        Map<String, String> tags = sqs.tags(found.get());
        if (!AwsTags.ownedBy(tags, ms)) {
          throw new NameConflictException("SQS queue " + queueName, AwsTags.describeOwner(tags));
        }
        url = found.get();
        observed = sqs.attributes(url);
      } else {
        url = sqs.create(queueName, desired, AwsTags.of(config.clusterName(), ms));
        outcome.created.add("SQS queue " + queueName);
        if (known.isPresent()) {
          outcome.changes.add("SQS queue " + queueName + " (deleted outside the operator)");
        }
        return url;
      }
    }
    Map<String, String> changed = QueueAttributes.changed(desired, observed.orElse(Map.of()));
    if (!changed.isEmpty()) {
      sqs.setAttributes(url, changed);
      outcome.changes.add("SQS queue " + queueName + " " + String.join(", ", changed.keySet()));
    }
    return url;
  }

  private void deleteRecordedQueues(QueueStatus recorded, AwsOutcome outcome) {
    if (recorded.getUrl() != null) {
      sqs.delete(recorded.getUrl());
      outcome.deleted.add("SQS queue " + lastPathSegment(recorded.getUrl()));
    }
    if (recorded.getDeadLetterUrl() != null) {
      sqs.delete(recorded.getDeadLetterUrl());
      outcome.deleted.add("dead-letter queue " + lastPathSegment(recorded.getDeadLetterUrl()));
    }
  }

  // --- topics ------------------------------------------------------------------------------------

  private void reconcileTopics(Microservice ms, AwsArns arns, AwsOutcome outcome) {
    String namespace = ms.getMetadata().getNamespace();
    String name = ms.getMetadata().getName();
    List<TopicStatus> recorded = recordedTopics(ms);
    List<String> failures = new ArrayList<>();
    RuntimeException firstFailure = null;
    Set<String> wantedArns = new LinkedHashSet<>();
    for (PublishedTopic topic : ms.getSpec().getPublishes()) {
      boolean fifo = Boolean.TRUE.equals(topic.getFifo());
      String topicName = names.topic(namespace, name, topic.getName(), fifo);
      String arn = arns.topic(topicName);
      wantedArns.add(arn);
      try {
        ensureTopic(
            ms,
            topicName,
            arn,
            fifo,
            recorded.stream().anyMatch(t -> arn.equals(t.getArn())),
            outcome);
        outcome.topics.add(new TopicStatus(topic.getName(), arn));
        outcome.env.put(EnvNames.topicArn(topic.getName()), arn);
      } catch (RuntimeException e) {
        outcome.retrySoon |= AwsPartFailure.retrySoon(e);
        firstFailure = firstFailure == null ? e : firstFailure;
        failures.add(topicName);
        recorded.stream()
            .filter(t -> arn.equals(t.getArn()))
            .findFirst()
            .ifPresent(
                t -> {
                  outcome.topics.add(t);
                  outcome.env.put(EnvNames.topicArn(topic.getName()), arn);
                });
      }
    }
    for (TopicStatus old : recorded) {
      if (!wantedArns.contains(old.getArn())) {
        try {
          sns.delete(old.getArn());
          outcome.deleted.add("SNS topic " + old.getName());
        } catch (RuntimeException e) {
          outcome.retrySoon |= AwsPartFailure.retrySoon(e);
          firstFailure = firstFailure == null ? e : firstFailure;
          failures.add(old.getArn() + " (removal)");
          outcome.topics.add(old);
        }
      }
    }
    if (firstFailure != null) {
      outcome.conditions.add(
          AwsPartFailure.of(TOPICS_READY, "SNS topic " + failures.get(0), firstFailure));
    } else if (ms.getSpec().getPublishes().isEmpty()) {
      outcome.conditions.add(
          Conditions.of(TOPICS_READY, true, "NotRequested", "spec.publishes is empty"));
    } else {
      outcome.conditions.add(
          Conditions.of(TOPICS_READY, true, "Ready", outcome.topics.size() + " topic(s) ready"));
    }
  }

  private void ensureTopic(
      Microservice ms,
      String topicName,
      String arn,
      boolean fifo,
      boolean known,
      AwsOutcome outcome) {
    Optional<Map<String, String>> observed = sns.attributes(arn);
    if (observed.isPresent()) {
      if (!known) {
        Map<String, String> tags = sns.tags(arn);
        if (!AwsTags.ownedBy(tags, ms)) {
          throw new NameConflictException("SNS topic " + topicName, AwsTags.describeOwner(tags));
        }
      }
      return;
    }
    sns.create(
        topicName,
        fifo ? Map.of("FifoTopic", "true") : Map.of(),
        AwsTags.of(config.clusterName(), ms));
    outcome.created.add("SNS topic " + topicName);
    if (known) {
      outcome.changes.add("SNS topic " + topicName + " (deleted outside the operator)");
    }
  }

  // --- IAM role and its binding to the pods ------------------------------------------------------

  private void reconcileIdentity(
      Microservice ms, AwsArns arns, List<TableGrant> tables, AwsOutcome outcome) {
    String namespace = ms.getMetadata().getNamespace();
    String roleName = names.role(namespace, ms.getMetadata().getName());
    String what = "IAM role " + roleName;
    try {
      String trust = trustPolicy(ms, arns);
      Optional<String> policy =
          PolicyDocuments.servicePolicy(permissions(ms, arns).withTables(tables));
      ObservedRole role = ensureRole(ms, roleName, trust, outcome);
      outcome.roleArn = Optional.of(role.arn());
      outcome.roleExists = true;
      ensureInlinePolicy(roleName, policy, outcome);
      List<String> refused = ensureManagedPolicies(ms, roleName, outcome);
      bindToPods(ms, role.arn(), outcome);
      if (!refused.isEmpty()) {
        outcome.conditions.add(
            Conditions.of(
                IDENTITY_READY,
                false,
                "ManagedPolicyNotAllowed",
                "spec.iam.managedPolicyArns "
                    + refused
                    + " are not in the operator's allow-list ("
                    + OperatorConfig.ALLOWED_MANAGED_POLICY_ARNS
                    + ") and were not attached; remove them or ask the platform team to allow them"));
      } else {
        outcome.conditions.add(
            Conditions.of(IDENTITY_READY, true, "Ready", "IAM role " + roleName + " ready"));
      }
    } catch (RuntimeException e) {
      outcome.retrySoon |= AwsPartFailure.retrySoon(e);
      if (e instanceof IdentitySetupException setup) {
        outcome.conditions.add(
            Conditions.of(IDENTITY_READY, false, "IdentityProviderUnknown", setup.getMessage()));
      } else {
        outcome.conditions.add(AwsPartFailure.of(IDENTITY_READY, what, e));
      }
      recordedRoleArn(ms)
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

  private ObservedRole ensureRole(
      Microservice ms, String roleName, String trust, AwsOutcome outcome) {
    // A Microservice with no role in its status almost always has none on AWS: create it straight
    // away (one IAM call) and look the role up only when the name turns out to be taken.
    boolean recorded = recordedRoleArn(ms).isPresent();
    Optional<ObservedRole> found = recorded ? iam.find(roleName) : Optional.empty();
    if (found.isEmpty()) {
      Optional<ObservedRole> created =
          iam.create(
              roleName,
              trust,
              AwsTags.of(config.clusterName(), ms),
              config.permissionsBoundaryArn(),
              "msa-operator: Microservice "
                  + ms.getMetadata().getNamespace()
                  + "/"
                  + ms.getMetadata().getName());
      if (created.isPresent()) {
        outcome.created.add("IAM role " + roleName);
        if (recorded) {
          outcome.changes.add("IAM role " + roleName + " (deleted outside the operator)");
        }
        return created.get();
      }
      found = iam.find(roleName);
      if (found.isEmpty()) {
        throw new IllegalStateException(
            "IAM role " + roleName + " was there at CreateRole and gone at GetRole; retrying");
      }
    }
    ObservedRole role = found.get();
    if (!AwsTags.ownedBy(role.tags(), ms)) {
      throw new NameConflictException("IAM role " + roleName, AwsTags.describeOwner(role.tags()));
    }
    if (!PolicyDocuments.same(trust, role.trustPolicy())) {
      iam.updateTrustPolicy(roleName, trust);
      outcome.changes.add("IAM role " + roleName + " trust policy");
    }
    if (!config.permissionsBoundaryArn().equals(role.permissionsBoundaryArn())) {
      iam.setPermissionsBoundary(roleName, config.permissionsBoundaryArn());
      outcome.changes.add("IAM role " + roleName + " permissions boundary");
    }
    return role;
  }

  private void ensureInlinePolicy(String roleName, Optional<String> policy, AwsOutcome outcome) {
    // A role created by this reconcile has no inline policy yet: no need to ask.
    Optional<String> current =
        outcome.created.contains("IAM role " + roleName)
            ? Optional.empty()
            : iam.inlinePolicy(roleName, PolicyDocuments.INLINE_POLICY_NAME);
    // Bound tables follow the DataStores' status, not the spec: their change is no drift.
    List<String> changes =
        PolicyDocuments.sameApartFromTables(policy, current)
            ? outcome.bindingChanges
            : outcome.changes;
    if (policy.isPresent()) {
      if (current.isEmpty() || !PolicyDocuments.same(policy.get(), current.get())) {
        iam.putInlinePolicy(roleName, PolicyDocuments.INLINE_POLICY_NAME, policy.get());
        if (current.isPresent() || !outcome.created.contains("IAM role " + roleName)) {
          changes.add("IAM role " + roleName + " inline policy");
        }
      }
    } else if (current.isPresent()) {
      iam.deleteInlinePolicy(roleName, PolicyDocuments.INLINE_POLICY_NAME);
      changes.add("IAM role " + roleName + " inline policy removed");
    }
  }

  /** Attaches the requested managed policies that are allow-listed; returns the refused ones. */
  private List<String> ensureManagedPolicies(Microservice ms, String roleName, AwsOutcome outcome) {
    Set<String> requested =
        ms.getSpec().getIam() == null
            ? Set.of()
            : new TreeSet<>(ms.getSpec().getIam().getManagedPolicyArns());
    Set<String> allowList = config.allowedManagedPolicyArns();
    List<String> refused = requested.stream().filter(arn -> !allowList.contains(arn)).toList();
    if (allowList.isEmpty()) {
      return refused; // nothing can have been attached by the operator
    }
    Set<String> wanted = new TreeSet<>(requested);
    wanted.retainAll(allowList);
    Set<String> attached = iam.attachedPolicyArns(roleName);
    for (String arn : wanted) {
      if (!attached.contains(arn)) {
        iam.attachPolicy(roleName, arn);
        outcome.changes.add("IAM role " + roleName + " attached " + arn);
      }
    }
    for (String arn : attached) {
      if (allowList.contains(arn) && !wanted.contains(arn)) {
        iam.detachPolicy(roleName, arn);
        outcome.changes.add("IAM role " + roleName + " detached " + arn);
      }
    }
    return refused;
  }

  private void bindToPods(Microservice ms, String roleArn, AwsOutcome outcome) {
    if (config.identityMode() == IdentityMode.IRSA) {
      outcome.serviceAccountAnnotations.put(ROLE_ARN_ANNOTATION, roleArn);
      return;
    }
    String namespace = ms.getMetadata().getNamespace();
    String serviceAccount = DesiredServiceAccount.name(ms);
    Optional<PodIdentityAssociation> association =
        eks.findPodIdentityAssociation(config.eksClusterName(), namespace, serviceAccount);
    if (association.isEmpty()) {
      eks.createPodIdentityAssociation(
          config.eksClusterName(),
          namespace,
          serviceAccount,
          roleArn,
          AwsTags.of(config.clusterName(), ms));
      outcome.created.add("EKS pod identity association " + namespace + "/" + serviceAccount);
    } else if (!roleArn.equals(association.get().roleArn())) {
      eks.updatePodIdentityAssociation(
          config.eksClusterName(), association.get().associationId(), roleArn);
      outcome.changes.add("EKS pod identity association " + namespace + "/" + serviceAccount);
    }
  }

  private String trustPolicy(Microservice ms, AwsArns arns) {
    if (config.identityMode() == IdentityMode.POD_IDENTITY) {
      return PolicyDocuments.podIdentityTrust(arns.accountId());
    }
    OidcProvider provider = oidcProvider(arns);
    return PolicyDocuments.irsaTrust(
        provider.arn(),
        provider.issuerHostAndPath(),
        ms.getMetadata().getNamespace(),
        DesiredServiceAccount.name(ms));
  }

  /** From configuration, else discovered once from the EKS cluster, as IRSA expects it. */
  private OidcProvider oidcProvider(AwsArns arns) {
    OidcProvider provider = oidcProvider;
    return provider != null ? provider : discoverOidcProvider(arns);
  }

  /** Once for all reconciles: concurrent first reconciles must not each call DescribeCluster. */
  private synchronized OidcProvider discoverOidcProvider(AwsArns arns) {
    OidcProvider provider = oidcProvider;
    if (provider != null) {
      return provider;
    }
    if (config.oidcProviderArn().isPresent()) {
      String arn = config.oidcProviderArn().get();
      provider =
          new OidcProvider(
              arn, arn.substring(arn.indexOf("oidc-provider/") + "oidc-provider/".length()));
    } else {
      String issuer =
          eks.oidcIssuer(config.eksClusterName())
              .orElseThrow(
                  () ->
                      new IdentitySetupException(
                          "EKS cluster "
                              + config.eksClusterName()
                              + " was not found, so its OIDC issuer is unknown: set "
                              + OperatorConfig.OIDC_PROVIDER_ARN
                              + " or "
                              + OperatorConfig.EKS_CLUSTER_NAME));
      String hostAndPath = issuer.replaceFirst("^https://", "");
      provider = new OidcProvider(arns.oidcProvider(hostAndPath), hostAndPath);
    }
    oidcProvider = provider;
    return provider;
  }

  /** The ARNs of the declared intent; known before the resources exist. */
  private ServicePermissions permissions(Microservice ms, AwsArns arns) {
    String namespace = ms.getMetadata().getNamespace();
    String name = ms.getMetadata().getName();
    QueueSpec queue = ms.getSpec().getQueue();
    Optional<String> queueArn = Optional.empty();
    Optional<String> dlqArn = Optional.empty();
    if (queue != null) {
      boolean fifo = Boolean.TRUE.equals(queue.getFifo());
      queueArn = Optional.of(arns.queue(names.queue(namespace, name, fifo)));
      if (queue.getDeadLetter() != null) {
        dlqArn = Optional.of(arns.queue(names.deadLetterQueue(namespace, name, fifo)));
      }
    }
    List<String> topicArns =
        ms.getSpec().getPublishes().stream()
            .map(
                t ->
                    arns.topic(
                        names.topic(
                            namespace, name, t.getName(), Boolean.TRUE.equals(t.getFifo()))))
            .toList();
    return new ServicePermissions(queueArn, dlqArn, topicArns);
  }

  // --- deletion ----------------------------------------------------------------------------------

  /**
   * Deletes what the Microservice owns, in dependency order: topics, queues, the role's policies
   * and its binding, the role. Anything not tagged as this object's is left alone.
   */
  List<String> delete(Microservice ms) {
    List<String> deleted = new ArrayList<>();
    String namespace = ms.getMetadata().getNamespace();
    String name = ms.getMetadata().getName();
    AwsArns arns = arns();
    Set<String> topicArns = new LinkedHashSet<>();
    recordedTopics(ms).forEach(t -> topicArns.add(t.getArn()));
    permissions(ms, arns).topicArns().forEach(topicArns::add);
    for (String arn : topicArns) {
      if (sns.attributes(arn).isPresent() && AwsTags.ownedBy(sns.tags(arn), ms)) {
        sns.delete(arn);
        deleted.add("SNS topic " + arn);
      }
    }
    for (boolean fifo : List.of(false, true)) {
      for (String queueName :
          List.of(
              names.queue(namespace, name, fifo), names.deadLetterQueue(namespace, name, fifo))) {
        Optional<String> url = sqs.findUrl(queueName);
        if (url.isPresent() && AwsTags.ownedBy(sqs.tags(url.get()), ms)) {
          sqs.delete(url.get());
          deleted.add("SQS queue " + queueName);
        }
      }
    }
    String roleName = names.role(namespace, name);
    Optional<ObservedRole> role = iam.find(roleName);
    if (role.isPresent() && AwsTags.ownedBy(role.get().tags(), ms)) {
      if (config.identityMode() == IdentityMode.POD_IDENTITY) {
        eks.findPodIdentityAssociation(
                config.eksClusterName(), namespace, DesiredServiceAccount.name(ms))
            .ifPresent(
                a -> eks.deletePodIdentityAssociation(config.eksClusterName(), a.associationId()));
      }
      for (String policyName : iam.inlinePolicyNames(roleName)) {
        iam.deleteInlinePolicy(roleName, policyName);
      }
      for (String policyArn : iam.attachedPolicyArns(roleName)) {
        iam.detachPolicy(roleName, policyArn);
      }
      iam.delete(roleName);
      deleted.add("IAM role " + roleName);
    }
    return deleted;
  }

  // --- what the last status recorded (ours, since the operator wrote it)
  // ---------------------------

  private static Optional<QueueStatus> recordedQueue(Microservice ms) {
    return Optional.ofNullable(ms.getStatus()).map(MicroserviceStatus::getQueue);
  }

  private static List<TopicStatus> recordedTopics(Microservice ms) {
    return ms.getStatus() == null || ms.getStatus().getTopics() == null
        ? List.of()
        : ms.getStatus().getTopics();
  }

  private static Optional<String> recordedRoleArn(Microservice ms) {
    return Optional.ofNullable(ms.getStatus()).map(MicroserviceStatus::getRoleArn);
  }

  private static void putIfPresent(AwsOutcome outcome, String name, String value) {
    if (value != null) {
      outcome.env.put(name, value);
    }
  }

  private static String lastPathSegment(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  record OidcProvider(String arn, String issuerHostAndPath) {}

  /** The operator cannot build a trust policy: a configuration problem, not an AWS error. */
  static final class IdentitySetupException extends RuntimeException {
    IdentitySetupException(String message) {
      super(message);
    }
  }
}
