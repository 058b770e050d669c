package dev.msa.operator.flow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.msa.operator.api.EventSource;
import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.EventSubscriptionSpec;
import dev.msa.operator.api.FilterPolicyScope;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.ObservedStatus;
import dev.msa.operator.api.PublishedTopic;
import dev.msa.operator.api.QueueStatus;
import dev.msa.operator.api.TopicStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Who publishes what to whom, read from the declared objects: each Microservice with its queue,
 * each source of events (a topic a Microservice publishes, a topic named by ARN, an EventBridge
 * bus) and each EventSubscription as a delivery from a source into a subscriber's queue. Names and
 * ARNs come from the status where the operator has recorded them; what it has not is said.
 */
public record EventFlow(List<Service> services, List<Source> sources, List<Delivery> deliveries) {

  /**
   * A Microservice; {@code queue} is null when it has none, {@code declared} false when only named.
   */
  public record Service(String id, String label, String queue, boolean declared) {}

  /** Where events come from. */
  public record Source(String id, Kind kind, String label, String arn, String publisher) {}

  public enum Kind {
    /** A topic a Microservice in the picture publishes. */
    TOPIC,
    /** A topic named by ARN or by a Microservice that is not in the picture. */
    OTHER_TOPIC,
    EVENT_BUS
  }

  /** One EventSubscription: events from {@code source} into {@code subscriber}'s queue. */
  public record Delivery(
      String subscription, String source, String subscriber, String filter, String state) {
    public boolean ready() {
      return "Ready".equals(state);
    }
  }

  static final String NOT_CREATED = "(not created yet)";

  public static EventFlow of(List<Microservice> microservices, List<EventSubscription> subs) {
    Map<String, Service> services = new LinkedHashMap<>();
    Map<String, Source> sources = new LinkedHashMap<>();
    microservices.stream()
        .sorted(Comparator.comparing(EventFlow::id))
        .forEach(ms -> add(ms, services, sources));
    List<Delivery> deliveries = new ArrayList<>();
    subs.stream()
        .sorted(Comparator.comparing(EventFlow::id))
        .forEach(s -> deliveries.add(delivery(s, services, sources)));
    return withoutNamespace(
        new EventFlow(
            List.copyOf(services.values()), List.copyOf(sources.values()), List.copyOf(deliveries)),
        Stream.concat(microservices.stream(), subs.stream())
            .map(o -> o.getMetadata().getNamespace())
            .distinct()
            .toList());
  }

  /** Objects of one namespace are labelled by their names alone; ids keep the namespace. */
  private static EventFlow withoutNamespace(EventFlow flow, List<String> namespaces) {
    if (namespaces.size() != 1) {
      return flow;
    }
    String prefix = namespaces.get(0) + "/";
    UnaryOperator<String> strip = l -> l.startsWith(prefix) ? l.substring(prefix.length()) : l;
    return new EventFlow(
        flow.services.stream()
            .map(s -> new Service(s.id(), strip.apply(s.label()), s.queue(), s.declared()))
            .toList(),
        flow.sources.stream()
            .map(s -> new Source(s.id(), s.kind(), strip.apply(s.label()), s.arn(), s.publisher()))
            .toList(),
        flow.deliveries.stream()
            .map(
                d ->
                    new Delivery(
                        strip.apply(d.subscription()),
                        d.source(),
                        d.subscriber(),
                        d.filter(),
                        d.state()))
            .toList());
  }

  /** The services that publish to at least one source. */
  public List<Service> publishers() {
    return services.stream()
        .filter(s -> sources.stream().anyMatch(t -> s.id().equals(t.publisher())))
        .toList();
  }

  public Service service(String id) {
    return services.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  public Source source(String id) {
    return sources.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static void add(
      Microservice ms, Map<String, Service> services, Map<String, Source> sources) {
    String id = id(ms);
    String queue = null;
    if (ms.getSpec().getQueue() != null) {
      QueueStatus status = ms.getStatus() == null ? null : ms.getStatus().getQueue();
      queue =
          status == null || status.getArn() == null ? NOT_CREATED : lastSegment(status.getArn());
    }
    services.put(id, new Service(id, id, queue, true));
    for (PublishedTopic topic : ms.getSpec().getPublishes()) {
      String topicId =
          topicId(ms.getMetadata().getNamespace(), ms.getMetadata().getName(), topic.getName());
      sources.put(
          topicId,
          new Source(
              topicId, Kind.TOPIC, id + "/" + topic.getName(), topicArn(ms, topic.getName()), id));
    }
  }

  private static Delivery delivery(
      EventSubscription subscription, Map<String, Service> services, Map<String, Source> sources) {
    String namespace = subscription.getMetadata().getNamespace();
    EventSubscriptionSpec spec = subscription.getSpec();
    String subscriber = namespace + "/" + spec.getSubscriber();
    services.computeIfAbsent(subscriber, id -> new Service(id, id, NOT_CREATED, false));
    Source source = source(namespace, spec.getSource(), sources);
    return new Delivery(
        id(subscription), source.id(), subscriber, filter(spec), state(subscription.getStatus()));
  }

  private static Source source(String namespace, EventSource from, Map<String, Source> sources) {
    if (from.getEventBus() != null) {
      String bus = from.getEventBus().getName() == null ? "default" : from.getEventBus().getName();
      return sources.computeIfAbsent(
          "bus:" + bus, id -> new Source(id, Kind.EVENT_BUS, "EventBridge bus " + bus, null, null));
    }
    if (from.getTopicArn() != null) {
      String arn = from.getTopicArn();
      return sources.computeIfAbsent(
          "arn:" + arn, id -> new Source(id, Kind.OTHER_TOPIC, lastSegment(arn), arn, null));
    }
    String ns = Objects.requireNonNullElse(from.getTopic().getNamespace(), namespace);
    String id = topicId(ns, from.getTopic().getMicroservice(), from.getTopic().getName());
    return sources.computeIfAbsent(
        id,
        key ->
            new Source(
                key,
                Kind.OTHER_TOPIC,
                ns + "/" + from.getTopic().getMicroservice() + "/" + from.getTopic().getName(),
                null,
                null));
  }

  private static String filter(EventSubscriptionSpec spec) {
    if (spec.getSource().getEventBus() != null) {
      JsonNode pattern = spec.getSource().getEventBus().getPattern();
      return pattern == null ? "" : "pattern " + pattern;
    }
    if (spec.getFilterPolicy() == null
        || spec.getFilterPolicy().isNull()
        || spec.getFilterPolicy().isEmpty()) {
      return "";
    }
    String on = spec.getFilterPolicyScope() == FilterPolicyScope.MessageBody ? " on the body" : "";
    return "filter " + spec.getFilterPolicy() + on;
  }

  /** "Ready", or the reason Ready is not True, or that the operator has not reported yet. */
  static String state(ObservedStatus status) {
    if (status == null) {
      return "no status yet";
    }
    return status.getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst()
        .map(c -> "True".equals(c.getStatus()) ? "Ready" : "not Ready: " + reason(c))
        .orElse("no status yet");
  }

  private static String reason(Condition ready) {
    return ready.getReason() == null ? ready.getStatus() : ready.getReason();
  }

  private static String topicArn(Microservice ms, String topic) {
    if (ms.getStatus() == null) {
      return null;
    }
    return ms.getStatus().getTopics().stream()
        .filter(t -> topic.equals(t.getName()))
        .map(TopicStatus::getArn)
        .findFirst()
        .orElse(null);
  }

  private static String topicId(String namespace, String microservice, String topic) {
    return "topic:" + namespace + "/" + microservice + "/" + topic;
  }

  private static String id(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  private static String lastSegment(String arn) {
    return arn.substring(arn.lastIndexOf(':') + 1);
  }
}
