package dev.msa.operator.reconciler;

import dev.msa.operator.api.CallRef;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.model.DesiredNetworkPolicy.Caller;
import dev.msa.operator.model.ResolvedCall;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Microservices as seen by other Microservices through {@code calls}: a caller needs its callee's
 * port for the URL, a callee needs its callers for its NetworkPolicy. A change of either side's
 * spec re-reconciles the other. An index on the Microservice controller's own cache ({@link
 * MicroserviceIndex}), not an informer of its own.
 */
final class Peers implements ResourceEventAware<Microservice> {
  private static final String CALLEES_INDEX = "callees";

  private final MicroserviceIndex index;
  private final MicroserviceIndex.Relay relay;

  private Peers(MicroserviceIndex index, MicroserviceIndex.Relay relay) {
    this.index = index;
    this.relay = relay;
  }

  static Peers create(EventSourceContext<Microservice> context, MicroserviceIndex index) {
    Peers peers = new Peers(index, index.attach(context));
    index.addIndexers(Map.of(CALLEES_INDEX, Peers::calleeKeys));
    index.listen(peers);
    return peers;
  }

  /** The event source to register in the Microservice controller. */
  MicroserviceIndex.Relay eventSource() {
    return relay;
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
    related(changed).forEach(relay::propagateEvent);
  }

  /** The callees that exist and have a port, and the entries that could not be resolved. */
  Resolution resolve(Microservice caller) {
    List<ResolvedCall> resolved = new ArrayList<>();
    List<String> unresolved = new ArrayList<>();
    for (CallRef call : caller.getSpec().getCalls()) {
      String namespace = namespaceOf(caller, call);
      Optional<Microservice> callee = index.get(namespace, call.getName());
      if (callee.isEmpty()) {
        unresolved.add(namespace + "/" + call.getName() + " does not exist");
      } else if (callee.get().getSpec().getPort() == null) {
        unresolved.add(namespace + "/" + call.getName() + " has no port");
      } else {
        resolved.add(new ResolvedCall(call.getName(), namespace, callee.get().getSpec().getPort()));
      }
    }
    return new Resolution(resolved, unresolved);
  }

  List<Caller> callers(Microservice callee) {
    return index
        .byIndex(CALLEES_INDEX, key(namespace(callee), callee.getMetadata().getName()))
        .stream()
        .map(c -> new Caller(namespace(c), c.getMetadata().getName()))
        .sorted()
        .toList();
  }

  private Set<ResourceID> related(Microservice changed) {
    Set<ResourceID> related = new HashSet<>();
    for (CallRef call : changed.getSpec().getCalls()) {
      related.add(new ResourceID(call.getName(), namespaceOf(changed, call)));
    }
    for (Caller caller : callers(changed)) {
      related.add(new ResourceID(caller.name(), caller.namespace()));
    }
    return related;
  }

  private static List<String> calleeKeys(Microservice caller) {
    if (caller.getSpec() == null) {
      return List.of();
    }
    return caller.getSpec().getCalls().stream()
        .map(call -> key(namespaceOf(caller, call), call.getName()))
        .toList();
  }

  private static String namespaceOf(Microservice caller, CallRef call) {
    return call.getNamespace() == null ? namespace(caller) : call.getNamespace();
  }

  private static String namespace(Microservice microservice) {
    return microservice.getMetadata().getNamespace();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  record Resolution(List<ResolvedCall> resolved, List<String> unresolved) {}
}
