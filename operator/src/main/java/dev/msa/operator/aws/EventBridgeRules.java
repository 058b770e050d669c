package dev.msa.operator.aws;

import dev.msa.operator.model.ObservedRule;
import dev.msa.operator.model.RuleTarget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.PutRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Tag;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * EventBridge rules with an event pattern, by bus and name, and their targets. A rule's targets are
 * separate calls; {@code PutTargets} and {@code RemoveTargets} report failed entries in a
 * successful answer, which this adapter turns into errors.
 */
public final class EventBridgeRules {
  private static final String EVENTS = "events";

  private final EventBridgeClient events;

  public EventBridgeRules(EventBridgeClient events) {
    this.events = events;
  }

  /** The rule, or empty when the bus has no rule of that name (or the bus does not exist). */
  public Optional<ObservedRule> describe(String bus, String name) {
    try {
      DescribeRuleResponse rule = events.describeRule(r -> r.eventBusName(bus).name(name));
      return Optional.of(
          new ObservedRule(rule.arn(), rule.eventPattern(), rule.state() == RuleState.ENABLED));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.classify(EVENTS, "DescribeRule", e);
    }
  }

  public Map<String, String> tags(String ruleArn) {
    try {
      return events.listTagsForResource(r -> r.resourceARN(ruleArn)).tags().stream()
          .collect(Collectors.toMap(Tag::key, Tag::value));
    } catch (SdkException e) {
      throw AwsErrors.classify(EVENTS, "ListTagsForResource", e);
    }
  }

  /** Adds or overwrites the given tags; the others stay. */
  public void tag(String ruleArn, Map<String, String> tags) {
    try {
      events.tagResource(
          r ->
              r.resourceARN(ruleArn)
                  .tags(
                      tags.entrySet().stream()
                          .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                          .toList()));
    } catch (SdkException e) {
      throw AwsErrors.classify(EVENTS, "TagResource", e);
    }
  }

  /**
   * Creates the rule, or replaces an existing one's pattern and state in place (its targets stay),
   * and returns its ARN. Tags are passed only at creation: give none on an update.
   */
  public String put(
      String bus,
      String name,
      String eventPattern,
      String description,
      boolean enabled,
      Map<String, String> tags) {
    try {
      PutRuleRequest.Builder request =
          PutRuleRequest.builder()
              .eventBusName(bus)
              .name(name)
              .eventPattern(eventPattern)
              .state(enabled ? RuleState.ENABLED : RuleState.DISABLED)
              .description(description);
      if (!tags.isEmpty()) {
        request.tags(
            tags.entrySet().stream()
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                .toList());
      }
      return events.putRule(request.build()).ruleArn();
    } catch (SdkException e) {
      throw AwsErrors.classify(EVENTS, "PutRule", e);
    }
  }

  /** The rule's targets; none when the rule is gone. */
  public List<RuleTarget> targets(String bus, String name) {
    try {
      // A rule has at most five targets: one page holds them all.
      return events.listTargetsByRule(r -> r.eventBusName(bus).rule(name)).targets().stream()
          .map(
              t ->
                  new RuleTarget(
                      t.id(),
                      t.arn(),
                      t.sqsParameters() == null ? null : t.sqsParameters().messageGroupId()))
          .toList();
    } catch (ResourceNotFoundException e) {
      return List.of();
    } catch (SdkException e) {
      throw AwsErrors.classify(EVENTS, "ListTargetsByRule", e);
    }
  }

  /** Adds the target, or replaces the rule's target with the same id. */
  public void putTarget(String bus, String name, RuleTarget target) {
    Target.Builder sqsTarget = Target.builder().id(target.id()).arn(target.arn());
    if (target.messageGroupId() != null) {
      sqsTarget.sqsParameters(p -> p.messageGroupId(target.messageGroupId()));
    }
    try {
      var response =
          events.putTargets(r -> r.eventBusName(bus).rule(name).targets(sqsTarget.build()));
      if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
        var failed = response.failedEntries().get(0);
        throw failedEntry("PutTargets", failed.errorCode(), failed.errorMessage());
      }
    } catch (SdkException e) {
      throw AwsErrors.classify(EVENTS, "PutTargets", e);
    }
  }

  /** Removes these targets; a rule or target that is already gone is fine. */
  public void removeTargets(String bus, String name, List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    try {
      var response = events.removeTargets(r -> r.eventBusName(bus).rule(name).ids(ids));
      if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
        var failed = response.failedEntries().get(0);
        throw failedEntry("RemoveTargets", failed.errorCode(), failed.errorMessage());
      }
    } catch (ResourceNotFoundException e) {
      // already gone
    } catch (SdkException e) {
      throw AwsErrors.classify(EVENTS, "RemoveTargets", e);
    }
  }

  /** Deletes the rule, which must have no targets left; a rule that is already gone is fine. */
  public void delete(String bus, String name) {
    try {
      events.deleteRule(r -> r.eventBusName(bus).name(name));
    } catch (ResourceNotFoundException e) {
      // already gone
    } catch (SdkException e) {
      throw AwsErrors.classify(EVENTS, "DeleteRule", e);
    }
  }

  /** A failed entry of a successful answer, classified as if AWS had answered with its code. */
  private static AwsException failedEntry(String operation, String code, String message) {
    return AwsErrors.classify(
        EVENTS,
        operation,
        AwsServiceException.builder()
            .statusCode("InternalException".equals(code) ? 500 : 400)
            .message(message)
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode(code)
                    .errorMessage(message)
                    .serviceName("EventBridge")
                    .build())
            .build());
  }
}
