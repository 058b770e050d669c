package dev.msa.operator.model;

import dev.msa.operator.api.EventBusSource;
import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.PublishedTopic;
import dev.msa.operator.api.QueueStatus;
import dev.msa.operator.api.TopicRef;
import dev.msa.operator.api.TopicStatus;
import dev.msa.operator.model.QueuePolicy.Grant;
import dev.msa.operator.model.QueuePolicy.Sender;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an EventSubscription needs, resolved against the Microservices it names: the subscriber's
 * queue, the source (a topic or an EventBridge rule) and the queue-policy grant between them — or
 * what blocks it. Pure: the caller looks the Microservices up, so every rule (the cross-namespace
 * allow-list, FIFO compatibility, what is missing) is unit-tested without a server.
 */
public record SubscriptionPlan(
    Optional<SubscriberQueue> queue, Optional<Source> source, List<Blocked> blocked) {
  public static final String SUBSCRIBER_READY = "SubscriberReady";
  public static final String SOURCE_READY = "SourceReady";
  public static final String NOT_ALLOWED = "SubscriptionNotAllowed";
  public static final String SUBSCRIBER_NOT_FOUND = "SubscriberNotFound";
  public static final String SUBSCRIBER_DELETED = "SubscriberDeleted";
  public static final String SUBSCRIBER_HAS_NO_QUEUE = "SubscriberHasNoQueue";
  public static final String QUEUE_NOT_READY = "QueueNotReady";
  public static final String PUBLISHER_NOT_FOUND = "PublisherNotFound";
  public static final String TOPIC_NOT_PUBLISHED = "TopicNotPublished";
  public static final String TOPIC_NOT_READY = "TopicNotReady";
  public static final String FIFO_MISMATCH = "FifoMismatch";
  public static final String DEDUPLICATION_REQUIRED = "ContentBasedDeduplicationRequired";
  public static final String DEFAULT_BUS = "default";

  /** The subscriber's queue, as its Microservice's status reports it. */
  public record SubscriberQueue(String microservice, String url, String arn) {
    public boolean fifo() {
      return arn.endsWith(AwsNames.FIFO);
    }

    public String name() {
      return arn.substring(arn.lastIndexOf(':') + 1);
    }
  }

  /** Where the events come from. */
  public sealed interface Source {
    String arn();

    Grant grant();

    String describe();
  }

  /** An SNS topic: a Microservice's published topic or an external one. */
  public record TopicSource(String arn, boolean fifo, String describe) implements Source {
    @Override
    public Grant grant() {
      return new Grant(Sender.SNS, arn);
    }
  }

  /** An EventBridge rule of this subscription on a bus. */
  public record RuleSource(String bus, String ruleName, String arn, String pattern)
      implements Source {
    @Override
    public Grant grant() {
      return new Grant(Sender.EVENTBRIDGE, arn);
    }

    @Override
    public String describe() {
      return "EventBridge rule " + ruleName + " on bus " + bus;
    }
  }

  /**
   * Why a part is not ready: the condition it fails, the reason and a message saying what to do.
   */
  public record Blocked(String conditionType, String reason, String message) {}

  /** Nothing blocks: the subscription can exist on AWS. */
  public boolean ready() {
    return blocked.isEmpty() && queue.isPresent() && source.isPresent();
  }

  /** The statement this subscription contributes to its subscriber's queue policy, when ready. */
  public Optional<Grant> grant() {
    return ready() ? source.map(Source::grant) : Optional.empty();
  }

  public Optional<Blocked> blockedOn(String conditionType) {
    return blocked.stream().filter(b -> b.conditionType().equals(conditionType)).findFirst();
  }

  /**
   * @param subscriber the Microservice named by spec.subscriber, if it exists
   * @param publisher the Microservice named by spec.source.topic, if that is the source and it
   *     exists
   */
  public static SubscriptionPlan resolve(
      EventSubscription subscription,
      Optional<Microservice> subscriber,
      Optional<Microservice> publisher,
      AwsNames names,
      AwsArns arns) {
    List<Blocked> blocked = new ArrayList<>();
    Optional<SubscriberQueue> queue = subscriberQueue(subscription, subscriber, blocked);
    Optional<Source> source = source(subscription, publisher, names, arns, blocked);
    if (queue.isPresent() && source.orElse(null) instanceof TopicSource topic) {
      fifoMismatch(topic, queue.get()).ifPresent(blocked::add);
    }
    if (queue.isPresent() && source.orElse(null) instanceof RuleSource rule) {
      deduplicationMissing(rule, queue.get(), subscriber.get()).ifPresent(blocked::add);
    }
    return new SubscriptionPlan(queue, source, List.copyOf(blocked));
  }

  /**
   * The only reference that crosses namespaces: a topic may be followed from its own namespace, or
   * from one its {@code subscribers.namespaces} lists.
   */
  public static boolean subscriptionAllowed(
      String publisherNamespace, PublishedTopic topic, String subscriberNamespace) {
    return publisherNamespace.equals(subscriberNamespace)
        || (topic.getSubscribers() != null
            && topic.getSubscribers().getNamespaces().contains(subscriberNamespace));
  }

  /** The namespace of the publisher a topic reference names: its own, or this one. */
  public static String publisherNamespace(EventSubscription subscription, TopicRef topic) {
    return topic.getNamespace() == null
        ? subscription.getMetadata().getNamespace()
        : topic.getNamespace();
  }

  /** The ARN EventBridge gives a rule: the bus appears in it unless it is the default bus. */
  public static String ruleArn(AwsArns arns, String bus, String ruleName) {
    return "arn:"
        + arns.partition()
        + ":events:"
        + arns.region()
        + ":"
        + arns.accountId()
        + ":rule/"
        + (DEFAULT_BUS.equals(bus) ? "" : bus + "/")
        + ruleName;
  }

  /** The subscriber's queue if its Microservice reports one, as {@link #resolve} finds it. */
  public static Optional<SubscriberQueue> subscriberQueue(
      EventSubscription subscription, Optional<Microservice> subscriber) {
    return subscriberQueue(subscription, subscriber, new ArrayList<>());
  }

  private static Optional<SubscriberQueue> subscriberQueue(
      EventSubscription subscription, Optional<Microservice> subscriber, List<Blocked> blocked) {
    String name =
        "Microservice "
            + subscription.getMetadata().getNamespace()
            + "/"
            + subscription.getSpec().getSubscriber();
    if (subscriber.isEmpty()) {
      blocked.add(
          new Blocked(
              SUBSCRIBER_READY,
              SUBSCRIBER_NOT_FOUND,
              name + " does not exist: create it with spec.queue and this subscription follows"));
      return Optional.empty();
    }
    Microservice ms = subscriber.get();
    if (ms.getMetadata().getDeletionTimestamp() != null) {
      blocked.add(
          new Blocked(
              SUBSCRIBER_READY,
              SUBSCRIBER_DELETED,
              name + " is being deleted: nothing is delivered to it"));
      return Optional.empty();
    }
    if (ms.getSpec().getQueue() == null) {
      blocked.add(
          new Blocked(
              SUBSCRIBER_READY,
              SUBSCRIBER_HAS_NO_QUEUE,
              name + " has no spec.queue: give it a queue to receive events"));
      return Optional.empty();
    }
    QueueStatus status = ms.getStatus() == null ? null : ms.getStatus().getQueue();
    if (status == null || status.getUrl() == null || status.getArn() == null) {
      blocked.add(
          new Blocked(
              SUBSCRIBER_READY,
              QUEUE_NOT_READY,
              name + " has no queue yet (status.queue): waiting for it"));
      return Optional.empty();
    }
    return Optional.of(
        new SubscriberQueue(ms.getMetadata().getName(), status.getUrl(), status.getArn()));
  }

  private static Optional<Source> source(
      EventSubscription subscription,
      Optional<Microservice> publisher,
      AwsNames names,
      AwsArns arns,
      List<Blocked> blocked) {
    var spec = subscription.getSpec().getSource();
    if (spec.getTopicArn() != null) {
      String arn = spec.getTopicArn();
      return Optional.of(new TopicSource(arn, arn.endsWith(AwsNames.FIFO), "SNS topic " + arn));
    }
    if (spec.getEventBus() != null) {
      EventBusSource bus = spec.getEventBus();
      String busName = bus.getName() == null ? DEFAULT_BUS : bus.getName();
      String ruleName =
          names.rule(
              subscription.getMetadata().getNamespace(), subscription.getMetadata().getName());
      return Optional.of(
          new RuleSource(
              busName,
              ruleName,
              ruleArn(arns, busName, ruleName),
              SubscriptionAttributes.eventPattern(bus.getPattern())));
    }
    return publishedTopic(subscription, spec.getTopic(), publisher, blocked);
  }

  private static Optional<Source> publishedTopic(
      EventSubscription subscription,
      TopicRef ref,
      Optional<Microservice> publisher,
      List<Blocked> blocked) {
    String namespace = publisherNamespace(subscription, ref);
    String name = "Microservice " + namespace + "/" + ref.getMicroservice();
    String topic = "topic " + ref.getName() + " of " + name;
    if (publisher.isEmpty() || publisher.get().getMetadata().getDeletionTimestamp() != null) {
      blocked.add(
          new Blocked(
              SOURCE_READY,
              PUBLISHER_NOT_FOUND,
              name
                  + (publisher.isEmpty() ? " does not exist" : " is being deleted")
                  + ": nothing is subscribed to "
                  + topic));
      return Optional.empty();
    }
    Optional<PublishedTopic> published =
        publisher.get().getSpec().getPublishes().stream()
            .filter(t -> t.getName().equals(ref.getName()))
            .findFirst();
    if (published.isEmpty()) {
      blocked.add(
          new Blocked(
              SOURCE_READY,
              TOPIC_NOT_PUBLISHED,
              name + " does not publish a topic named " + ref.getName() + " (spec.publishes)"));
      return Optional.empty();
    }
    String subscriberNamespace = subscription.getMetadata().getNamespace();
    if (!subscriptionAllowed(namespace, published.get(), subscriberNamespace)) {
      blocked.add(
          new Blocked(
              SOURCE_READY,
              NOT_ALLOWED,
              topic
                  + " does not list namespace "
                  + subscriberNamespace
                  + " in subscribers.namespaces: its owners must add it before this namespace"
                  + " may subscribe"));
      return Optional.empty();
    }
    Optional<String> arn =
        Optional.ofNullable(publisher.get().getStatus())
            .map(s -> s.getTopics())
            .orElse(List.of())
            .stream()
            .filter(t -> ref.getName().equals(t.getName()))
            .map(TopicStatus::getArn)
            .findFirst();
    if (arn.isEmpty()) {
      blocked.add(
          new Blocked(
              SOURCE_READY,
              TOPIC_NOT_READY,
              topic + " does not exist yet (status.topics): waiting for it"));
      return Optional.empty();
    }
    return Optional.of(
        new TopicSource(arn.get(), Boolean.TRUE.equals(published.get().getFifo()), "SNS " + topic));
  }

  /**
   * EventBridge sends no deduplication ID to a FIFO queue: SQS must derive one from the body, or it
   * refuses every event.
   */
  private static Optional<Blocked> deduplicationMissing(
      RuleSource rule, SubscriberQueue queue, Microservice subscriber) {
    if (!queue.fifo()
        || Boolean.TRUE.equals(subscriber.getSpec().getQueue().getContentBasedDeduplication())) {
      return Optional.empty();
    }
    return Optional.of(
        new Blocked(
            SOURCE_READY,
            DEDUPLICATION_REQUIRED,
            rule.describe()
                + " cannot deliver to the FIFO queue of "
                + queue.microservice()
                + ": EventBridge sends no MessageDeduplicationId; set"
                + " spec.queue.contentBasedDeduplication: true on Microservice "
                + queue.microservice()));
  }

  private static Optional<Blocked> fifoMismatch(TopicSource topic, SubscriberQueue queue) {
    if (topic.fifo() == queue.fifo()) {
      return Optional.empty();
    }
    String message =
        topic.fifo()
            ? "FIFO "
                + topic.describe()
                + " delivers only to FIFO queues, and the queue of "
                + queue.microservice()
                + " is standard"
            : "standard "
                + topic.describe()
                + " cannot deliver to the FIFO queue of "
                + queue.microservice()
                + ": subscribe to a FIFO topic";
    return Optional.of(new Blocked(SOURCE_READY, FIFO_MISMATCH, message));
  }
}
