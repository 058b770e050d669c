package dev.msa.operator.e2e.bench;

import static dev.msa.operator.e2e.bench.AckBench.castMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The Markdown of an {@link AckBench} run: the side-by-side table and moto's ceiling. */
final class AckReport {
  private AckReport() {}

  static String sideBySide(Map<String, Object> results, int tuned) {
    Map<String, Object> machine = castMap(results.get("machine"));
    Map<String, Object> msa = castMap(results.get("msa"));
    Map<String, Object> def = castMap(results.get("ackDefault"));
    Map<String, Object> tun = castMap(results.get("ackTuned"));
    List<Map<String, Object>> all = List.of(msa, def, tun);
    StringBuilder s = new StringBuilder();
    s.append("### N = ")
        .append(results.get("n"))
        .append(" (")
        .append(results.get("date"))
        .append(")\n\n");
    s.append("Machine: ")
        .append(machine.get("cpus"))
        .append(" CPUs, ")
        .append(machine.get("memoryGiB"))
        .append(" GiB, load average at the start ")
        .append(machine.get("loadAverageAtStart"))
        .append(" (shared with other builds: the figures are noisy); Java ")
        .append(machine.get("java"))
        .append("; Kubernetes ")
        .append(machine.get("kubernetes"))
        .append("; moto ")
        .append(machine.get("MOTO_VERSION"))
        .append("; ACK ")
        .append(compact(castMap(results.get("ackVersions"))))
        .append("; resync interval ")
        .append(results.get("resyncIntervalSeconds"))
        .append(" s for both.\n\n");
    if (results.containsKey("error")) {
      s.append("**The run failed:** `").append(results.get("error")).append("`\n\n");
    }
    s.append(
            "| Figure | msa-operator | ACK at its defaults (1 reconcile at a time per kind) | ACK tuned (")
        .append(tuned)
        .append(" concurrent reconciles per kind) |\n|---|---|---|---|\n");
    row(s, "Objects the user applies per service", all, m -> m.get("objectsPerService"));
    row(
        s,
        "Lines of YAML the user writes per service (the AWS side)",
        all,
        m -> m.get("yamlLinesPerService"));
    row(
        s,
        "&nbsp;&nbsp;with the ServiceAccount and Deployment a Microservice also makes",
        all,
        m ->
            m.getOrDefault(
                "yamlLinesPerServiceWithDeploymentAndServiceAccount",
                m.get("yamlLinesPerService")));
    row(s, "Apply (client side, 8 threads), s", all, m -> m.get("applySeconds"));
    row(s, "Apply → all Ready / ACK.ResourceSynced, s", all, m -> m.get("allReadySeconds"));
    row(s, "&nbsp;&nbsp;objects Ready/synced at the end", all, m -> m.get("readyWithinTimeout"));
    row(
        s,
        "&nbsp;&nbsp;apply → half the objects Ready/synced, s",
        all,
        m -> m.get("readyP50Seconds"));
    row(
        s,
        "AWS calls during provisioning (moto's recorder)",
        all,
        m -> m.get("provisionAwsCallsTotal"));
    row(s, "&nbsp;&nbsp;per service", all, m -> m.get("provisionAwsCallsPerService"));
    row(
        s,
        "&nbsp;&nbsp;msa-operator's own count of its calls (cross-check)",
        all,
        m -> m.get("operatorOwnCountOfItsAwsCalls"));
    row(
        s,
        "Steady state: AWS calls per service per resync",
        all,
        m -> castMap(m.get("steadyState")).get("awsCallsPerServicePerResync"));
    row(
        s,
        "&nbsp;&nbsp;of which reads",
        all,
        m -> castMap(m.get("steadyState")).get("awsReadsPerServicePerResync"));
    row(
        s,
        "&nbsp;&nbsp;AWS writes per resync (all services)",
        all,
        m -> castMap(m.get("steadyState")).get("awsWritesPerResync"));
    row(
        s,
        "Peak RSS (summed over the processes: one JVM / one per ACK controller), MiB",
        all,
        m -> m.get("peakRssMiB"));
    row(
        s,
        "Peak heap (JVM heap used / Go heap alloc, summed), MiB",
        all,
        m -> m.get("peakHeapMiB"));
    row(s, "CPU seconds during provisioning", all, m -> m.get("provisionCpuSeconds"));
    row(
        s,
        "CPU seconds in the steady window (2 resyncs)",
        all,
        m -> castMap(m.get("steadyState")).get("cpuSeconds"));
    row(s, "Delete → all objects gone, s", all, m -> m.get("deleteSeconds"));
    row(
        s,
        "ACK Terminal/Recoverable conditions left after provisioning",
        all,
        m -> m.get("terminalOrRecoverableAtTheEnd"));
    row(s, "Provisioning: AWS calls by operation", all, m -> m.get("provisionAwsCalls"));
    row(
        s,
        "Steady state: AWS calls by operation (2 resyncs)",
        all,
        m -> castMap(m.get("steadyState")).get("awsCalls"));
    s.append('\n');
    return s.toString();
  }

  static String ceiling(Map<String, Object> results) {
    Map<String, Object> c = castMap(results.get("motoCeiling"));
    StringBuilder s = new StringBuilder();
    s.append("### N = ")
        .append(results.get("n"))
        .append(" (")
        .append(results.get("date"))
        .append(")\n\n");
    if (c.isEmpty()) {
      return s.append("Not measured in this run.\n\n").toString();
    }
    s.append("| Plain SDK loop, ")
        .append(c.get("callsPerService"))
        .append(
            " calls per service | seconds for N | services/s | AWS calls/s (recorded) |\n|---|---|---|---|\n");
    for (String key : c.keySet()) {
      if (key.startsWith("threads")) {
        Map<String, Object> t = castMap(c.get(key));
        s.append("| ")
            .append(key.substring(7))
            .append(" thread(s) | ")
            .append(t.get("seconds"))
            .append(" | ")
            .append(t.get("servicesPerSecond"))
            .append(" | ")
            .append(t.get("callsPerSecond"))
            .append(" (")
            .append(t.get("awsCallsRecorded"))
            .append(" calls) |\n");
      }
    }
    s.append("| msa-operator, apply → all Ready (same run) | ")
        .append(castMap(results.get("msa")).get("allReadySeconds"))
        .append(" | ")
        .append(c.get("msaServicesPerSecondToAllReady"))
        .append(" | ")
        .append(c.get("msaAwsCallsPerSecondToAllReady"))
        .append(" |\n\n");
    s.append("msa-operator provisioned at **")
        .append(c.get("msaFractionOfCeiling"))
        .append("** of moto's best rate for the same call mix (")
        .append(c.get("msaServicesPerSecondToAllReady"))
        .append(" of ")
        .append(c.get("bestServicesPerSecond"))
        .append(" services/s).\n\n");
    return s.toString();
  }

  private static void row(
      StringBuilder s,
      String figure,
      List<Map<String, Object>> columns,
      Function<Map<String, Object>, Object> value) {
    s.append("| ").append(figure);
    for (Map<String, Object> column : columns) {
      Object v = column.isEmpty() ? null : value.apply(column);
      s.append(" | ").append(v == null ? "—" : v instanceof Map<?, ?> map ? compact(map) : v);
    }
    s.append(" |\n");
  }

  private static String compact(Map<?, ?> map) {
    List<String> parts = new ArrayList<>();
    map.forEach(
        (k, v) -> parts.add(k + ": " + (v instanceof Map<?, ?> inner ? compact(inner) : v)));
    return map.isEmpty() ? "none" : String.join(", ", parts);
  }
}
