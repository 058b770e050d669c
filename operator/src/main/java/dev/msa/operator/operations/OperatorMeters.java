package dev.msa.operator.operations;

import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Meters of the operator process itself: whether it reconciles, and how long it took to start. */
public final class OperatorMeters {
  /**
   * Named as client-go and controller-runtime name it ({@code leader_election_master_status} with
   * the lease's {@code name}), so dashboards and alerts written for Kubernetes components apply.
   */
  static final String LEADER = "leader.election.master.status";

  static final String STARTUP = "msa.operator.startup";

  private OperatorMeters() {}

  /**
   * 1 while this process reconciles: it holds the lease {@code leaseName} or, without leader
   * election, it has started. With two replicas exactly one reports 1.
   */
  public static void bindLeader(
      MeterRegistry registry,
      Operator operator,
      String leaseName,
      Optional<LeaderElection> leaderElection) {
    Gauge.builder(
            LEADER,
            operator,
            o ->
                leaderElection
                        .map(LeaderElection::isLeader)
                        .orElseGet(() -> o.getRuntimeInfo().isStarted())
                    ? 1
                    : 0)
        .description(
            "1 while this process reconciles (it holds the lease `name`, or it started without"
                + " leader election), 0 while it stands by")
        .tag("name", leaseName)
        .strongReference(true)
        .register(registry);
  }

  /**
   * Call once the operator has started, which is when {@code /readyz} turns 200: the time since the
   * JVM started, also kept as a gauge.
   */
  public static Duration recordStartup(MeterRegistry registry) {
    Duration startup = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
    TimeGauge.builder(STARTUP, startup, TimeUnit.MILLISECONDS, Duration::toMillis)
        .description("Time from the JVM's start to the operator started and ready")
        .strongReference(true)
        .register(registry);
    return startup;
  }
}
