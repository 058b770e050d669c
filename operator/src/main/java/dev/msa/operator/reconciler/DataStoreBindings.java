package dev.msa.operator.reconciler;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.DataStoreAccess;
import dev.msa.operator.api.DataStoreRef;
import dev.msa.operator.api.DataStoreStatus;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.model.EnvNames;
import dev.msa.operator.model.TableGrant;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A Microservice's {@code spec.dataStores}, resolved against an informer of DataStores: the
 * variables ({@code MSA_DATASTORE_<NAME>_TABLE}, {@code _ARN}) and policy grants for every listed
 * DataStore whose table exists, and the {@code DataStoresBound} condition, False with reason {@code
 * DataStoreNotReady} while one is missing or not Ready. A DataStore that becomes Ready (or changes
 * its table or stream) re-reconciles the Microservices that list it.
 */
final class DataStoreBindings {
  static final String DATA_STORES_BOUND = "DataStoresBound";
  static final String NOT_READY = "DataStoreNotReady";
  private static final String LISTED_INDEX = "dataStores";

  private final InformerEventSource<DataStore, Microservice> source;

  private DataStoreBindings(InformerEventSource<DataStore, Microservice> source) {
    this.source = source;
  }

  static DataStoreBindings create(EventSourceContext<Microservice> context) {
    IndexerResourceCache<Microservice> microservices = context.getPrimaryCache();
    microservices.addIndexer(LISTED_INDEX, DataStoreBindings::listedKeys);
    var configuration =
        InformerEventSourceConfiguration.from(DataStore.class, Microservice.class)
            .withName("datastores")
            .withNamespacesInheritedFromController()
            .withOnUpdateFilter((newer, older) -> !View.of(newer).equals(View.of(older)))
            .withSecondaryToPrimaryMapper(
                dataStore ->
                    microservices
                        .byIndex(
                            LISTED_INDEX,
                            key(
                                dataStore.getMetadata().getNamespace(),
                                dataStore.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return new DataStoreBindings(new InformerEventSource<>(configuration, context));
  }

  InformerEventSource<DataStore, Microservice> eventSource() {
    return source;
  }

  /**
   * The binding of every listed DataStore. Variables and grants follow the table (they stay while a
   * DataStore that has one is updated); the condition follows the DataStores' Ready.
   */
  Binding resolve(Microservice microservice) {
    String namespace = microservice.getMetadata().getNamespace();
    Map<String, String> env = new TreeMap<>();
    List<TableGrant> grants = new ArrayList<>();
    List<String> bound = new ArrayList<>();
    List<String> notReady = new ArrayList<>();
    for (DataStoreRef ref : microservice.getSpec().getDataStores()) {
      String name = ref.getName();
      DataStoreAccess access =
          ref.getAccess() == null ? DataStoreAccess.ReadWrite : ref.getAccess();
      Optional<DataStore> dataStore = source.get(new ResourceID(name, namespace));
      if (dataStore.isEmpty()) {
        notReady.add("DataStore " + name + " does not exist");
        continue;
      }
      DataStoreStatus status = dataStore.get().getStatus();
      if (status != null && status.getTableName() != null && status.getTableArn() != null) {
        env.put(EnvNames.dataStoreTable(name), status.getTableName());
        env.put(EnvNames.dataStoreArn(name), status.getTableArn());
        grants.add(
            new TableGrant(
                status.getTableArn(), Optional.ofNullable(status.getStreamArn()), access));
      }
      Optional<Condition> ready = readyOf(dataStore.get());
      if (ready.isPresent() && Conditions.isTrue(ready.get())) {
        bound.add(name + " (" + access + ")");
      } else {
        notReady.add(
            "DataStore "
                + name
                + " is not Ready"
                + ready.map(c -> " (" + c.getReason() + ": " + c.getMessage() + ")").orElse(""));
      }
    }
    return new Binding(env, grants, condition(microservice, bound, notReady));
  }

  private static Condition condition(
      Microservice microservice, List<String> bound, List<String> notReady) {
    if (microservice.getSpec().getDataStores().isEmpty()) {
      return Conditions.of(DATA_STORES_BOUND, true, "NotRequested", "spec.dataStores is empty");
    }
    if (notReady.isEmpty()) {
      return Conditions.of(
          DATA_STORES_BOUND, true, "Bound", "bound to DataStores " + String.join(", ", bound));
    }
    return Conditions.of(
        DATA_STORES_BOUND,
        false,
        NOT_READY,
        String.join("; ", notReady) + "; the service is bound once they are Ready");
  }

  private static Optional<Condition> readyOf(DataStore dataStore) {
    return Optional.ofNullable(dataStore.getStatus()).stream()
        .flatMap(s -> s.getConditions().stream())
        .filter(c -> Conditions.READY.equals(c.getType()))
        .findFirst();
  }

  private static List<String> listedKeys(Microservice microservice) {
    if (microservice.getSpec() == null || microservice.getSpec().getDataStores() == null) {
      return List.of();
    }
    return microservice.getSpec().getDataStores().stream()
        .map(ref -> key(microservice.getMetadata().getNamespace(), ref.getName()))
        .toList();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** What a Microservice takes from a DataStore; other changes do not concern it. */
  private record View(String ready, String reason, String table, String arn, String stream) {
    static View of(DataStore dataStore) {
      DataStoreStatus status = dataStore.getStatus();
      Optional<Condition> ready = readyOf(dataStore);
      return new View(
          ready.map(Condition::getStatus).orElse(null),
          ready.map(Condition::getReason).orElse(null),
          status == null ? null : status.getTableName(),
          status == null ? null : status.getTableArn(),
          status == null ? null : status.getStreamArn());
    }
  }

  /** The variables, the grants and the DataStoresBound condition of one Microservice. */
  record Binding(Map<String, String> env, List<TableGrant> grants, Condition condition) {}
}
