package dev.msa.operator.reconciler;

import dev.msa.operator.api.ObservedStatus;
import dev.msa.operator.api.Plan;
import dev.msa.operator.api.PlanOnly;
import dev.msa.operator.api.PlannedChange;
import dev.msa.operator.api.WithDriftPolicy;
import dev.msa.operator.aws.AwsException;
import dev.msa.operator.model.DriftPolicy;
import dev.msa.operator.operations.ReconcileMetrics;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The status and Event plumbing every reconciler shares: a status is written only when it changed,
 * as a patch of a fresh object with only identity and status; Ready is replaced where a reconcile
 * cannot rebuild the whole status (errors, deletion); and what was done on AWS is announced.
 */
final class StatusUpdates<R extends CustomResource<?, S>, S extends ObservedStatus> {
  static final Duration RETRY_SOON = Duration.ofSeconds(10);

  /** Informational, beside Ready: drift that the driftPolicy reports and leaves as it is. */
  static final String DRIFTED = "Drifted";

  static final String DRIFT_DETECTED = "DriftDetected";
  static final String NO_DRIFT = "NoDrift";

  private final Supplier<R> newResource;
  private final Class<S> statusType;
  private final EventRecorder events;
  private final ReconcileMetrics metrics;
  private final Clock clock;

  StatusUpdates(
      Supplier<R> newResource,
      Class<S> statusType,
      EventRecorder events,
      ReconcileMetrics metrics,
      Clock clock) {
    this.newResource = newResource;
    this.statusType = statusType;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * {@code conditions} with Reconciling or Stalled derived from Ready, stamped with the generation,
   * keeping unchanged transition times. Every status the reconcilers write passes here.
   */
  List<Condition> conditions(R resource, List<Condition> conditions) {
    return Conditions.carryForward(
        resource.getStatus() == null ? null : resource.getStatus().getConditions(),
        Conditions.withKstatus(conditions),
        resource.getMetadata().getGeneration(),
        clock.instant());
  }

  /** Patches the status if it changed, and comes back soon when asked to. */
  UpdateControl<R> update(R resource, S status, boolean retrySoon) {
    UpdateControl<R> control =
        same(resource.getStatus(), status)
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(withStatus(resource, status));
    return retrySoon ? control.rescheduleAfter(RETRY_SOON) : control;
  }

  /**
   * A reconcile failed with an exception: Ready says so, the other conditions stay. An AWS failure
   * worth retrying (the endpoint unreachable before any part could start, say) gives its code as
   * the reason, so it reads as what it is rather than as a bug.
   */
  ErrorStatusUpdateControl<R> error(R resource, Exception e) {
    Optional<AwsException> aws = transientAws(e);
    String reason = aws.map(AwsException::reason).orElse(Reasons.RECONCILE_ERROR);
    S status =
        withReady(
            resource,
            Conditions.of(
                Conditions.READY, false, reason, "reconcile failed, retrying: " + e.getMessage()));
    ErrorStatusUpdateControl<R> control =
        same(resource.getStatus(), status)
            ? ErrorStatusUpdateControl.noStatusUpdate()
            : ErrorStatusUpdateControl.patchStatus(withStatus(resource, status));
    // JOSDK's retries end after about 16 s; an AWS outage can last longer, and the next resync
    // may be 10 minutes away. A transient AWS failure is tried again soon for as long as it lasts.
    return aws.isPresent() ? control.rescheduleAfter(RETRY_SOON) : control;
  }

  private static Optional<AwsException> transientAws(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof AwsException aws) {
        return aws.terminal() ? Optional.empty() : Optional.of(aws);
      }
    }
    return Optional.empty();
  }

  /** Outside a reconcile's return value (cleanup): patches the status now if it changed. */
  void patchNow(R resource, S status, Context<R> context) {
    if (!same(resource.getStatus(), status)) {
      context.getClient().resource(withStatus(resource, status)).patchStatus();
    }
  }

  /**
   * A cleanup that failed: a Warning, Ready=False {@code DeletionFailed} saying what, and the
   * finalizer kept so the deletion is retried soon rather than leaving AWS resources behind.
   */
  DeleteControl deletionFailed(R resource, Context<R> context, String what, RuntimeException e) {
    String message = "deleting " + what + " failed, retrying: " + e.getMessage();
    events.warning(resource, "Failed", message);
    patchNow(
        resource,
        withReady(
            resource,
            Conditions.of(Conditions.READY, false, Reasons.ofDeletionFailure(e), message)),
        context);
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY_SOON);
  }

  /**
   * Ready=False with {@code reason} for this generation and nothing else changed: the object may
   * not act at all (its namespace names an account or region it may not use).
   */
  UpdateControl<R> refused(R resource, String reason, String message) {
    S status = withReady(resource, Conditions.of(Conditions.READY, false, reason, message));
    status.setObservedGeneration(resource.getMetadata().getGeneration());
    return update(resource, status, false);
  }

  /** The current status with its Ready condition replaced, first. */
  S withReady(R resource, Condition ready) {
    S status = copyOf(resource.getStatus());
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    conditions.removeIf(c -> Conditions.READY.equals(c.getType()));
    conditions.add(0, ready);
    status.setConditions(conditions(resource, conditions));
    return status;
  }

  // --- plan-only (docs/plan.md) ------------------------------------------------------------------

  /**
   * A plan-only reconcile's answer: {@code changes} as status.plan for this generation, Ready=False
   * with reason PlanOnly saying how many and how to apply them, beside the parts that failed while
   * planning or cannot become ready without a change ({@code blockers}); the other fields of the
   * status as the last one recorded them, since nothing changed. A Planned Event when the plan is
   * new or other than the one the status shows: the same plan at the next resync writes nothing.
   *
   * @param failures the parts that failed while planning: the plan may be incomplete
   */
  UpdateControl<R> plan(
      R resource,
      List<PlannedChange> changes,
      List<Condition> blockers,
      List<Condition> failures,
      boolean retrySoon) {
    Plan plan = Plans.of(resource.getMetadata().getGeneration(), changes);
    announcePlan(resource, plan, false);
    return update(resource, planned(resource, plan, false, blockers, failures), retrySoon);
  }

  /**
   * A deletion while plan-only: when it would change something, it is held (the finalizer stays)
   * and the status shows what it would delete; the next cleanup after the annotation goes deletes.
   * A deletion that would change nothing (a plan never applied, a table kept) goes ahead.
   */
  DeleteControl holdDeletion(R resource, Context<R> context, List<PlannedChange> changes) {
    Plan plan = Plans.of(resource.getMetadata().getGeneration(), changes);
    if (Plans.size(plan) == 0) {
      return DeleteControl.defaultDelete();
    }
    announcePlan(resource, plan, true);
    patchNow(resource, planned(resource, plan, true, List.of(), List.of()), context);
    return DeleteControl.noFinalizerRemoval();
  }

  /**
   * The first reconcile after the annotation went: an Event saying which plan is applied, and
   * whether the spec changed after it was shown (then what is applied was not planned).
   */
  void announceApplying(R resource) {
    Plan shown = resource.getStatus() == null ? null : resource.getStatus().getPlan();
    if (shown == null) {
      return;
    }
    Long generation = resource.getMetadata().getGeneration();
    String what = resource.isMarkedForDeletion() ? "the deletion" : "generation " + generation;
    if (Objects.equals(shown.getGeneration(), generation)) {
      events.normal(
          resource,
          Plans.APPLYING_PLAN,
          PlanOnly.ANNOTATION + " removed: applying the plan for " + what);
    } else {
      events.warning(
          resource,
          Plans.APPLYING_PLAN,
          PlanOnly.ANNOTATION
              + " removed: applying "
              + what
              + ", which changed after the plan shown for generation "
              + shown.getGeneration()
              + " and was not planned");
    }
  }

  private void announcePlan(R resource, Plan plan, boolean deletion) {
    Plan shown = resource.getStatus() == null ? null : resource.getStatus().getPlan();
    if (shown == null || !Plans.same(shown, plan)) {
      events.normal(resource, Plans.PLANNED, Plans.eventMessage(plan, deletion));
    }
  }

  private S planned(
      R resource, Plan plan, boolean deletion, List<Condition> blockers, List<Condition> failures) {
    S status = copyOf(resource.getStatus());
    status.setObservedGeneration(resource.getMetadata().getGeneration());
    status.setPlan(plan);
    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        Conditions.of(
            Conditions.READY,
            false,
            Plans.PLAN_ONLY,
            Plans.readyMessage(
                plan, deletion, failures.stream().map(Condition::getType).distinct().toList())));
    conditions.addAll(blockers);
    status.setConditions(conditions(resource, conditions));
    return status;
  }

  /**
   * The last status applied this generation of the spec and said Ready. Only then is what a
   * reconcile changes on AWS drift put back; before, it is still the applying of the spec (a
   * subscription whose subscriber's queue appears after its first reconcile writes the queue's
   * policy then).
   */
  static boolean readyForSpec(ObservedStatus status, Long generation) {
    return status != null
        && status.hasApplied(generation)
        && status.getConditions().stream()
            .anyMatch(c -> Conditions.READY.equals(c.getType()) && Conditions.isTrue(c));
  }

  /**
   * The spec changed since the last status applied it (or the last status was only a plan of it):
   * what is done now is an update, not drift.
   */
  static boolean specChanged(CustomResource<?, ? extends ObservedStatus> resource) {
    return resource.getStatus() == null
        || !resource.getStatus().hasApplied(resource.getMetadata().getGeneration());
  }

  /**
   * Events for what was done on AWS: Created, Adopted (each resource taken over, and from whom),
   * Deleted, Retained (kept on deletion), and the rest as Updated (a spec change) or
   * DriftCorrected, which the drift meter counts by part.
   */
  void announce(R resource, List<Change> changes, boolean update) {
    changes.stream()
        .filter(c -> c.kind() == Change.Kind.ADOPTED)
        .forEach(c -> events.normal(resource, "Adopted", c.describe()));
    List<Change> created = changes.stream().filter(Change::isCreation).toList();
    List<Change> deleted = changes.stream().filter(c -> c.kind() == Change.Kind.DELETED).toList();
    List<Change> retained = changes.stream().filter(c -> c.kind() == Change.Kind.RETAINED).toList();
    List<Change> corrections = changes.stream().filter(Change::isCorrection).toList();
    if (!created.isEmpty()) {
      events.normal(resource, "Created", "created " + describe(created));
    }
    if (!deleted.isEmpty()) {
      events.normal(resource, "Deleted", "deleted " + describe(deleted));
    }
    if (!retained.isEmpty()) {
      events.normal(resource, "Retained", "retained " + describe(retained));
    }
    if (!corrections.isEmpty()) {
      events.normal(
          resource,
          update ? "Updated" : "DriftCorrected",
          (update ? "updated " : "restored ") + describe(corrections));
      if (!update) {
        corrections.forEach(c -> metrics.changed(resource, c.part().meterName()));
      }
    }
  }

  /**
   * The Drifted condition of an object whose driftPolicy has a Report rule (none without one): True
   * with reason DriftDetected naming each part and field that differs and both values, False when
   * nothing it reports differs. Ready does not look at it: reported drift is no failure.
   */
  Optional<Condition> drifted(R resource, List<Drift> drift) {
    if (!(resource.getSpec() instanceof WithDriftPolicy spec)
        || !DriftPolicy.of(spec.getDriftPolicy()).reports()) {
      return Optional.empty();
    }
    return Optional.of(
        drift.isEmpty()
            ? Conditions.of(
                DRIFTED,
                false,
                NO_DRIFT,
                "no field that spec.driftPolicy reports differs from the spec")
            : Conditions.of(
                DRIFTED,
                true,
                DRIFT_DETECTED,
                Drift.describe(drift) + "; left as it is (spec.driftPolicy: Report)"));
  }

  /**
   * A DriftDetected Warning when the reported drift is new, or other than the Drifted condition the
   * status shows: the same drift found again at the next resync writes nothing.
   */
  void announceDrift(R resource, List<Drift> drift) {
    Optional<Condition> drifted = drifted(resource, drift).filter(Conditions::isTrue);
    if (drifted.isEmpty()) {
      return;
    }
    Optional<String> shown =
        Optional.ofNullable(resource.getStatus())
            .map(ObservedStatus::getConditions)
            .flatMap(
                conditions ->
                    conditions.stream()
                        .filter(c -> DRIFTED.equals(c.getType()) && Conditions.isTrue(c))
                        .findFirst())
            .map(Condition::getMessage);
    if (!shown.equals(Optional.of(drifted.get().getMessage()))) {
      events.warning(resource, DRIFT_DETECTED, drifted.get().getMessage());
    }
  }

  static String describe(List<Change> changes) {
    return changes.stream().map(Change::describe).collect(Collectors.joining(", "));
  }

  private boolean same(S current, S next) {
    var json = Serialization.jsonMapper();
    return current != null && json.valueToTree(current).equals(json.valueToTree(next));
  }

  private S copyOf(S status) {
    try {
      return status == null
          ? statusType.getDeclaredConstructor().newInstance()
          : Serialization.jsonMapper().convertValue(status, statusType);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(statusType + " needs a public no-argument constructor", e);
    }
  }

  /** A fresh object with only identity and status, as a status patch should send. */
  R withStatus(R resource, S status) {
    R fresh = newResource.get();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(resource.getMetadata().getName())
            .withNamespace(resource.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    return fresh;
  }
}
