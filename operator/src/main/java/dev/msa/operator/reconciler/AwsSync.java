package dev.msa.operator.reconciler;

import dev.msa.operator.api.Adoption;
import dev.msa.operator.aws.AwsResource;
import dev.msa.operator.config.DefaultTags;
import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.AwsTags;
import dev.msa.operator.model.AwsUpdate;
import dev.msa.operator.model.Difference;
import dev.msa.operator.model.Ownership;
import dev.msa.operator.model.PlannedCreation;
import dev.msa.operator.model.StatementChanges;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one lifecycle of an AWS resource an object owns, for every kind: read it by its deterministic
 * key; create what is missing with the ownership tags (and when the status had recorded it, say it
 * was deleted outside the operator); check whose a resource found by name is (this object's,
 * adoptable as the object's {@link Adoption} allows, or a {@link NameConflictException}); send only
 * the model's delta, less what the object's driftPolicy leaves as it is ({@link DriftDecisions});
 * and delete only what is this object's. Every step is recorded as a {@link Change}, every drift
 * left and reported as a {@link Drift}.
 *
 * <p>A resource recorded in the owner's status is known to be ours: its tags are read only when it
 * is first found. One AwsSync serves one reconcile of one object.
 *
 * <p>While {@link #planning()} (the object is annotated {@code msa.dev/plan-only}), the same steps
 * read as usual but send nothing: each create, update, adoption and delete they would send is
 * recorded as a {@link Change} with its fields and values instead, and so is every write of a part
 * outside {@link #ensure} ({@link #write}). A plan is this lifecycle with its writes held back.
 */
final class AwsSync {
  private final String cluster;
  private final HasMetadata owner;
  private final List<Change> changes;
  private final Adoption adoption;
  private final DriftDecisions drift;
  private final boolean planning;
  private String current = "";
  private Supplier<Map<String, String>> defaultTags = Map::of;
  private Map<String, String> defaults;

  private static final String ADOPT_HINT =
      ", an earlier object of this name: annotate this one "
          + Adoption.ANNOTATION
          + ": \"true\" to take it over";

  /**
   * @param adoption which resources found under the object's names it takes over by re-tagging
   *     them: one left by an earlier object of the same cluster, namespace, kind and name (a
   *     restore, deletionPolicy Retain), or with {@code force} any
   * @param drift what the owner's driftPolicy lets each delta change
   * @param planning record the writes instead of sending them
   */
  AwsSync(
      String cluster,
      HasMetadata owner,
      List<Change> changes,
      Adoption adoption,
      DriftDecisions drift,
      boolean planning) {
    this.cluster = cluster;
    this.owner = owner;
    this.changes = changes;
    this.adoption = adoption;
    this.drift = drift;
    this.planning = planning;
  }

  AwsSync(
      String cluster,
      HasMetadata owner,
      List<Change> changes,
      Adoption adoption,
      DriftDecisions drift) {
    this(cluster, owner, changes, adoption, drift, false);
  }

  AwsSync(String cluster, HasMetadata owner, List<Change> changes, DriftDecisions drift) {
    this(cluster, owner, changes, Adoption.NONE, drift);
  }

  /** Correcting every difference: for deletion, which sends no delta; planned or made. */
  AwsSync(String cluster, HasMetadata owner, List<Change> changes, boolean planning) {
    this(cluster, owner, changes, Adoption.NONE, DriftDecisions.correctingAll(owner), planning);
  }

  AwsSync(String cluster, HasMetadata owner, List<Change> changes) {
    this(cluster, owner, changes, false);
  }

  /**
   * The resource as the step left it, and whether this step created it; while planning, a creation
   * is only planned and there is no resource yet ({@code resource} is null).
   */
  record Synced<O>(O resource, boolean created, boolean planned) {
    Synced(O resource, boolean created) {
      this(resource, created, false);
    }

    static <O> Synced<O> plannedCreation() {
      return new Synced<>(null, true, true);
    }
  }

  /**
   * The organisation's tags ({@link DefaultTags}), read at the first step that needs them: set on
   * creation and adoption under the ownership tags, and put back when removed. Reading them may
   * throw an {@link InvalidDefaultTagsException}, which fails that step before it writes anything.
   */
  AwsSync withDefaultTags(Supplier<Map<String, String>> defaultTags) {
    this.defaultTags = defaultTags;
    return this;
  }

  /** Writes are recorded, not sent. */
  boolean planning() {
    return planning;
  }

  /**
   * Makes a write of a part outside {@link #ensure} (a role's inline policy, a table's step, a
   * queue's subscription); while planning, records {@code planned} in its place instead.
   *
   * @return whether the write was made
   */
  boolean write(Change planned, Runnable write) {
    if (planning) {
      changes.add(planned);
      return false;
    }
    write.run();
    return true;
  }

  /**
   * A change only a plan records: what a step made elsewhere (a table's UpdateTable calls, one at a
   * time as DynamoDB takes them) would change in all.
   */
  void planned(Change change) {
    changes.add(change);
  }

  /** As {@link #write}, for a write whose answer the caller needs: empty while planning. */
  <T> Optional<T> writeReturning(Change planned, Supplier<T> write) {
    if (planning) {
      changes.add(planned);
      return Optional.empty();
    }
    return Optional.of(write.get());
  }

  /** Reads the resource, then creates it or brings it to {@code desired}. */
  <K, D, O, U extends AwsUpdate> Synced<O> ensure(
      AwsResource<K, D, O, U> resource,
      K key,
      String name,
      D desired,
      BiFunction<D, O, U> delta,
      boolean recorded) {
    return apply(
        resource, key, name, desired, delta, observe(resource, key, name, recorded), recorded);
  }

  /**
   * Reads the resource; one found that the status has not recorded must be this object's (or, with
   * adoption, its predecessor's), else a {@link NameConflictException}.
   */
  <K, O> Optional<O> observe(
      AwsResource<K, ?, O, ?> resource, K key, String name, boolean recorded) {
    touching(resource, name);
    Optional<O> observed = resource.read(key);
    if (observed.isPresent() && !recorded) {
      checkOwnership(resource, key, name, observed.get());
    }
    return observed;
  }

  /**
   * The second half of {@link #ensure}, for a caller with something to do in between (a queue
   * policy that must allow a rule before the rule exists): creates the resource when {@code
   * observed} is empty, else sends the delta.
   */
  <K, D, O, U extends AwsUpdate> Synced<O> apply(
      AwsResource<K, D, O, U> resource,
      K key,
      String name,
      D desired,
      BiFunction<D, O, U> delta,
      Optional<O> observed,
      boolean recorded) {
    touching(resource, name);
    if (observed.isPresent()) {
      return converge(resource, key, name, desired, delta, observed.get(), true);
    }
    if (planning) {
      return planCreation(resource, name, desired, recorded);
    }
    Optional<O> created = create(resource, key, name, desired, recorded);
    if (created.isPresent()) {
      return new Synced<>(created.get(), true);
    }
    return converge(resource, key, name, desired, delta, readTaken(resource, key, name), false);
  }

  /**
   * Reads the resource, or creates it; what to change is the caller's (a table's updates go one
   * step at a time, as DynamoDB takes them).
   */
  <K, D, O> Synced<O> ensureExists(
      AwsResource<K, D, O, ?> resource, K key, String name, D desired, boolean recorded) {
    return ensureExists(resource, key, name, desired, recorded, found -> Optional.empty());
  }

  /**
   * As {@link #ensureExists}; {@code refuseForce} says why a resource that is not this object's may
   * not be taken over even with {@code msa.dev/adopt: force} (a table whose keys differ).
   */
  <K, D, O> Synced<O> ensureExists(
      AwsResource<K, D, O, ?> resource,
      K key,
      String name,
      D desired,
      boolean recorded,
      Function<? super O, Optional<String>> refuseForce) {
    touching(resource, name);
    Optional<O> observed = resource.read(key);
    if (observed.isPresent() && !recorded) {
      checkOwnership(resource, key, name, observed.get(), refuseForce);
    }
    if (observed.isPresent()) {
      return new Synced<>(observed.get(), false);
    }
    if (planning) {
      return planCreation(resource, name, desired, recorded);
    }
    Optional<O> created = create(resource, key, name, desired, recorded);
    if (created.isPresent()) {
      return new Synced<>(created.get(), true);
    }
    O taken = readTaken(resource, key, name);
    checkOwnership(resource, key, name, taken, refuseForce);
    return new Synced<>(taken, false);
  }

  /**
   * As {@link #ensure}, but a resource the status has not recorded almost always does not exist:
   * create it straight away (one call) and read it only when its create says the name is taken. A
   * plan reads it first, as it creates nothing, and so does an object that asks to adopt, as its
   * resources usually exist.
   */
  <K, D, O, U extends AwsUpdate> Synced<O> ensureCreatingFirst(
      AwsResource<K, D, O, U> resource,
      K key,
      String name,
      D desired,
      BiFunction<D, O, U> delta,
      boolean recorded) {
    return recorded || planning || adoption != Adoption.NONE
        ? ensure(resource, key, name, desired, delta, recorded)
        : apply(resource, key, name, desired, delta, Optional.empty(), false);
  }

  /**
   * Reads a part of a resource the object owns (a role's association, a rule's targets), which has
   * no tags of its own: creates it when missing, else sends the delta.
   */
  <K, D, O, U extends AwsUpdate> Synced<O> ensurePart(
      AwsResource<K, D, O, U> resource, K key, String name, D desired, BiFunction<D, O, U> delta) {
    touching(resource, name);
    return apply(resource, key, name, desired, delta, resource.read(key), false);
  }

  /** Deletes a resource the status recorded as ours, at its recorded key, without reading it. */
  <K, O> void deleteRecorded(AwsResource<K, ?, O, ?> resource, K key, String name, O recorded) {
    touching(resource, name);
    if (!planning) {
      resource.delete(key, recorded);
    }
    changes.add(Change.of(resource.part(), name, Change.Kind.DELETED));
  }

  /** Deletes the resource if it exists and is ours: recorded in status, or tagged as ours. */
  <K, O> boolean deleteIfOurs(
      AwsResource<K, ?, O, ?> resource, K key, String name, boolean recorded) {
    touching(resource, name);
    Optional<O> observed = resource.read(key);
    if (observed.isEmpty()
        || !(recorded || AwsTags.ownedBy(resource.tags(key, observed.get()), owner))) {
      return false;
    }
    if (!planning) {
      resource.delete(key, observed.get());
    }
    changes.add(Change.of(resource.part(), name, Change.Kind.DELETED));
    return true;
  }

  /**
   * Keeps the resource if it exists and is ours (recorded in status, or tagged as ours), removing
   * only its {@code msa.dev/uid} tag: it is no object's until a later object of the same name
   * adopts it ({@code msa.dev/adopt: "true"}).
   */
  <K, O> boolean releaseIfOurs(
      AwsResource<K, ?, O, ?> resource, K key, String name, boolean recorded) {
    touching(resource, name);
    Optional<O> observed = resource.read(key);
    if (observed.isEmpty()
        || !(recorded || AwsTags.ownedBy(resource.tags(key, observed.get()), owner))) {
      return false;
    }
    if (!planning) {
      resource.untag(key, observed.get(), List.of(AwsTags.UID));
    }
    changes.add(Change.of(resource.part(), name, Change.Kind.RETAINED));
    return true;
  }

  /**
   * For a part whose delta is sent outside {@link #ensure} (a role's inline policy, a table's
   * settings): the delta from what was observed to {@code desired}, less what the owner's
   * driftPolicy leaves as it is.
   */
  <D, U extends AwsUpdate> U permitted(
      AwsPart part, String name, D desired, Function<D, U> deltaTo) {
    return drift.permitted(part, name, desired, deltaTo);
  }

  /** A delta {@link #permitted} gave was sent. */
  void sent(AwsPart part, String name, AwsUpdate update) {
    drift.sent(part, name, update);
  }

  /**
   * For a resource whose changes are planned step by step (a table's UpdateTable calls): the fields
   * of the delta to {@code desired} that the owner's driftPolicy leaves as they are.
   */
  <D> Set<String> leftAsItIs(
      AwsPart part, String name, D desired, Function<D, ? extends AwsUpdate> deltaTo) {
    return drift.leftAsItIs(part, name, desired, deltaTo);
  }

  /** A part created outside {@link #ensure} as {@code desired}: its next comparison's baseline. */
  void created(AwsPart part, String name, Object desired) {
    drift.created(part, name, desired);
  }

  /** What the last step was about, for the condition of a failure: "SQS queue q". */
  String current() {
    return current;
  }

  private <K, D, O, U extends AwsUpdate> Synced<O> converge(
      AwsResource<K, D, O, U> resource,
      K key,
      String name,
      D desired,
      BiFunction<D, O, U> delta,
      O observed,
      boolean known) {
    if (!known) {
      checkOwnership(resource, key, name, observed);
    }
    restoreTags(resource, key, name, observed);
    U update = drift.permitted(resource.part(), name, desired, d -> delta.apply(d, observed));
    if (update.isEmpty()) {
      return new Synced<>(observed, false);
    }
    if (planning) {
      changes.add(
          new Change(
              resource.part(),
              name,
              Change.Kind.UPDATED,
              update.fields(),
              update.differences(),
              StatementChanges.NONE));
      return new Synced<>(observed, false);
    }
    O updated = resource.update(key, observed, update);
    drift.sent(resource.part(), name, update);
    changes.add(new Change(resource.part(), name, Change.Kind.UPDATED, update.fields()));
    return new Synced<>(updated, false);
  }

  /**
   * With default tags, puts back the wanted tags a resource lacks (one tag read per resource and
   * reconcile, none without default tags: the steady state then costs what it did). Tags it has
   * beyond them stay.
   */
  <K, O> void restoreTags(AwsResource<K, ?, O, ?> resource, K key, String name, O observed) {
    if (!resource.taggable() || defaults().isEmpty()) {
      return;
    }
    Map<String, String> missing = AwsTags.missing(tags(), resource.tags(key, observed));
    if (missing.isEmpty()) {
      return;
    }
    List<String> fields = missing.keySet().stream().map(k -> "tag " + k).toList();
    if (planning) {
      changes.add(
          new Change(
              resource.part(),
              name,
              Change.Kind.UPDATED,
              fields,
              missing.entrySet().stream()
                  .map(t -> Difference.of("tag " + t.getKey(), "absent", t.getValue()))
                  .toList(),
              StatementChanges.NONE));
      return;
    }
    // With the cluster tag, which the operator's IAM policy requires of a tagging request.
    Map<String, String> request = new LinkedHashMap<>(missing);
    request.put(AwsTags.CLUSTER, cluster);
    resource.retag(key, observed, request);
    changes.add(new Change(resource.part(), name, Change.Kind.UPDATED, fields));
  }

  /** Read once, at the first step that needs them. */
  private Map<String, String> defaults() {
    if (defaults == null) {
      defaults = defaultTags.get();
    }
    return defaults;
  }

  /** The ownership tags over the default tags. */
  private Map<String, String> tags() {
    return AwsTags.of(cluster, owner, defaults());
  }

  private <K, D, O> Optional<O> create(
      AwsResource<K, D, O, ?> resource, K key, String name, D desired, boolean recorded) {
    Optional<O> created = resource.create(key, desired, tags());
    created.ifPresent(
        c -> {
          changes.add(
              Change.of(
                  resource.part(), name, recorded ? Change.Kind.RECREATED : Change.Kind.CREATED));
          drift.created(resource.part(), name, desired);
        });
    return created;
  }

  /** A creation while planning: recorded with the fields it would set, nothing sent. */
  private <D, O> Synced<O> planCreation(
      AwsResource<?, D, O, ?> resource, String name, D desired, boolean recorded) {
    changes.add(
        new Change(
            resource.part(),
            name,
            recorded ? Change.Kind.RECREATED : Change.Kind.CREATED,
            List.of(),
            PlannedCreation.fields(desired),
            PlannedCreation.statements(desired)));
    return Synced.plannedCreation();
  }

  private static <K, O> O readTaken(AwsResource<K, ?, O, ?> resource, K key, String name) {
    return resource
        .read(key)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    resource.part().display()
                        + " "
                        + name
                        + " was there at its create and gone at its read; retrying"));
  }

  private <K, O> void checkOwnership(
      AwsResource<K, ?, O, ?> resource, K key, String name, O found) {
    checkOwnership(resource, key, name, found, f -> Optional.empty());
  }

  /**
   * A resource that is not this object's is adopted when {@link #adoption} allows it, else a {@link
   * NameConflictException}.
   */
  private <K, O> void checkOwnership(
      AwsResource<K, ?, O, ?> resource,
      K key,
      String name,
      O found,
      Function<? super O, Optional<String>> refuseForce) {
    Map<String, String> tags = resource.tags(key, found);
    Ownership ownership = Ownership.of(tags, cluster, owner);
    if (ownership == Ownership.OURS) {
      return;
    }
    String what = resource.part().display() + " " + name;
    boolean predecessor = ownership == Ownership.RETAINED_BY_PREDECESSOR;
    if (predecessor ? adoption == Adoption.NONE : adoption != Adoption.FORCE) {
      throw new NameConflictException(
          what, AwsTags.describeOwner(tags) + (predecessor ? ADOPT_HINT : ""));
    }
    if (!predecessor) {
      refuseForce
          .apply(found)
          .ifPresent(
              why -> {
                throw new NameConflictException(
                    what,
                    AwsTags.describeOwner(tags)
                        + "; "
                        + Adoption.ANNOTATION
                        + ": force is refused: "
                        + why);
              });
    }
    // All the ownership tags, though only the uid may differ: a TagResource the operator's IAM
    // policy allows carries the cluster tag (aws:RequestTag, docs/iam.md). A part AWS cannot tag
    // (forced) carries no owner to rewrite: it is taken as it is.
    if (!planning && resource.taggable()) {
      resource.retag(key, found, tags());
    }
    changes.add(
        new Change(
            resource.part(),
            name,
            Change.Kind.ADOPTED,
            List.of(
                predecessor
                    ? "it was retained by an earlier "
                        + owner.getKind()
                        + " of this name ("
                        + (tags.containsKey(AwsTags.UID)
                            ? "uid " + tags.get(AwsTags.UID)
                            : "no uid tag")
                        + ")"
                    : Adoption.ANNOTATION + ": force; it was " + AwsTags.describeOwner(tags))));
  }

  private void touching(AwsResource<?, ?, ?, ?> resource, String name) {
    current = resource.part().display() + " " + name;
  }
}
