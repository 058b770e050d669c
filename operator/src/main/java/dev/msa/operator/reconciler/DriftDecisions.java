package dev.msa.operator.reconciler;

import dev.msa.operator.api.ObservedStatus;
import dev.msa.operator.api.WithDriftPolicy;
import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.AwsUpdate;
import dev.msa.operator.model.Difference;
import dev.msa.operator.model.DriftPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One reconcile's driftPolicy at work on the deltas of its object: of each delta, the changes the
 * reconcile may make. What the policy leaves as it is goes out of the update; what it reports goes
 * to {@code reported}. A field the spec changed since the last comparison ({@link LastCompared}) is
 * applied whatever the policy says; without a last comparison (the operator restarted), a field
 * differing while the spec has a generation the status has not seen yet is taken as the spec's.
 */
final class DriftDecisions {
  private final HasMetadata owner;
  private final DriftPolicy policy;
  private final LastCompared lastCompared;
  private final boolean specChanged;
  private final List<Drift> reported;
  private final boolean remember;

  DriftDecisions(
      HasMetadata owner,
      DriftPolicy policy,
      LastCompared lastCompared,
      boolean specChanged,
      List<Drift> reported,
      boolean remember) {
    this.owner = owner;
    this.policy = policy;
    this.lastCompared = lastCompared;
    this.specChanged = specChanged;
    this.reported = reported;
    this.remember = remember;
  }

  /** The decisions on {@code resource}'s deltas under its spec's driftPolicy. */
  static DriftDecisions of(
      CustomResource<? extends WithDriftPolicy, ? extends ObservedStatus> resource,
      LastCompared lastCompared,
      List<Drift> reported) {
    return new DriftDecisions(
        resource,
        DriftPolicy.of(resource.getSpec().getDriftPolicy()),
        lastCompared,
        StatusUpdates.specChanged(resource),
        reported,
        true);
  }

  /**
   * The same decisions for a plan: what the next reconcile that applies would send, with nothing
   * remembered (nothing is compared for real) and no drift reported.
   */
  static DriftDecisions planning(
      CustomResource<? extends WithDriftPolicy, ? extends ObservedStatus> resource,
      LastCompared lastCompared) {
    return new DriftDecisions(
        resource,
        DriftPolicy.of(resource.getSpec().getDriftPolicy()),
        lastCompared,
        StatusUpdates.specChanged(resource),
        new ArrayList<>(),
        false);
  }

  /** Every difference corrected and nothing remembered: for what has no policy (deletion). */
  static DriftDecisions correctingAll(HasMetadata owner) {
    return new DriftDecisions(
        owner, DriftPolicy.CORRECT, new LastCompared(), true, new ArrayList<>(), true);
  }

  /**
   * The delta from the observed resource to {@code desired}, without the changes the policy leaves
   * as they are; reported ones are recorded.
   *
   * @param deltaTo the model's delta from the observed resource to a desired state
   */
  <D, U extends AwsUpdate> U permitted(
      AwsPart part, String name, D desired, Function<D, U> deltaTo) {
    U update = deltaTo.apply(desired);
    return without(update, decide(part, name, desired, deltaTo, update));
  }

  /**
   * The fields of the delta from the observed resource to {@code desired} that the policy leaves as
   * they are (reported ones are recorded): for a resource whose changes are planned step by step.
   */
  <D> Set<String> leftAsItIs(
      AwsPart part, String name, D desired, Function<D, ? extends AwsUpdate> deltaTo) {
    return decide(part, name, desired, deltaTo, deltaTo.apply(desired));
  }

  private <D> Set<String> decide(
      AwsPart part,
      String name,
      D desired,
      Function<D, ? extends AwsUpdate> deltaTo,
      AwsUpdate update) {
    List<Difference> differences = update.differences();
    Set<String> pending = changedBySpec(part, name, desired, deltaTo, differences);
    if (remember) {
      lastCompared.put(owner, part, name, new LastCompared.Entry(desired, pending));
    }
    DriftPolicy.Decision decision = policy.decide(part, differences, pending);
    if (!decision.reported().isEmpty()) {
      reported.add(new Drift(part, name, decision.reported()));
    }
    return decision.left();
  }

  /**
   * {@code update} was sent: the spec's changes in it are made, and a later difference of those
   * fields is drift again. (A resource changed step by step does not say so: its spec's change is
   * made when no step of it is left.)
   */
  void sent(AwsPart part, String name, AwsUpdate update) {
    if (!remember) {
      return;
    }
    lastCompared
        .get(owner, part, name)
        .filter(last -> !last.pending().isEmpty())
        .ifPresent(
            last -> {
              Set<String> pending = new TreeSet<>(last.pending());
              update.differences().forEach(d -> pending.remove(d.field()));
              lastCompared.put(owner, part, name, new LastCompared.Entry(last.desired(), pending));
            });
  }

  /** A resource created as {@code desired}: the baseline of its next comparison. */
  void created(AwsPart part, String name, Object desired) {
    if (!remember) {
      return;
    }
    lastCompared.put(owner, part, name, new LastCompared.Entry(desired, Set.of()));
  }

  private <D> Set<String> changedBySpec(
      AwsPart part,
      String name,
      D desired,
      Function<D, ? extends AwsUpdate> deltaTo,
      List<Difference> differences) {
    Set<String> differing = new TreeSet<>();
    differences.forEach(d -> differing.add(d.field()));
    Optional<LastCompared.Entry> last = lastCompared.get(owner, part, name);
    if (last.isEmpty()) {
      return specChanged ? differing : Set.of();
    }
    Set<String> pending = new TreeSet<>(last.get().pending());
    pending.retainAll(differing);
    if (!last.get().desired().equals(desired)) {
      @SuppressWarnings("unchecked") // a part and name are compared with one type of desired state
      D before = (D) last.get().desired();
      pending.addAll(DriftPolicy.changedBetween(deltaTo.apply(before).differences(), differences));
    }
    return pending;
  }

  @SuppressWarnings("unchecked") // every AwsUpdate's without returns its own type
  private static <U extends AwsUpdate> U without(U update, Set<String> fields) {
    return fields.isEmpty() ? update : (U) update.without(fields);
  }
}
