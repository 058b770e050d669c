package dev.msa.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * KEP-1623 conditions. {@link #carryForward} keeps {@code lastTransitionTime} unless the status
 * changed, which is what keeps a status write from following every reconcile. Beside Ready, {@link
 * #withKstatus} adds kstatus' Reconciling or Stalled, so Flux, {@code kubectl wait} and Argo CD
 * tell a terminal failure from progress without reading messages.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String TRUE = "True";
  public static final String FALSE = "False";

  /** kstatus: the object is working towards Ready. True or absent (abnormal-true). */
  public static final String RECONCILING = "Reconciling";

  /** kstatus: the object cannot become Ready until something changes. True or absent. */
  public static final String STALLED = "Stalled";

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
   * The Ready condition over the given ones: False with the reason of the first failing condition
   * that is terminal, else of the first failing one, and a message naming it; or True when all
   * hold. A terminal failure comes first because waiting for the others does not make it Ready.
   */
  public static Condition ready(List<Condition> parts) {
    List<Condition> failing = parts.stream().filter(c -> !isTrue(c)).toList();
    if (failing.isEmpty()) {
      return of(READY, true, "Ready", "all parts are ready");
    }
    Condition first =
        failing.stream().filter(Reasons::isTerminal).findFirst().orElse(failing.get(0));
    String others =
        failing.size() == 1
            ? ""
            : " (also not ready: "
                + failing.stream()
                    .filter(c -> c != first)
                    .map(Condition::getType)
                    .collect(Collectors.joining(", "))
                + ")";
    return of(
        READY, false, first.getReason(), first.getType() + ": " + first.getMessage() + others);
  }

  /**
   * {@code conditions} with kstatus' conditions after Ready, derived from it: none when Ready is
   * True; Stalled=True when its reason is terminal ({@link Reasons#isTerminal}); else
   * Reconciling=True. Both carry Ready's reason and message. Any earlier Reconciling or Stalled is
   * replaced, and of conditions of the same type only the first is kept.
   */
  public static List<Condition> withKstatus(List<Condition> conditions) {
    List<Condition> result = new ArrayList<>();
    Set<String> types = new HashSet<>();
    for (Condition condition : conditions) {
      String type = condition.getType();
      // The CRDs list conditions as a map keyed by type: the apiserver refuses a repeated one.
      if (RECONCILING.equals(type) || STALLED.equals(type) || !types.add(type)) {
        continue;
      }
      result.add(condition);
      if (READY.equals(type) && !isTrue(condition)) {
        result.add(
            of(
                Reasons.isTerminal(condition) ? STALLED : RECONCILING,
                true,
                condition.getReason(),
                condition.getMessage()));
      }
    }
    return result;
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
