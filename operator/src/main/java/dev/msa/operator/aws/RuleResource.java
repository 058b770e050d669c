package dev.msa.operator.aws;

import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.DesiredRule;
import dev.msa.operator.model.ObservedRule;
import dev.msa.operator.model.RuleTarget;
import dev.msa.operator.model.RuleUpdate;
import java.util.Map;
import java.util.Optional;

/** An EventBridge rule on a bus: its event pattern and state (its targets: {@link RuleTargets}). */
public final class RuleResource implements AwsAdapters.RuleAdapter {

  public record Key(String bus, String name) {
    /** The key of a rule ARN ({@code …:rule/name} on the default bus, {@code …:rule/bus/name}). */
    public static Key ofArn(String ruleArn, String defaultBus) {
      String path = ruleArn.substring(ruleArn.indexOf(":rule/") + ":rule/".length());
      int slash = path.lastIndexOf('/');
      return new Key(slash < 0 ? defaultBus : path.substring(0, slash), path.substring(slash + 1));
    }

    @Override
    public String toString() {
      return name + " on bus " + bus;
    }
  }

  private final EventBridgeRules rules;

  public RuleResource(EventBridgeRules rules) {
    this.rules = rules;
  }

  @Override
  public AwsPart part() {
    return AwsPart.EVENTBRIDGE_RULE;
  }

  @Override
  public Optional<ObservedRule> read(Key key) {
    return rules.describe(key.bus(), key.name());
  }

  @Override
  public Optional<ObservedRule> create(Key key, DesiredRule desired, Map<String, String> tags) {
    String arn =
        rules.put(key.bus(), key.name(), desired.eventPattern(), desired.description(), true, tags);
    return Optional.of(new ObservedRule(arn, desired.eventPattern(), true));
  }

  /**
   * PutRule replaces pattern and state in place (what the update leaves is sent as observed); the
   * tags were given at creation.
   */
  @Override
  public ObservedRule update(Key key, ObservedRule observed, RuleUpdate update) {
    rules.put(
        key.bus(),
        key.name(),
        update.eventPattern(),
        update.desired().description(),
        update.enabled(),
        Map.of());
    return new ObservedRule(observed.arn(), update.eventPattern(), update.enabled());
  }

  /** EventBridge deletes a rule only without targets. */
  @Override
  public void delete(Key key, ObservedRule observed) {
    rules.removeTargets(
        key.bus(),
        key.name(),
        rules.targets(key.bus(), key.name()).stream().map(RuleTarget::id).toList());
    rules.delete(key.bus(), key.name());
  }

  @Override
  public Map<String, String> tags(Key key, ObservedRule observed) {
    return rules.tags(observed.arn());
  }

  @Override
  public boolean taggable() {
    return true;
  }

  @Override
  public void retag(Key key, ObservedRule observed, Map<String, String> tags) {
    rules.tag(observed.arn(), tags);
  }
}
