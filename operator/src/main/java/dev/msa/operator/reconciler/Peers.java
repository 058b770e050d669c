package dev.msa.operator.reconciler;

import dev.msa.operator.api.CallRef;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.model.DesiredNetworkPolicy.Caller;
import dev.msa.operator.model.ResolvedCall;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
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
 * spec re-reconciles the other.
 */
final class Peers {
  private static final String CALLEES_INDEX = "callees";

  private final InformerEventSource<Microservice, Microservice> source;

  private Peers(InformerEventSource<Microservice, Microservice> source) {
    this.source = source;
  }

  static Peers create(EventSourceContext<Microservice> context) {
    Peers[] self = new Peers[1];
    var configuration =
        InformerEventSourceConfiguration.from(Microservice.class, Microservice.class)
            .withName("peers")
            .withNamespacesInheritedFromController()
            .withOnUpdateFilter(
                (newer, older) ->
                    !Objects.equals(
                        newer.getMetadata().getGeneration(), older.getMetadata().getGeneration()))
            .withSecondaryToPrimaryMapper(changed -> self[0].related(changed))
            .build();
    self[0] = new Peers(new InformerEventSource<>(configuration, context));
    self[0].source.addIndexers(Map.of(CALLEES_INDEX, Peers::calleeKeys));
    return self[0];
  }

  InformerEventSource<Microservice, Microservice> eventSource() {
    return source;
  }

  /** The callees that exist and have a port, and the entries that could not be resolved. */
  Resolution resolve(Microservice caller) {
    List<ResolvedCall> resolved = new ArrayList<>();
    List<String> unresolved = new ArrayList<>();
    for (CallRef call : caller.getSpec().getCalls()) {
      String namespace = namespaceOf(caller, call);
      Optional<Microservice> callee = source.get(new ResourceID(call.getName(), namespace));
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
    return source
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
