package dev.msa.operator.operations;

import dev.msa.operator.config.ConfigException;
import dev.msa.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lease-based leader election through JOSDK: every replica starts its informers, only the holder of
 * the lease processes events. Two things differ from JOSDK 5.2's defaults:
 *
 * <ul>
 *   <li>JOSDK 5.2 installs no shutdown hook with leader election, and its elector is built not to
 *       release the lease when cancelled, so a stopped leader leaves the lease to expire. The
 *       process's own shutdown hook calls {@link #stopping()}, stops the operator (no reconcile
 *       runs after that) and then {@link #releaseLease releases the lease}, so a standby takes over
 *       at its next retry instead of after the lease duration.
 *   <li>JOSDK exits the process when leadership is lost, also while the operator stops, where its
 *       {@code System.exit} inside a shutdown hook would block. Here JOSDK is told not to exit, and
 *       losing the lease exits the process unless it is stopping anyway.
 * </ul>
 */
public final class LeaderElection {
  private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

  /** JOSDK's defaults: a standby takes over at most this long after the leader died. */
  public static final Duration LEASE_DURATION =
      LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE;

  private static final Duration RENEW_DEADLINE =
      LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE;
  private static final Duration RETRY_PERIOD =
      LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE;

  private final String leaseName;
  private final String leaseNamespace;
  private final String identity;
  private final Runnable onLostLease;
  private volatile boolean leader;
  private volatile boolean stopping;

  LeaderElection(String leaseName, String leaseNamespace, String identity, Runnable onLostLease) {
    this.leaseName = leaseName;
    this.leaseNamespace = leaseNamespace;
    this.identity = identity;
    this.onLostLease = onLostLease;
  }

  /**
   * Leader election as configured, or empty when it is off. Part of validating the configuration:
   * with leader election on, the lease needs a namespace.
   */
  public static Optional<LeaderElection> from(OperatorConfig config) {
    if (!config.leaderElection()) {
      return Optional.empty();
    }
    String namespace =
        config
            .leaseNamespace()
            .orElseThrow(
                () ->
                    new ConfigException(
                        OperatorConfig.LEADER_ELECTION
                            + "=true needs the lease's namespace: set "
                            + OperatorConfig.LEASE_NAMESPACE
                            + " or POD_NAMESPACE (the Helm chart sets it from the downward API)"));
    return Optional.of(
        new LeaderElection(
            config.leaseName(), namespace, config.podName(), LeaderElection::exitProcess));
  }

  /** For JOSDK's {@code withLeaderElectionConfiguration}. */
  public LeaderElectionConfiguration configuration() {
    return new LeaderElectionConfiguration(
        leaseName,
        leaseNamespace,
        LEASE_DURATION,
        RENEW_DEADLINE,
        RETRY_PERIOD,
        identity,
        new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader),
        false);
  }

  public boolean isLeader() {
    return leader;
  }

  public String identity() {
    return identity;
  }

  public String describe() {
    return "lease " + leaseNamespace + "/" + leaseName + " as " + identity;
  }

  /** The process is shutting down: losing the lease from now on is expected. */
  public void stopping() {
    stopping = true;
  }

  /**
   * Hands the lease over: when this process still holds it, empties its holder and shortens it to
   * one second, as client-go and fabric8 do on release. Call only after the operator has stopped,
   * so that nothing reconciles once another replica can lead. Returns whether it released it.
   */
  public boolean releaseLease(KubernetesClient client) {
    for (int attempt = 1; attempt <= 3; attempt++) {
      Lease lease =
          client.resources(Lease.class).inNamespace(leaseNamespace).withName(leaseName).get();
      LeaseSpec spec = lease == null ? null : lease.getSpec();
      if (spec == null || !identity.equals(spec.getHolderIdentity())) {
        return false;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      spec.setHolderIdentity(null);
      spec.setLeaseDurationSeconds(1);
      spec.setRenewTime(now);
      spec.setAcquireTime(Objects.requireNonNullElse(spec.getAcquireTime(), now));
      try {
        client.resource(lease).update(); // optimistic: fails if the lease changed since the read
        log.info("released {}", describe());
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          log.warn("could not release {}: {}", describe(), e.getMessage());
          return false;
        }
      }
    }
    return false;
  }

  private void startedLeading() {
    leader = true;
    log.info("leading: {}; reconciling from now on", describe());
  }

  private void stoppedLeading() {
    boolean wasLeader = leader;
    leader = false;
    if (stopping) {
      return;
    }
    if (wasLeader) {
      log.error("lost {}; exiting so that only the new leader reconciles", describe());
      onLostLease.run();
    }
  }

  private void newLeader(String holder) {
    if (holder == null || holder.isEmpty()) {
      log.info("{}: no holder, the lease was released", describe());
    } else if (!holder.equals(identity)) {
      log.info("{}: standing by, {} leads", describe(), holder);
    }
  }

  /** Exits from a thread of its own: the caller may be one that the shutdown waits for. */
  private static void exitProcess() {
    new Thread(() -> System.exit(1), "msa-operator-lost-lease").start();
  }
}
