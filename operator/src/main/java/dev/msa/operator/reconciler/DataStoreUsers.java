package dev.msa.operator.reconciler;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.DataStoreRef;
import dev.msa.operator.api.Microservice;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Microservices that list a DataStore in {@code spec.dataStores}, as the DataStore sees them:
 * its {@code status.boundBy}, and what its deletion waits for. A Microservice that adds or drops a
 * reference, or goes away, re-reconciles the DataStores it lists and those that still record it in
 * {@code boundBy} (an update event carries only the new spec, which no longer names a dropped one).
 * The Microservices are those of the one shared cache ({@link MicroserviceIndex}).
 */
final class DataStoreUsers implements ResourceEventAware<Microservice> {
  private static final String USES_INDEX = "uses";
  private static final String BOUND_BY_INDEX = "boundBy";

  private final MicroserviceIndex microservices;
  private final IndexerResourceCache<DataStore> dataStores;
  private final SimpleInboundEventSource<DataStore> changes =
      new SimpleInboundEventSource<>("datastore-users");

  private DataStoreUsers(MicroserviceIndex microservices, IndexerResourceCache<DataStore> cache) {
    this.microservices = microservices;
    this.dataStores = cache;
  }

  static DataStoreUsers create(EventSourceContext<DataStore> context, MicroserviceIndex index) {
    IndexerResourceCache<DataStore> dataStores = context.getPrimaryCache();
    dataStores.addIndexer(BOUND_BY_INDEX, DataStoreUsers::boundByKeys);
    DataStoreUsers users = new DataStoreUsers(index, dataStores);
    index.addIndexers(Map.of(USES_INDEX, DataStoreUsers::usedKeys));
    index.listen(users);
    return users;
  }

  SimpleInboundEventSource<DataStore> eventSource() {
    return changes;
  }

  /** Whether the Microservices are all known yet (else a DataStore would seem unused). */
  boolean synced() {
    return microservices.synced();
  }

  @Override
  public void onResourceCreated(Microservice added) {
    reconcileRelated(added);
  }

  @Override
  public void onResourceUpdated(Microservice newer, Microservice older) {
    if (!Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration())) {
      reconcileRelated(newer);
    }
  }

  @Override
  public void onResourceDeleted(Microservice deleted) {
    reconcileRelated(deleted);
  }

  private void reconcileRelated(Microservice changed) {
    related(changed).forEach(changes::propagateEvent);
  }

  /** Names of the Microservices of the DataStore's namespace that list it, sorted. */
  List<String> of(DataStore dataStore) {
    return microservices
        .byIndex(
            USES_INDEX,
            key(dataStore.getMetadata().getNamespace(), dataStore.getMetadata().getName()))
        .stream()
        .map(m -> m.getMetadata().getName())
        .distinct()
        .sorted()
        .toList();
  }

  private Set<ResourceID> related(Microservice microservice) {
    String namespace = microservice.getMetadata().getNamespace();
    Set<ResourceID> related = new HashSet<>();
    for (DataStoreRef ref : microservice.getSpec().getDataStores()) {
      related.add(new ResourceID(ref.getName(), namespace));
    }
    dataStores
        .byIndex(BOUND_BY_INDEX, key(namespace, microservice.getMetadata().getName()))
        .forEach(d -> related.add(ResourceID.fromResource(d)));
    return related;
  }

  private static List<String> usedKeys(Microservice microservice) {
    if (microservice.getSpec() == null || microservice.getSpec().getDataStores() == null) {
      return List.of();
    }
    return microservice.getSpec().getDataStores().stream()
        .map(ref -> key(microservice.getMetadata().getNamespace(), ref.getName()))
        .toList();
  }

  private static List<String> boundByKeys(DataStore dataStore) {
    if (dataStore.getStatus() == null || dataStore.getStatus().getBoundBy() == null) {
      return List.of();
    }
    return dataStore.getStatus().getBoundBy().stream()
        .map(name -> key(dataStore.getMetadata().getNamespace(), name))
        .toList();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
