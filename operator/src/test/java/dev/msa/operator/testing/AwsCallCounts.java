package dev.msa.operator.testing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.TreeMap;

/** AWS calls by operation, read from the operator's own msa.aws.calls meters. */
public final class AwsCallCounts {
  private AwsCallCounts() {}

  public static Map<String, Long> byOperation(MeterRegistry registry) {
    Map<String, Long> counts = new TreeMap<>();
    for (Timer timer : registry.find("msa.aws.calls").timers()) {
      counts.merge(timer.getId().getTag("operation"), timer.count(), Long::sum);
    }
    return counts;
  }

  public static long of(MeterRegistry registry, String operation) {
    return byOperation(registry).getOrDefault(operation, 0L);
  }

  /** Reads are Get*, List* and Describe*; everything else changes something. */
  public static boolean isRead(String operation) {
    return operation.startsWith("Get")
        || operation.startsWith("List")
        || operation.startsWith("Describe");
  }

  public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach(
        (operation, count) -> {
          long change = count - before.getOrDefault(operation, 0L);
          if (change != 0) {
            delta.put(operation, change);
          }
        });
    return delta;
  }
}
