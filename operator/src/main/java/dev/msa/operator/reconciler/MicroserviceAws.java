package dev.msa.operator.reconciler;

import dev.msa.operator.api.Adoption;
import dev.msa.operator.api.DeletionPolicy;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.MicroserviceStatus;
import dev.msa.operator.api.QueueSpec;
import dev.msa.operator.api.QueueStatus;
import dev.msa.operator.api.TopicStatus;
import dev.msa.operator.aws.AwsAdapters;
import dev.msa.operator.aws.AwsResource;
import dev.msa.operator.aws.QueueResource;
import dev.msa.operator.aws.TopicResource;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.model.AttributeChanges;
import dev.msa.operator.model.AwsArns;
import dev.msa.operator.model.AwsNames;
import dev.msa.operator.model.EnvNames;
import dev.msa.operator.model.ObservedQueue;
import dev.msa.operator.model.QueueAttributes;
import dev.msa.operator.model.ServiceResources;
import dev.msa.operator.model.ServiceResources.Named;
import dev.msa.operator.model.TableGrant;
import dev.msa.operator.model.TopicPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The AWS side of a Microservice, as a sequence of named steps: its queue and dead-letter queue,
 * its topics, then its identity ({@link MicroserviceIdentity}). Each step goes through {@link
 * AwsSync}; a failing step becomes its condition and the others go on.
 *
 * <p>Reads per steady-state reconcile: one per queue, one per topic, and GetRole plus GetRolePolicy
 * (ListAttachedRolePolicies only when managed policies are in play). A resource already recorded in
 * status is known to be ours, so its tags are read only when it is first found.
 */
final class MicroserviceAws {
  static final String QUEUE_READY = "QueueReady";
  static final String TOPICS_READY = "TopicsReady";

  private final OperatorConfig config;
  private final AwsNames names;
  private final AwsAdapters aws;
  private final MicroserviceIdentity identity;
  private final LastCompared lastCompared = new LastCompared();
  private final String region;

  private final Function<String, Optional<String>> roleOfNamespace;
  private final Function<String, Map<String, String>> defaultTags;

  MicroserviceAws(OperatorConfig config, AwsAdapters aws) {
    this(
        config,
        aws,
        config.region(),
        namespace -> Optional.empty(),
        namespace -> config.defaultTags());
  }

  /**
   * In the account {@code aws} acts in, and {@code region}.
   *
   * @param roleOfNamespace the role a namespace names ({@code msa.dev/aws-role-arn}) when it is
   *     allowed: a topic lets the accounts of the namespaces it lists subscribe
   * @param defaultTags a namespace's default tags (NamespaceSettings)
   */
  MicroserviceAws(
      OperatorConfig config,
      AwsAdapters aws,
      String region,
      Function<String, Optional<String>> roleOfNamespace,
      Function<String, Map<String, String>> defaultTags) {
    this.config = config;
    this.region = region;
    this.roleOfNamespace = roleOfNamespace;
    this.defaultTags = defaultTags;
    this.names = new AwsNames(config.namePrefix());
    this.aws = aws;
    this.identity = new MicroserviceIdentity(config, aws);
  }

  String region() {
    return region;
  }

  /** {@code tables}: the bound DataStores' tables, which the role's policy grants. */
  AwsOutcome reconcile(Microservice microservice, List<TableGrant> tables) {
    return run(microservice, tables, false);
  }

  /**
   * The same steps with their writes held back: the outcome's changes are what reconciling would do
   * now; a resource still to be created has no URL yet ({@link Plans#KNOWN_AFTER_APPLY}).
   */
  AwsOutcome plan(Microservice microservice, List<TableGrant> tables) {
    return run(microservice, tables, true);
  }

  private AwsOutcome run(Microservice microservice, List<TableGrant> tables, boolean planning) {
    AwsOutcome outcome = new AwsOutcome();
    AwsArns arns = arns();
    ServiceResources resources = ServiceResources.of(microservice, names, arns);
    AwsSync sync =
        new AwsSync(
                config.clusterName(),
                microservice,
                outcome.changes,
                Adoption.of(microservice),
                planning
                    ? DriftDecisions.planning(microservice, lastCompared)
                    : DriftDecisions.of(microservice, lastCompared, outcome.drift),
                planning)
            .withDefaultTags(() -> defaultTags.apply(microservice.getMetadata().getNamespace()));
    queues(microservice, resources, sync, outcome);
    topics(microservice, resources, sync, outcome);
    identity.reconcile(microservice, resources, arns, tables, sync, outcome);
    return outcome;
  }

  private AwsArns arns() {
    return new AwsArns("aws", region, aws.accountId().get());
  }

  // --- queue and dead-letter queue ---------------------------------------------------------------

  private void queues(
      Microservice ms, ServiceResources resources, AwsSync sync, AwsOutcome outcome) {
    QueueSpec spec = ms.getSpec().getQueue();
    Optional<QueueStatus> recorded = recordedQueue(ms);
    if (spec == null) {
      if (outcome.attempt(
          QUEUE_READY, sync, () -> recorded.ifPresent(q -> removeQueues(q, sync)))) {
        outcome.condition(QUEUE_READY, true, "NotRequested", "spec.queue is not set");
      } else {
        outcome.queue = recorded;
      }
      return;
    }
    Named queue = resources.queue().get();
    Optional<Named> deadLetter = resources.deadLetterQueue();
    QueueStatus status = new QueueStatus();
    boolean ready =
        outcome.attempt(
            QUEUE_READY,
            sync,
            () -> {
              deadLetter.ifPresent(
                  dlq -> {
                    String url =
                        ensure(
                            sync,
                            aws.deadLetterQueues(),
                            dlq,
                            QueueAttributes.deadLetterQueue(spec, queue.arn()),
                            recorded.map(QueueStatus::getDeadLetterUrl));
                    status.setDeadLetterUrl(url);
                    status.setDeadLetterArn(dlq.arn());
                  });
              String url =
                  ensure(
                      sync,
                      aws.queues(),
                      queue,
                      QueueAttributes.queue(spec, deadLetter.map(Named::arn)),
                      recorded.map(QueueStatus::getUrl));
              status.setUrl(url);
              status.setArn(queue.arn());
              Optional<String> formerDeadLetter = recorded.map(QueueStatus::getDeadLetterUrl);
              if (deadLetter.isEmpty() && formerDeadLetter.isPresent()) {
                deleteQueue(sync, aws.deadLetterQueues(), formerDeadLetter.get());
              }
            });
    QueueStatus known = ready ? status : recorded.orElse(null);
    // On a failure, the last known values: a transient failure never rolls pods without them.
    if (ready) {
      outcome.condition(QUEUE_READY, true, "Ready", "queue " + queue.name() + " ready");
    }
    if (known != null) {
      outcome.queue = Optional.of(known);
      outcome.putEnv(EnvNames.QUEUE_URL, known.getUrl());
      outcome.putEnv(EnvNames.QUEUE_ARN, known.getArn());
      outcome.putEnv(EnvNames.DLQ_URL, known.getDeadLetterUrl());
    }
  }

  /** The queue brought to {@code desired}; its URL, not known before a planned creation. */
  private static String ensure(
      AwsSync sync,
      AwsAdapters.QueueAdapter queues,
      Named queue,
      Map<String, String> desired,
      Optional<String> recordedUrl) {
    QueueResource.Key key = new QueueResource.Key(queue.name(), recordedUrl);
    AwsSync.Synced<ObservedQueue> synced =
        sync.ensure(
            queues,
            key,
            queue.name(),
            desired,
            (d, observed) -> AttributeChanges.ofQueue(d, observed.attributes()),
            key.knownUrl().isPresent());
    return synced.planned() ? Plans.KNOWN_AFTER_APPLY : synced.resource().url();
  }

  private void removeQueues(QueueStatus recorded, AwsSync sync) {
    if (recorded.getUrl() != null) {
      deleteQueue(sync, aws.queues(), recorded.getUrl());
    }
    if (recorded.getDeadLetterUrl() != null) {
      deleteQueue(sync, aws.deadLetterQueues(), recorded.getDeadLetterUrl());
    }
  }

  private static void deleteQueue(AwsSync sync, AwsAdapters.QueueAdapter queues, String url) {
    ObservedQueue recorded = new ObservedQueue(url, Map.of());
    sync.deleteRecorded(
        queues,
        new QueueResource.Key(recorded.name(), Optional.of(url)),
        recorded.name(),
        recorded);
  }

  // --- topics ------------------------------------------------------------------------------------

  private void topics(
      Microservice ms, ServiceResources resources, AwsSync sync, AwsOutcome outcome) {
    Map<String, TopicStatus> recorded = new LinkedHashMap<>();
    recordedTopics(ms).forEach(t -> recorded.put(t.getArn(), t));
    String failedAt = null;
    RuntimeException failure = null;
    for (ServiceResources.Topic topic : resources.topics()) {
      try {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (topic.fifo()) {
          attributes.put("FifoTopic", "true");
        }
        String owner = aws.accountId().get();
        TopicPolicy.document(topic.arn(), otherAccounts(ms, topic.specName(), owner))
            .ifPresent(policy -> attributes.put(TopicPolicy.POLICY, policy));
        sync.ensure(
            aws.topics(),
            new TopicResource.Key(topic.name(), topic.arn()),
            topic.name(),
            attributes,
            (desired, observed) ->
                TopicPolicy.changes(
                    topic.arn(),
                    owner,
                    Optional.ofNullable(desired.get(TopicPolicy.POLICY)),
                    observed),
            recorded.containsKey(topic.arn()));
        outcome.topics.add(new TopicStatus(topic.specName(), topic.arn()));
        outcome.env.put(EnvNames.topicArn(topic.specName()), topic.arn());
      } catch (RuntimeException e) {
        failedAt = failedAt == null ? sync.current() : failedAt;
        failure = failure == null ? e : failure;
        outcome.retrySoon |= AwsPartFailure.retrySoon(e);
        Optional.ofNullable(recorded.get(topic.arn()))
            .ifPresent(
                t -> {
                  outcome.topics.add(t);
                  outcome.env.put(EnvNames.topicArn(topic.specName()), topic.arn());
                });
      }
    }
    Set<String> wanted =
        resources.topics().stream().map(ServiceResources.Topic::arn).collect(Collectors.toSet());
    for (TopicStatus old : recorded.values()) {
      if (wanted.contains(old.getArn())) {
        continue;
      }
      try {
        sync.deleteRecorded(
            aws.topics(),
            new TopicResource.Key(old.getName(), old.getArn()),
            old.getName(),
            Map.of());
      } catch (RuntimeException e) {
        failedAt = failedAt == null ? sync.current() + " (removal)" : failedAt;
        failure = failure == null ? e : failure;
        outcome.retrySoon |= AwsPartFailure.retrySoon(e);
        outcome.topics.add(old);
      }
    }
    if (failure != null) {
      outcome.conditions.add(AwsPartFailure.of(TOPICS_READY, failedAt, failure));
    } else if (resources.topics().isEmpty()) {
      outcome.condition(TOPICS_READY, true, "NotRequested", "spec.publishes is empty");
    } else {
      outcome.condition(TOPICS_READY, true, "Ready", outcome.topics.size() + " topic(s) ready");
    }
  }

  /**
   * The accounts other than this one that the namespaces in a topic's {@code
   * subscribers.namespaces} act in: their operator role may subscribe the operator's queues there.
   */
  private List<TopicPolicy.Subscriber> otherAccounts(
      Microservice ms, String topicName, String ownAccount) {
    return ms.getSpec().getPublishes().stream()
        .filter(t -> t.getName().equals(topicName) && t.getSubscribers() != null)
        .flatMap(t -> t.getSubscribers().getNamespaces().stream())
        .map(roleOfNamespace)
        .flatMap(Optional::stream)
        .distinct()
        .map(
            role ->
                new TopicPolicy.Subscriber(
                    role, "arn:aws:sqs:*:" + role.split(":")[4] + ":" + config.namePrefix() + "-*"))
        .filter(s -> !s.accountId().equals(ownAccount))
        .toList();
  }

  // --- deletion ----------------------------------------------------------------------------------

  /**
   * Deletes what the Microservice owns, in reverse dependency order: topics, the queue, its
   * dead-letter queue, then the identity. What the status recorded is ours; what the current spec
   * names but the status does not yet show (a service deleted before its first status write) is
   * deleted only when tagged as this object's. With {@code deletionPolicy: Retain} the topics and
   * queues are kept instead, their {@code msa.dev/uid} tag removed ({@link AwsSync#releaseIfOurs}).
   */
  List<Change> delete(Microservice ms) {
    lastCompared.forget(ms);
    return delete(ms, false);
  }

  /** What {@link #delete} would delete now, deleting nothing. */
  List<Change> planDeletion(Microservice ms) {
    return delete(ms, true);
  }

  private List<Change> delete(Microservice ms, boolean planning) {
    List<Change> deleted = new ArrayList<>();
    ServiceResources resources = ServiceResources.of(ms, names, arns());
    AwsSync sync = new AwsSync(config.clusterName(), ms, deleted, planning);
    Removal removal =
        ms.getSpec().getDeletionPolicy() == DeletionPolicy.Retain
            ? sync::releaseIfOurs
            : sync::deleteIfOurs;
    Map<String, Boolean> topicArns = new LinkedHashMap<>();
    recordedTopics(ms).forEach(t -> topicArns.put(t.getArn(), true));
    resources.topics().forEach(t -> topicArns.putIfAbsent(t.arn(), false));
    topicArns.forEach(
        (arn, known) -> {
          String name = arn.substring(arn.lastIndexOf(':') + 1);
          removal.apply(aws.topics(), new TopicResource.Key(name, arn), name, known);
        });
    Optional<QueueStatus> recorded = recordedQueue(ms);
    removeQueueIfOurs(removal, aws.queues(), resources.queue(), recorded.map(QueueStatus::getUrl));
    removeQueueIfOurs(
        removal,
        aws.deadLetterQueues(),
        resources.deadLetterQueue(),
        recorded.map(QueueStatus::getDeadLetterUrl));
    identity.delete(ms, resources, recordedRoleArn(ms).isPresent(), sync);
    return deleted;
  }

  /** {@link AwsSync#deleteIfOurs} or {@link AwsSync#releaseIfOurs}, as the policy says. */
  @FunctionalInterface
  private interface Removal {
    <K, O> boolean apply(AwsResource<K, ?, O, ?> resource, K key, String name, boolean recorded);
  }

  private static void removeQueueIfOurs(
      Removal removal,
      AwsAdapters.QueueAdapter queues,
      Optional<Named> current,
      Optional<String> url) {
    Optional<String> recordedName = url.map(u -> new ObservedQueue(u, Map.of()).name());
    recordedName.ifPresent(
        name -> removal.apply(queues, new QueueResource.Key(name, url), name, true));
    current
        .filter(q -> !recordedName.equals(Optional.of(q.name())))
        .ifPresent(
            q ->
                removal.apply(
                    queues, new QueueResource.Key(q.name(), Optional.empty()), q.name(), false));
  }

  // --- what the last status recorded (ours, since the operator wrote it) -------------------------

  private static Optional<QueueStatus> recordedQueue(Microservice ms) {
    return Optional.ofNullable(ms.getStatus()).map(MicroserviceStatus::getQueue);
  }

  private static List<TopicStatus> recordedTopics(Microservice ms) {
    return ms.getStatus() == null || ms.getStatus().getTopics() == null
        ? List.of()
        : ms.getStatus().getTopics();
  }

  static Optional<String> recordedRoleArn(Microservice ms) {
    return Optional.ofNullable(ms.getStatus()).map(MicroserviceStatus::getRoleArn);
  }
}
