package dev.msa.operator.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rule's targets brought to exactly one: the subscriber queue under the operator's target id.
 *
 * @param put the target to put, when the rule does not have it as wanted
 * @param remove ids of other targets, which the operator removes
 * @param formerQueueArn the queue the operator's target pointed at before, whose policy loses the
 *     grant
 */
public record TargetUpdate(
    Optional<RuleTarget> put, List<String> remove, Optional<String> formerQueueArn)
    implements AwsUpdate {

  public static TargetUpdate between(RuleTarget wanted, List<RuleTarget> current) {
    return new TargetUpdate(
        current.contains(wanted) ? Optional.empty() : Optional.of(wanted),
        current.stream().map(RuleTarget::id).filter(id -> !wanted.id().equals(id)).toList(),
        current.stream()
            .filter(t -> wanted.id().equals(t.id()) && !wanted.arn().equals(t.arn()))
            .map(RuleTarget::arn)
            .findFirst());
  }

  @Override
  public List<String> fields() {
    List<String> fields = new ArrayList<>();
    put.ifPresent(t -> fields.add("target " + t.arn().substring(t.arn().lastIndexOf(':') + 1)));
    if (!remove.isEmpty()) {
      fields.add("removed targets " + String.join(", ", remove));
    }
    return fields;
  }
}
