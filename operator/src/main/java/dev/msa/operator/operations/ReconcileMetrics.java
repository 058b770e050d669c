package dev.msa.operator.operations;

import dev.msa.operator.api.ObservedStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.Controller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The reconcilers' own meters, each tagged by the custom resource's {@code kind} and never by an
 * object's name or namespace: drift corrections ({@code msa.drift.corrections}, with the {@code
 * part} put back), managed objects by Ready state ({@code msa.managed.objects}, counted from the
 * controllers' caches at scrape time) and the time from a new generation to {@code Ready=True}
 * ({@code msa.apply.to.ready}).
 */
public final class ReconcileMetrics {
  static final String DRIFT_CORRECTIONS = "msa.drift.corrections";
  static final String MANAGED_OBJECTS = "msa.managed.objects";
  static final String RESYNC_PERIOD = "msa.resync.period";
  static final String APPLY_TO_READY = "msa.apply.to.ready";
  static final String TURNS_WAITING = "msa.provisioning.turns.waiting";
  static final String TURNS_RECLAIMED = "msa.provisioning.turns.reclaimed";
  static final List<String> READY_STATES = List.of("True", "False", "Unknown");

  /** Where the reconciler leaves this object for its dependents in the workflow context. */
  private static final String CONTEXT_KEY = ReconcileMetrics.class.getName();

  private static final Duration[] APPLY_TO_READY_BUCKETS = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(30)
  };

  private record Pending(long generation, long startedNanos) {}

  private final MeterRegistry registry;

  /** Generations not yet Ready, by object uid: internal state, never a tag. */
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  public ReconcileMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * A reconcile of {@code resource} begins: a generation that is not yet Ready starts the
   * apply-to-Ready clock, unless an earlier reconcile of the same generation started it.
   */
  public void reconcileStarted(CustomResource<?, ? extends ObservedStatus> resource) {
    Long generation = resource.getMetadata().getGeneration();
    String uid = resource.getMetadata().getUid();
    if (generation == null || uid == null || readyAt(resource.getStatus(), generation)) {
      return;
    }
    pending.compute(
        uid,
        (key, started) ->
            started != null && started.generation() == generation
                ? started
                : new Pending(generation, System.nanoTime()));
  }

  /** The status a reconcile computed: Ready=True for the pending generation stops the clock. */
  public void statusComputed(
      CustomResource<?, ? extends ObservedStatus> resource, ObservedStatus status) {
    String uid = resource.getMetadata().getUid();
    Pending started = uid == null ? null : pending.get(uid);
    if (started != null && readyAt(status, started.generation()) && pending.remove(uid, started)) {
      applyToReady(resource.getKind())
          .record(System.nanoTime() - started.startedNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** The object is being deleted: it will never become Ready. */
  public void forget(HasMetadata resource) {
    Optional.ofNullable(resource.getMetadata().getUid()).ifPresent(pending::remove);
  }

  /**
   * The operator changed {@code part} of {@code owner}'s objects (a Kubernetes kind such as
   * Deployment, or an AWS part such as SqsQueue). It counts as drift when the owner's spec had
   * already been reconciled: what changed was the object, not the spec.
   */
  public void changed(CustomResource<?, ? extends ObservedStatus> owner, String part) {
    if (specAlreadyReconciled(owner)) {
      Counter.builder(DRIFT_CORRECTIONS)
          .description("Objects the operator put back although the spec had not changed")
          .tag("kind", owner.getKind())
          .tag("part", part)
          .register(registry)
          .increment();
    }
  }

  /** Leaves this object in the workflow context, for the dependents that apply the children. */
  public void putInto(Context<?> context) {
    context.managedWorkflowAndDependentResourceContext().put(CONTEXT_KEY, this);
  }

  public static Optional<ReconcileMetrics> from(Context<?> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .get(CONTEXT_KEY, ReconcileMetrics.class);
  }

  /**
   * Gauges of the custom resources each registered controller caches, by Ready state. Every replica
   * reports them: a standby's caches are synced too.
   */
  public void watchManagedObjects(Operator operator) {
    for (RegisteredController<?> registered : operator.getRegisteredControllers()) {
      if (registered instanceof Controller<?> controller) {
        String kind = HasMetadata.getKind(controller.getConfiguration().getResourceClass());
        for (String state : READY_STATES) {
          Gauge.builder(MANAGED_OBJECTS, controller, c -> count(c, state))
              .description("Custom resources in the operator's cache, by Ready condition status")
              .tag("kind", kind)
              .tag("ready", state)
              .register(registry);
        }
      }
    }
  }

  /**
   * The adaptive resync period (docs/operations.md, "Resync period"): drift is caught within 1.1
   * times it.
   */
  public void watchResyncPeriod(Supplier<Duration> period) {
    Gauge.builder(RESYNC_PERIOD, period, p -> p.get().toMillis() / 1000.0)
        .description(
            "Resync period scaled to the number of objects so that resyncs stay within the AWS"
                + " read budget; drift is caught within 1.1 times it")
        .baseUnit("seconds")
        .strongReference(true) // a Gauge holds its state weakly, and nothing else holds this one
        .register(registry);
  }

  /**
   * The provisioning turns (docs/operations.md, "Settings"): objects in line for one now, and turns
   * kept for an object whose reconcile did not come, which then went to the next in line.
   */
  public <T> void watchProvisioningTurns(
      T turns, ToDoubleFunction<T> waiting, ToDoubleFunction<T> reclaimed) {
    // Both hold turns weakly: the reconcilers hold it for as long as the operator runs.
    Gauge.builder(TURNS_WAITING, turns, waiting)
        .description("Objects not yet Ready waiting in line for a provisioning turn")
        .register(registry);
    FunctionCounter.builder(TURNS_RECLAIMED, turns, reclaimed)
        .description(
            "Provisioning turns kept for an object whose reconcile did not come within 10 s, which"
                + " went to the next in line")
        .register(registry);
  }

  private static double count(Controller<?> controller, String state) {
    try {
      return controller
          .getEventSourceManager()
          .getControllerEventSource()
          .list(resource -> state.equals(readyState(resource)))
          .count();
    } catch (RuntimeException e) {
      return Double.NaN; // the caches are not running (before start, after stop)
    }
  }

  /** The status of the Ready condition; Unknown when there is none yet. */
  static String readyState(HasMetadata resource) {
    if (resource instanceof CustomResource<?, ?> custom
        && custom.getStatus() instanceof ObservedStatus status) {
      return ready(status).map(Condition::getStatus).orElse("Unknown");
    }
    return "Unknown";
  }

  private Timer applyToReady(String kind) {
    return Timer.builder(APPLY_TO_READY)
        .description("Time from the first reconcile of a new generation to Ready=True")
        .tag("kind", kind)
        .serviceLevelObjectives(APPLY_TO_READY_BUCKETS)
        .register(registry);
  }

  private static boolean specAlreadyReconciled(CustomResource<?, ? extends ObservedStatus> owner) {
    ObservedStatus status = owner.getStatus();
    return status != null && status.hasApplied(owner.getMetadata().getGeneration());
  }

  private static boolean readyAt(ObservedStatus status, long generation) {
    return status != null
        && Objects.equals(status.getObservedGeneration(), generation)
        && ready(status).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  private static Optional<Condition> ready(ObservedStatus status) {
    return status.getConditions() == null
        ? Optional.empty()
        : status.getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
  }
}
