package dev.msa.operator.model;

import java.util.List;
import java.util.Optional;

/**
 * What a service's intent needs on AWS, as exact ARNs: its own queue (and dead-letter queue) to
 * consume, its own topics to publish to. Later issues add bound tables.
 */
public record ServicePermissions(
    Optional<String> queueArn, Optional<String> deadLetterQueueArn, List<String> topicArns) {

  public ServicePermissions {
    topicArns = List.copyOf(topicArns);
  }

  public boolean isEmpty() {
    return queueArn.isEmpty() && topicArns.isEmpty();
  }
}
