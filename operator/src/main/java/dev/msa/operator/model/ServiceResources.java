package dev.msa.operator.model;

import dev.msa.operator.api.Autoscaling;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.PublishedTopic;
import dev.msa.operator.api.QueueSpec;
import java.util.List;
import java.util.Optional;

/**
 * The names and ARNs of everything a Microservice has on AWS, known before any of it exists: the
 * names are deterministic ({@link AwsNames}).
 *
 * @param queue the inbox queue; empty without spec.queue
 * @param deadLetterQueue its dead-letter queue; empty without spec.queue.deadLetter
 * @param scalesOnQueueDepth KEDA scales the service on its queue (spec.autoscaling.queueDepth)
 */
public record ServiceResources(
    Optional<Named> queue,
    Optional<Named> deadLetterQueue,
    List<Topic> topics,
    String roleName,
    String roleArn,
    boolean scalesOnQueueDepth) {

  /** A resource's name and ARN. */
  public record Named(String name, String arn) {}

  /** A published topic: its name in the spec, on AWS, and its ARN. */
  public record Topic(String specName, String name, String arn, boolean fifo) {}

  public static ServiceResources of(Microservice ms, AwsNames names, AwsArns arns) {
    String namespace = ms.getMetadata().getNamespace();
    String name = ms.getMetadata().getName();
    QueueSpec queue = ms.getSpec().getQueue();
    Optional<Named> inbox = Optional.empty();
    Optional<Named> deadLetter = Optional.empty();
    if (queue != null) {
      boolean fifo = Boolean.TRUE.equals(queue.getFifo());
      String queueName = names.queue(namespace, name, fifo);
      inbox = Optional.of(new Named(queueName, arns.queue(queueName)));
      if (queue.getDeadLetter() != null) {
        String dlqName = names.deadLetterQueue(namespace, name, fifo);
        deadLetter = Optional.of(new Named(dlqName, arns.queue(dlqName)));
      }
    }
    List<Topic> topics =
        ms.getSpec().getPublishes().stream()
            .map(t -> topic(namespace, name, t, names, arns))
            .toList();
    String roleName = names.role(namespace, name);
    return new ServiceResources(
        inbox, deadLetter, topics, roleName, arns.role(roleName), scalesOnQueueDepth(ms));
  }

  private static Topic topic(
      String namespace, String name, PublishedTopic topic, AwsNames names, AwsArns arns) {
    boolean fifo = Boolean.TRUE.equals(topic.getFifo());
    String topicName = names.topic(namespace, name, topic.getName(), fifo);
    return new Topic(topic.getName(), topicName, arns.topic(topicName), fifo);
  }

  /** Whether KEDA scales the service on the depth of its own queue. */
  public static boolean scalesOnQueueDepth(Microservice ms) {
    Autoscaling autoscaling = ms.getSpec().getAutoscaling();
    return autoscaling != null
        && autoscaling.getQueueDepth() != null
        && ms.getSpec().getQueue() != null;
  }

  /** The ARNs of the declared intent, which the role's policy grants. */
  public ServicePermissions permissions() {
    return new ServicePermissions(
            queue.map(Named::arn),
            deadLetterQueue.map(Named::arn),
            topics.stream().map(Topic::arn).toList())
        .withQueueDepthScaling(scalesOnQueueDepth);
  }
}
