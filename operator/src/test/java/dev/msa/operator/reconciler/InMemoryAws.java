package dev.msa.operator.reconciler;

import dev.msa.operator.aws.AwsAdapters;
import dev.msa.operator.aws.AwsResource;
import dev.msa.operator.aws.PodIdentityResource;
import dev.msa.operator.aws.QueueResource;
import dev.msa.operator.aws.TopicResource;
import dev.msa.operator.model.AttributeChanges;
import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.AwsUpdate;
import dev.msa.operator.model.DesiredRole;
import dev.msa.operator.model.InlinePolicyUpdate;
import dev.msa.operator.model.ManagedPolicyUpdate;
import dev.msa.operator.model.ObservedQueue;
import dev.msa.operator.model.ObservedRole;
import dev.msa.operator.model.PodIdentityAssociation;
import dev.msa.operator.model.PodIdentityUpdate;
import dev.msa.operator.model.RoleUpdate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * In-memory AWS resources for the orchestration's unit tests: each keeps its resources and tags in
 * a map, logs every call ("create SQS queue q") and can be told to fail the next calls.
 */
final class InMemoryAws {
  static final String ACCOUNT = "123456789012";

  /** Every call of every resource, in order. */
  final List<String> calls = new ArrayList<>();

  final Queues queues = new Queues(AwsPart.SQS_QUEUE);
  final Queues deadLetterQueues = new Queues(AwsPart.DEAD_LETTER_QUEUE);
  final Topics topics = new Topics();
  final Roles roles = new Roles();
  final InlinePolicies inlinePolicies = new InlinePolicies();
  final ManagedPolicies managedPolicies = new ManagedPolicies();
  final PodIdentities podIdentities = new PodIdentities();

  AwsAdapters adapters() {
    return new AwsAdapters(
        () -> ACCOUNT,
        cluster -> Optional.of("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"),
        queues,
        deadLetterQueues,
        topics,
        roles,
        inlinePolicies,
        managedPolicies,
        podIdentities,
        null,
        null,
        null,
        null,
        null);
  }

  /** Calls of {@code verb} ("read", "create", "update", "delete", "tags"). */
  long count(String verb) {
    return calls.stream().filter(c -> c.startsWith(verb + " ")).count();
  }

  /** One kind of resource in a map, by a string id of its key. */
  abstract class Resource<K, D, O, U extends AwsUpdate> implements AwsResource<K, D, O, U> {
    final Map<String, O> objects = new LinkedHashMap<>();
    final Map<String, Map<String, String>> tags = new HashMap<>();
    private final AwsPart part;
    private Supplier<RuntimeException> failure;

    Resource(AwsPart part) {
      this.part = part;
    }

    abstract String id(K key);

    abstract O build(K key, D desired);

    abstract O apply(O observed, U update);

    /** Every later call fails with this until {@link #heal()}. */
    void failWith(Supplier<RuntimeException> failure) {
      this.failure = failure;
    }

    void heal() {
      failure = null;
    }

    @Override
    public AwsPart part() {
      return part;
    }

    @Override
    public Optional<O> read(K key) {
      call("read", key);
      return Optional.ofNullable(objects.get(id(key)));
    }

    @Override
    public Optional<O> create(K key, D desired, Map<String, String> tags) {
      call("create", key);
      O created = build(key, desired);
      objects.put(id(key), created);
      this.tags.put(id(key), Map.copyOf(tags));
      return Optional.of(created);
    }

    @Override
    public O update(K key, O observed, U update) {
      call("update", key);
      O updated = apply(observed, update);
      objects.put(id(key), updated);
      return updated;
    }

    @Override
    public void delete(K key, O observed) {
      call("delete", key);
      objects.remove(id(key));
      tags.remove(id(key));
    }

    @Override
    public Map<String, String> tags(K key, O observed) {
      call("tags", key);
      return tags.getOrDefault(id(key), Map.of());
    }

    @Override
    public void retag(K key, O observed, Map<String, String> tags) {
      call("retag", key);
      Map<String, String> merged = new HashMap<>(this.tags.getOrDefault(id(key), Map.of()));
      merged.putAll(tags);
      this.tags.put(id(key), Map.copyOf(merged));
    }

    @Override
    public void untag(K key, O observed, List<String> keys) {
      call("untag", key);
      Map<String, String> left = new HashMap<>(this.tags.getOrDefault(id(key), Map.of()));
      keys.forEach(left::remove);
      this.tags.put(id(key), Map.copyOf(left));
    }

    /** A resource someone else made, with these tags. */
    void existing(K key, O resource, Map<String, String> tags) {
      objects.put(id(key), resource);
      this.tags.put(id(key), Map.copyOf(tags));
    }

    private void call(String verb, K key) {
      calls.add(verb + " " + part.display() + " " + id(key));
      if (failure != null) {
        throw failure.get();
      }
    }
  }

  final class Queues
      extends Resource<QueueResource.Key, Map<String, String>, ObservedQueue, AttributeChanges>
      implements AwsAdapters.QueueAdapter {
    Queues(AwsPart part) {
      super(part);
    }

    @Override
    public boolean taggable() {
      return true;
    }

    @Override
    String id(QueueResource.Key key) {
      return key.name();
    }

    @Override
    ObservedQueue build(QueueResource.Key key, Map<String, String> desired) {
      return new ObservedQueue("https://sqs.local/" + ACCOUNT + "/" + key.name(), desired);
    }

    @Override
    ObservedQueue apply(ObservedQueue observed, AttributeChanges update) {
      Map<String, String> now = new HashMap<>(observed.attributes());
      now.putAll(update.changed());
      return new ObservedQueue(observed.url(), now);
    }
  }

  final class Topics
      extends Resource<TopicResource.Key, Map<String, String>, Map<String, String>, AwsUpdate>
      implements AwsAdapters.TopicAdapter {
    Topics() {
      super(AwsPart.SNS_TOPIC);
    }

    @Override
    public boolean taggable() {
      return true;
    }

    @Override
    String id(TopicResource.Key key) {
      return key.name();
    }

    @Override
    Map<String, String> build(TopicResource.Key key, Map<String, String> desired) {
      return desired;
    }

    @Override
    Map<String, String> apply(Map<String, String> observed, AwsUpdate update) {
      return observed;
    }
  }

  final class Roles extends Resource<String, DesiredRole, ObservedRole, RoleUpdate>
      implements AwsAdapters.RoleAdapter {
    Roles() {
      super(AwsPart.IAM_ROLE);
    }

    @Override
    public boolean taggable() {
      return true;
    }

    @Override
    String id(String key) {
      return key;
    }

    /** As IAM: a role whose name is taken is not created, and the answer says so. */
    @Override
    public Optional<ObservedRole> create(
        String name, DesiredRole desired, Map<String, String> tags) {
      if (objects.containsKey(name)) {
        calls.add("create " + part().display() + " " + name + " (taken)");
        return Optional.empty();
      }
      super.create(name, desired, tags);
      ObservedRole role = withTags(objects.get(name), tags);
      objects.put(name, role);
      return Optional.of(role);
    }

    @Override
    ObservedRole build(String name, DesiredRole desired) {
      return new ObservedRole(
          name,
          "arn:aws:iam::" + ACCOUNT + ":role/" + name,
          desired.trustPolicy(),
          desired.permissionsBoundaryArn(),
          Map.of());
    }

    @Override
    ObservedRole apply(ObservedRole observed, RoleUpdate update) {
      return new ObservedRole(
          observed.name(),
          observed.arn(),
          update.trustPolicy().orElse(observed.trustPolicy()),
          update.permissionsBoundary().orElse(observed.permissionsBoundaryArn()),
          observed.tags());
    }

    @Override
    public Map<String, String> tags(String key, ObservedRole observed) {
      return observed.tags(); // GetRole answers with them
    }

    @Override
    void existing(String name, ObservedRole role, Map<String, String> tags) {
      super.existing(name, withTags(role, tags), tags);
    }

    private static ObservedRole withTags(ObservedRole role, Map<String, String> tags) {
      return new ObservedRole(
          role.name(), role.arn(), role.trustPolicy(), role.permissionsBoundaryArn(), tags);
    }
  }

  final class InlinePolicies extends Resource<String, String, String, InlinePolicyUpdate>
      implements AwsAdapters.InlinePolicyAdapter {
    InlinePolicies() {
      super(AwsPart.IAM_INLINE_POLICY);
    }

    @Override
    String id(String key) {
      return key;
    }

    @Override
    String build(String key, String desired) {
      return desired;
    }

    @Override
    String apply(String observed, InlinePolicyUpdate update) {
      return update.document().orElse(null);
    }

    @Override
    public String update(String key, String observed, InlinePolicyUpdate update) {
      String now = super.update(key, observed, update);
      if (now == null) {
        objects.remove(key);
      }
      return now;
    }
  }

  final class ManagedPolicies
      extends Resource<String, Set<String>, Set<String>, ManagedPolicyUpdate>
      implements AwsAdapters.ManagedPolicyAdapter {
    ManagedPolicies() {
      super(AwsPart.IAM_MANAGED_POLICIES);
    }

    @Override
    String id(String key) {
      return key;
    }

    @Override
    public Optional<Set<String>> read(String key) {
      return Optional.of(super.read(key).orElse(Set.of()));
    }

    @Override
    Set<String> build(String key, Set<String> desired) {
      return desired;
    }

    @Override
    Set<String> apply(Set<String> observed, ManagedPolicyUpdate update) {
      Set<String> now = new TreeSet<>(observed);
      now.addAll(update.attach());
      now.removeAll(update.detach());
      return now;
    }
  }

  final class PodIdentities
      extends Resource<PodIdentityResource.Key, String, PodIdentityAssociation, PodIdentityUpdate>
      implements AwsAdapters.PodIdentityAdapter {
    PodIdentities() {
      super(AwsPart.POD_IDENTITY_ASSOCIATION);
    }

    @Override
    public boolean taggable() {
      return true;
    }

    @Override
    String id(PodIdentityResource.Key key) {
      return key.toString();
    }

    @Override
    PodIdentityAssociation build(PodIdentityResource.Key key, String roleArn) {
      return new PodIdentityAssociation(
          "a-" + key.serviceAccount(),
          "arn:a",
          key.namespace(),
          key.serviceAccount(),
          roleArn,
          Map.of());
    }

    @Override
    PodIdentityAssociation apply(PodIdentityAssociation observed, PodIdentityUpdate update) {
      return observed.withRoleArn(update.roleArn().orElse(observed.roleArn()));
    }
  }
}
