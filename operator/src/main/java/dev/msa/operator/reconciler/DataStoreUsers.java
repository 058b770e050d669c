package dev.msa.operator.reconciler;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.DataStoreRef;
import dev.msa.operator.api.Microservice;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
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
 */
final class DataStoreUsers {
  private static final String USES_INDEX = "uses";
  private static final String BOUND_BY_INDEX = "boundBy";

  private final InformerEventSource<Microservice, DataStore> source;
  private final IndexerResourceCache<DataStore> dataStores;

  private DataStoreUsers(
      InformerEventSource<Microservice, DataStore> source, IndexerResourceCache<DataStore> cache) {
    this.source = source;
    this.dataStores = cache;
  }

  static DataStoreUsers create(EventSourceContext<DataStore> context) {
    IndexerResourceCache<DataStore> dataStores = context.getPrimaryCache();
    dataStores.addIndexer(BOUND_BY_INDEX, DataStoreUsers::boundByKeys);
    DataStoreUsers[] self = new DataStoreUsers[1];
    var configuration =
        InformerEventSourceConfiguration.from(Microservice.class, DataStore.class)
            .withName("datastore-users")
            .withNamespacesInheritedFromController()
            .withOnUpdateFilter(
                (newer, older) ->
                    !Objects.equals(
                        newer.getMetadata().getGeneration(), older.getMetadata().getGeneration()))
            .withSecondaryToPrimaryMapper(microservice -> self[0].related(microservice))
            .build();
    self[0] = new DataStoreUsers(new InformerEventSource<>(configuration, context), dataStores);
    self[0].source.addIndexers(Map.of(USES_INDEX, DataStoreUsers::usedKeys));
    return self[0];
  }

  InformerEventSource<Microservice, DataStore> eventSource() {
    return source;
  }

  /** Names of the Microservices of the DataStore's namespace that list it, sorted. */
  List<String> of(DataStore dataStore) {
    return source
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
