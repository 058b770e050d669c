package dev.msa.operator.reconciler;

import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.EventSubscriptionStatus;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.MicroserviceStatus;
import dev.msa.operator.api.QueueStatus;
import dev.msa.operator.api.TopicRef;
import dev.msa.operator.model.AwsArns;
import dev.msa.operator.model.AwsNames;
import dev.msa.operator.model.SubscriptionPlan;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What EventSubscriptions refer to: the subscriber and publisher Microservices (the one shared
 * cache, {@link MicroserviceIndex}, whose changes re-reconcile the subscriptions naming them, so a
 * subscription becomes Ready by itself once what it waits for exists), and the other subscriptions
 * of the same subscriber (an index on the primary cache: its queue policy is their union).
 */
final class SubscriptionReferences implements ResourceEventAware<Microservice> {
  private static final String BY_SUBSCRIBER = "bySubscriber";
  private static final String BY_PUBLISHER = "byPublisher";

  private final IndexerResourceCache<EventSubscription> subscriptions;
  private final MicroserviceIndex microservices;
  private final SimpleInboundEventSource<EventSubscription> changes =
      new SimpleInboundEventSource<>("subscription-microservices");
  private final SimpleInboundEventSource<EventSubscription> wakeUps =
      new SimpleInboundEventSource<>("subscription-wake-ups");

  private SubscriptionReferences(
      IndexerResourceCache<EventSubscription> subscriptions, MicroserviceIndex microservices) {
    this.subscriptions = subscriptions;
    this.microservices = microservices;
  }

  static SubscriptionReferences create(
      EventSourceContext<EventSubscription> context, MicroserviceIndex index) {
    IndexerResourceCache<EventSubscription> cache = context.getPrimaryCache();
    cache.addIndexers(
        Map.of(
            BY_SUBSCRIBER, SubscriptionReferences::subscriberKeys,
            BY_PUBLISHER, SubscriptionReferences::publisherKeys));
    SubscriptionReferences references = new SubscriptionReferences(cache, index);
    index.listen(references);
    return references;
  }

  /** Re-reconciles the subscriptions naming a Microservice that changed in what they read. */
  SimpleInboundEventSource<EventSubscription> microserviceChanges() {
    return changes;
  }

  /** Whether the Microservices are all known yet (else a subscriber would seem missing). */
  boolean synced() {
    return microservices.synced();
  }

  @Override
  public void onResourceCreated(Microservice added) {
    reconcileRelated(added);
  }

  @Override
  public void onResourceUpdated(Microservice newer, Microservice older) {
    if (matters(newer, older)) {
      reconcileRelated(newer);
    }
  }

  @Override
  public void onResourceDeleted(Microservice deleted) {
    reconcileRelated(deleted);
  }

  private void reconcileRelated(Microservice changed) {
    related(subscriptions, changed).forEach(changes::propagateEvent);
  }

  SimpleInboundEventSource<EventSubscription> wakeUps() {
    return wakeUps;
  }

  /** What the subscription needs, resolved against the Microservices as the informer has them. */
  SubscriptionPlan plan(EventSubscription subscription, AwsNames names, AwsArns arns) {
    String namespace = subscription.getMetadata().getNamespace();
    Optional<Microservice> subscriber =
        microservice(namespace, subscription.getSpec().getSubscriber());
    TopicRef topic = subscription.getSpec().getSource().getTopic();
    Optional<Microservice> publisher =
        topic == null
            ? Optional.empty()
            : microservice(
                SubscriptionPlan.publisherNamespace(subscription, topic), topic.getMicroservice());
    return SubscriptionPlan.resolve(subscription, subscriber, publisher, names, arns);
  }

  /**
   * Whether the subscription can only wait: nothing of it is on AWS (its status records no SNS
   * subscription and no rule) and its subscriber has no queue yet. Its reconcile then makes no AWS
   * call; it says what it waits for.
   */
  boolean waitsForItsQueue(EventSubscription subscription) {
    EventSubscriptionStatus status = subscription.getStatus();
    boolean nothingOnAws =
        status == null || (status.getSubscriptionArn() == null && status.getRuleArn() == null);
    return nothingOnAws
        && SubscriptionPlan.subscriberQueue(
                subscription,
                microservice(
                    subscription.getMetadata().getNamespace(),
                    subscription.getSpec().getSubscriber()))
            .isEmpty();
  }

  /** The subscriptions, this one included, whose subscriber is this Microservice. */
  List<EventSubscription> ofSubscriber(String namespace, String subscriber) {
    return subscriptions.byIndex(BY_SUBSCRIBER, key(namespace, subscriber));
  }

  /** The Microservice of this namespace whose queue has this ARN (a former subscriber). */
  Optional<Microservice> withQueue(String namespace, String queueArn) {
    return microservices.list(namespace).filter(ms -> queueArn.equals(queueArn(ms))).findFirst();
  }

  /** Re-reconciles the subscription soon, e.g. when it may take over what another gave up. */
  void wakeUp(EventSubscription subscription) {
    wakeUps.propagateEvent(ResourceID.fromResource(subscription));
  }

  private Optional<Microservice> microservice(String namespace, String name) {
    return microservices.get(namespace, name);
  }

  private static Set<ResourceID> related(
      IndexerResourceCache<EventSubscription> cache, Microservice changed) {
    String key = key(changed.getMetadata().getNamespace(), changed.getMetadata().getName());
    Set<ResourceID> related = new HashSet<>();
    for (String index : List.of(BY_SUBSCRIBER, BY_PUBLISHER)) {
      cache.byIndex(index, key).forEach(s -> related.add(ResourceID.fromResource(s)));
    }
    return related;
  }

  /**
   * Only what subscriptions read: the spec (queue, publishes and their allow-lists), the queue and
   * topics in status, and the start of a deletion.
   */
  private static boolean matters(Microservice newer, Microservice older) {
    return !Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration())
        || !Objects.equals(
            newer.getMetadata().getDeletionTimestamp(), older.getMetadata().getDeletionTimestamp())
        || !Objects.equals(queueArn(newer), queueArn(older))
        || !Objects.equals(queueUrl(newer), queueUrl(older))
        || !Objects.equals(topics(newer), topics(older));
  }

  private static List<String> subscriberKeys(EventSubscription subscription) {
    return subscription.getSpec() == null || subscription.getSpec().getSubscriber() == null
        ? List.of()
        : List.of(
            key(subscription.getMetadata().getNamespace(), subscription.getSpec().getSubscriber()));
  }

  private static List<String> publisherKeys(EventSubscription subscription) {
    if (subscription.getSpec() == null || subscription.getSpec().getSource() == null) {
      return List.of();
    }
    TopicRef topic = subscription.getSpec().getSource().getTopic();
    return topic == null
        ? List.of()
        : List.of(
            key(SubscriptionPlan.publisherNamespace(subscription, topic), topic.getMicroservice()));
  }

  private static String queueArn(Microservice ms) {
    return queue(ms).map(QueueStatus::getArn).orElse(null);
  }

  private static String queueUrl(Microservice ms) {
    return queue(ms).map(QueueStatus::getUrl).orElse(null);
  }

  private static Optional<QueueStatus> queue(Microservice ms) {
    return Optional.ofNullable(ms.getStatus()).map(MicroserviceStatus::getQueue);
  }

  private static String topics(Microservice ms) {
    return Optional.ofNullable(ms.getStatus())
        .map(MicroserviceStatus::getTopics)
        .orElse(List.of())
        .stream()
        .map(t -> t.getName() + "=" + t.getArn())
        .collect(Collectors.joining(","));
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
