package dev.msa.operator.reconciler;

import dev.msa.operator.api.QueueStatus;
import dev.msa.operator.api.TopicStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconcile of a Microservice's AWS side observed and did: the conditions of each part,
 * what status and the workload need from it, and what was created or put back.
 */
final class AwsOutcome {
  final List<Condition> conditions = new ArrayList<>();
  final Map<String, String> env = new LinkedHashMap<>();
  final Map<String, String> serviceAccountAnnotations = new LinkedHashMap<>();
  final List<TopicStatus> topics = new ArrayList<>();

  /** What changed on AWS: a spec change ("Updated") or, with an unchanged spec, drift. */
  final List<String> changes = new ArrayList<>();

  /** What changed on AWS because a bound DataStore did: an update, never drift. */
  final List<String> bindingChanges = new ArrayList<>();

  final List<String> created = new ArrayList<>();
  final List<String> deleted = new ArrayList<>();
  Optional<QueueStatus> queue = Optional.empty();
  Optional<String> roleArn = Optional.empty();

  /** The role exists: the pods may start. */
  boolean roleExists;

  /** A part failed with an error worth retrying soon. */
  boolean retrySoon;

  /** What was observed, without what was done: the state to reuse, with nothing to announce. */
  AwsOutcome steadyCopy() {
    AwsOutcome copy = new AwsOutcome();
    conditions.forEach(c -> copy.conditions.add(new ConditionBuilder(c).build()));
    copy.env.putAll(env);
    copy.serviceAccountAnnotations.putAll(serviceAccountAnnotations);
    topics.forEach(t -> copy.topics.add(new TopicStatus(t.getName(), t.getArn())));
    copy.queue = queue.map(AwsOutcome::copyOf);
    copy.roleArn = roleArn;
    copy.roleExists = roleExists;
    copy.retrySoon = retrySoon;
    return copy;
  }

  private static QueueStatus copyOf(QueueStatus queue) {
    return Serialization.jsonMapper().convertValue(queue, QueueStatus.class);
  }
}
