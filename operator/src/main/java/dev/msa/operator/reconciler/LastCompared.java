package dev.msa.operator.reconciler;

import dev.msa.operator.model.AwsPart;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For each part of each object, the desired state the last reconcile compared AWS with, and the
 * fields the spec changed that are not on AWS yet. With it a field that differs from the spec is
 * told apart: the spec changed it (apply it, whatever the driftPolicy says) or AWS did (drift).
 * Kept in memory by the reconciler of one kind; a restarted operator starts without it.
 */
final class LastCompared {
  /**
   * @param desired what the part was compared with
   * @param pending fields the spec changed that still differ on AWS: applied until they match
   */
  record Entry(Object desired, Set<String> pending) {
    Entry {
      pending = Set.copyOf(pending);
    }
  }

  private final Map<String, Map<String, Entry>> byUid = new ConcurrentHashMap<>();

  Optional<Entry> get(HasMetadata owner, AwsPart part, String name) {
    return Optional.ofNullable(byUid.get(uid(owner))).map(parts -> parts.get(key(part, name)));
  }

  void put(HasMetadata owner, AwsPart part, String name, Entry entry) {
    byUid.computeIfAbsent(uid(owner), u -> new ConcurrentHashMap<>()).put(key(part, name), entry);
  }

  void forget(HasMetadata owner) {
    byUid.remove(uid(owner));
  }

  private static String uid(HasMetadata owner) {
    return owner.getMetadata().getUid();
  }

  private static String key(AwsPart part, String name) {
    return part.name() + "/" + name;
  }
}
