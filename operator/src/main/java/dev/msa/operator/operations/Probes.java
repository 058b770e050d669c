package dev.msa.operator.operations;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code /healthz} and {@code /readyz} answer. Both fail until the operator has started and
 * again once it stops. Liveness also fails while an informer is unhealthy. Readiness does not
 * depend on leadership: JOSDK starts the informers of a standby too and returns from {@code
 * start()} only when their caches have synced, so a started standby is ready to take over; were it
 * unready, a rolling update could never make its new pods Ready while the old leader holds the
 * lease.
 */
public final class Probes {
  /** An HTTP status and a one-line body saying why. */
  public record Result(int status, String body) {
    static Result up(String body) {
      return new Result(200, body);
    }

    static Result down(String body) {
      return new Result(503, body);
    }
  }

  private volatile Operator operator;
  private volatile Optional<LeaderElection> leaderElection = Optional.empty();
  private volatile boolean stopping;

  /** From now on the probes follow this operator. */
  public void watch(Operator operator, Optional<LeaderElection> leaderElection) {
    this.leaderElection = leaderElection;
    this.operator = operator;
  }

  /** Shutting down: not ready any more, whatever the operator still reports. */
  public void stopping() {
    stopping = true;
  }

  public Result liveness() {
    Optional<RuntimeInfo> runtime = startedRuntime();
    if (runtime.isEmpty()) {
      return Result.down(state());
    }
    Map<String, TreeSet<String>> unhealthy = new TreeMap<>();
    runtime
        .get()
        .unhealthyEventSources()
        .forEach(
            (controller, sources) -> {
              if (!sources.isEmpty()) {
                unhealthy.put(controller, new TreeSet<>(sources.keySet()));
              }
            });
    return unhealthy.isEmpty()
        ? Result.up("ok")
        : Result.down("unhealthy event sources: " + unhealthy);
  }

  public Result readiness() {
    if (stopping || startedRuntime().isEmpty()) {
      return Result.down(state());
    }
    return Result.up(
        leaderElection.map(e -> e.isLeader() ? "ok: leader" : "ok: standby").orElse("ok"));
  }

  private Optional<RuntimeInfo> startedRuntime() {
    Operator current = operator;
    if (current == null) {
      return Optional.empty();
    }
    RuntimeInfo runtime = current.getRuntimeInfo();
    return runtime.isStarted() ? Optional.of(runtime) : Optional.empty();
  }

  private String state() {
    return stopping ? "stopping" : "not started";
  }
}
