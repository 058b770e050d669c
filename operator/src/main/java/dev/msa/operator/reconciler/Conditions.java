package dev.msa.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * KEP-1623 conditions. {@link #carryForward} keeps {@code lastTransitionTime} unless the status
 * changed, which is what keeps a status write from following every reconcile.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private Conditions() {}

  public static Condition of(String type, boolean status, String reason, String message) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? TRUE : FALSE)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  public static boolean isTrue(Condition condition) {
    return TRUE.equals(condition.getStatus());
  }

  /**
   * The Ready condition over the given ones: False with the first failing condition's reason and a
   * message naming it, or True when all hold.
   */
  public static Condition ready(List<Condition> parts) {
    List<Condition> failing = parts.stream().filter(c -> !isTrue(c)).toList();
    if (failing.isEmpty()) {
      return of(READY, true, "Ready", "all parts are ready");
    }
    Condition first = failing.get(0);
    String others =
        failing.size() == 1
            ? ""
            : " (also not ready: "
                + failing.stream().skip(1).map(Condition::getType).collect(Collectors.joining(", "))
                + ")";
    return of(
        READY, false, first.getReason(), first.getType() + ": " + first.getMessage() + others);
  }

  /**
   * Stamps the generation and transition times on {@code current}: a condition whose status is
   * unchanged keeps its previous lastTransitionTime.
   */
  public static List<Condition> carryForward(
      List<Condition> previous, List<Condition> current, Long generation, Instant now) {
    Map<String, Condition> before =
        (previous == null ? List.<Condition>of() : previous)
            .stream()
                .collect(Collectors.toMap(Condition::getType, Function.identity(), (a, b) -> a));
    String nowText = now.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Condition> result = new ArrayList<>();
    for (Condition condition : current) {
      Condition old = before.get(condition.getType());
      String transition =
          old != null && condition.getStatus().equals(old.getStatus())
              ? old.getLastTransitionTime()
              : nowText;
      result.add(
          new ConditionBuilder(condition)
              .withObservedGeneration(generation)
              .withLastTransitionTime(transition)
              .build());
    }
    return result;
  }
}
