package dev.msa.operator.reconciler;

import dev.msa.operator.api.QueueStatus;
import dev.msa.operator.api.TopicStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconcile of a Microservice's AWS side observed and did: besides each part's condition
 * and changes, what status and the workload need from it.
 */
final class AwsOutcome extends AwsParts {
  final Map<String, String> env = new LinkedHashMap<>();
  final Map<String, String> serviceAccountAnnotations = new LinkedHashMap<>();
  final List<TopicStatus> topics = new ArrayList<>();

  /** What changed on AWS because a bound DataStore did: an update, never drift. */
  final List<Change> bindingChanges = new ArrayList<>();

  Optional<QueueStatus> queue = Optional.empty();
  Optional<String> roleArn = Optional.empty();

  /** The role exists: the pods may start. */
  boolean roleExists;

  /** A plan creates the role: the pods may start once it is applied. */
  boolean rolePlanned;

  /**
   * What was observed, without what was done: the state to reuse, with nothing to announce. The
   * drift it reports is observed state: the Drifted condition stays as it was.
   */
  AwsOutcome steadyCopy() {
    AwsOutcome copy = new AwsOutcome();
    conditions.forEach(c -> copy.conditions.add(new ConditionBuilder(c).build()));
    copy.env.putAll(env);
    copy.serviceAccountAnnotations.putAll(serviceAccountAnnotations);
    topics.forEach(t -> copy.topics.add(new TopicStatus(t.getName(), t.getArn())));
    copy.drift.addAll(drift);
    copy.queue = queue.map(AwsOutcome::copyOf);
    copy.roleArn = roleArn;
    copy.roleExists = roleExists;
    copy.retrySoon = retrySoon;
    return copy;
  }

  void putEnv(String name, String value) {
    if (value != null) {
      env.put(name, value);
    }
  }

  private static QueueStatus copyOf(QueueStatus queue) {
    return Serialization.jsonMapper().convertValue(queue, QueueStatus.class);
  }
}
