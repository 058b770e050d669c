package dev.msa.operator.reconciler;

import dev.msa.operator.api.Microservice;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The operator's one cache of Microservices: the Microservice controller's own informer. {@link
 * Peers}, {@link DataStoreUsers} and {@link SubscriptionReferences} add their indexes to it and
 * follow its events here, where each used to run an informer of its own (four copies of every
 * Microservice in the heap, docs/benchmarks.md "Heap"). The Microservice controller must be
 * registered first: its {@code prepareEventSources} attaches the cache.
 */
public final class MicroserviceIndex {
  /** How soon a reconcile that found the cache not yet synced comes back. */
  static final Duration UNTIL_SYNCED = Duration.ofSeconds(1);

  private final List<ResourceEventAware<Microservice>> listeners = new CopyOnWriteArrayList<>();
  private volatile IndexerResourceCache<Microservice> cache;

  /**
   * Takes the Microservice controller's cache; the returned event source (registered in that
   * controller) passes the cache's events on to the listeners.
   */
  Relay attach(EventSourceContext<Microservice> context) {
    cache = context.getPrimaryCache();
    return new Relay();
  }

  void addIndexers(Map<String, Function<Microservice, List<String>>> indexers) {
    cache().addIndexers(indexers);
  }

  /** Follows every add, update and delete of a Microservice, after the cache has it. */
  void listen(ResourceEventAware<Microservice> listener) {
    listeners.add(listener);
  }

  Optional<Microservice> get(String namespace, String name) {
    return cache().get(new ResourceID(name, namespace));
  }

  List<Microservice> byIndex(String index, String key) {
    return cache().byIndex(index, key);
  }

  Stream<Microservice> list(String namespace) {
    return cache().list(namespace);
  }

  /**
   * Whether the cache holds every Microservice: the other controllers start in parallel with the
   * Microservice controller, and must not take "not in the cache" for "does not exist" before.
   */
  boolean synced() {
    if (!(cache instanceof InformerWrappingEventSourceHealthIndicator<?> informers)) {
      return false;
    }
    Collection<InformerHealthIndicator> each = informers.informerHealthIndicators().values();
    return !each.isEmpty() && each.stream().allMatch(InformerHealthIndicator::hasSynced);
  }

  private IndexerResourceCache<Microservice> cache() {
    if (cache == null) {
      throw new IllegalStateException("the Microservice controller is not registered yet");
    }
    return cache;
  }

  /**
   * Registered in the Microservice controller, which passes its primary events to every event
   * source that is {@link ResourceEventAware}; also the way {@link Peers} re-reconciles
   * Microservices ({@code propagateEvent}).
   */
  final class Relay extends SimpleInboundEventSource<Microservice>
      implements ResourceEventAware<Microservice> {
    private Relay() {
      super("microservice-index");
    }

    @Override
    public void onResourceCreated(Microservice added) {
      listeners.forEach(l -> l.onResourceCreated(added));
    }

    @Override
    public void onResourceUpdated(Microservice newer, Microservice older) {
      listeners.forEach(l -> l.onResourceUpdated(newer, older));
    }

    @Override
    public void onResourceDeleted(Microservice deleted) {
      listeners.forEach(l -> l.onResourceDeleted(deleted));
    }
  }
}
