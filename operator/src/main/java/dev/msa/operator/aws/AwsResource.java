package dev.msa.operator.aws;

import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.AwsUpdate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of AWS resource, reached by a key the operator computes (a deterministic name or ARN):
 * read it, create it with its tags, send it a delta the model computed, delete it, read its tags.
 * The shape of ACK's ReadOne/Create/Update/Delete and java-operator-sdk's Creator/Updater/Deleter.
 * An adapter makes no decisions: whether to create, what to change and whose a resource is are the
 * caller's (reconciler.AwsSync, from the model's deltas); how AWS fails is {@link AwsErrors}'.
 *
 * @param <K> how the resource is found
 * @param <D> what it should be
 * @param <O> what it is, as AWS reports it
 * @param <U> a difference between the two, as the model computes it
 */
public interface AwsResource<K, D, O, U extends AwsUpdate> {
  AwsPart part();

  /** The resource as it is now, or empty when it does not exist. */
  Optional<O> read(K key);

  /**
   * Creates it with {@code tags}; empty when the name turned out to be taken (read it then), for
   * the resources whose create says so instead of failing.
   */
  Optional<O> create(K key, D desired, Map<String, String> tags);

  /** Sends {@code update}; returns the resource as it is afterwards. */
  O update(K key, O observed, U update);

  /** Deletes it, with whatever AWS requires to go first (a role's policies, a rule's targets). */
  void delete(K key, O observed);

  /** Whether AWS tags it: only then are its tags compared and put back. */
  default boolean taggable() {
    return false;
  }

  /** Its tags; empty for the resources AWS cannot tag. */
  Map<String, String> tags(K key, O observed);

  /**
   * Adds or overwrites {@code tags} (the others stay): to adopt it, or to put tags back. Every
   * {@link #taggable} part implements it, and AwsSync calls it for those only: the default is a
   * guard against a programming error, not a missing feature.
   */
  default void retag(K key, O observed, Map<String, String> tags) {
    throw new UnsupportedOperationException(part().display() + " cannot be adopted");
  }

  /**
   * Removes the tags of {@code keys}: to release it, kept, on deletion (Retain). Retain keeps a
   * Microservice's queues and topics only, which implement it; MicroserviceAws releases no other
   * part, so the default is a guard against a programming error, not a missing feature.
   */
  default void untag(K key, O observed, List<String> keys) {
    throw new UnsupportedOperationException(part().display() + " cannot be retained");
  }
}
