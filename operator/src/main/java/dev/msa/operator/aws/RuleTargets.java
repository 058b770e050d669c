package dev.msa.operator.aws;

import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.RuleTarget;
import dev.msa.operator.model.TargetUpdate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The targets of an EventBridge rule. */
public final class RuleTargets implements AwsAdapters.TargetAdapter {
  private final EventBridgeRules rules;

  public RuleTargets(EventBridgeRules rules) {
    this.rules = rules;
  }

  @Override
  public AwsPart part() {
    return AwsPart.EVENTBRIDGE_TARGETS;
  }

  @Override
  public Optional<List<RuleTarget>> read(RuleResource.Key rule) {
    return Optional.of(rules.targets(rule.bus(), rule.name()));
  }

  @Override
  public Optional<List<RuleTarget>> create(
      RuleResource.Key rule, RuleTarget target, Map<String, String> tags) {
    rules.putTarget(rule.bus(), rule.name(), target);
    return Optional.of(List.of(target));
  }

  @Override
  public List<RuleTarget> update(
      RuleResource.Key rule, List<RuleTarget> observed, TargetUpdate update) {
    update.put().ifPresent(target -> rules.putTarget(rule.bus(), rule.name(), target));
    if (!update.remove().isEmpty()) {
      rules.removeTargets(rule.bus(), rule.name(), update.remove());
    }
    return update.put().map(List::of).orElse(observed);
  }

  @Override
  public void delete(RuleResource.Key rule, List<RuleTarget> observed) {
    rules.removeTargets(rule.bus(), rule.name(), observed.stream().map(RuleTarget::id).toList());
  }

  @Override
  public Map<String, String> tags(RuleResource.Key rule, List<RuleTarget> observed) {
    return Map.of(); // targets are part of their rule
  }
}
