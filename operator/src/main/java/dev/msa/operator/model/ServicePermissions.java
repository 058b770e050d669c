package dev.msa.operator.model;

import java.util.List;
import java.util.Optional;

/**
 * What a service's intent needs on AWS, as exact ARNs: its own queue (and dead-letter queue) to
 * consume, its own topics to publish to, the tables of the DataStores it is bound to.
 */
public record ServicePermissions(
    Optional<String> queueArn,
    Optional<String> deadLetterQueueArn,
    List<String> topicArns,
    List<TableGrant> tables) {

  public ServicePermissions {
    topicArns = List.copyOf(topicArns);
    tables = List.copyOf(tables);
  }

  public ServicePermissions(
      Optional<String> queueArn, Optional<String> deadLetterQueueArn, List<String> topicArns) {
    this(queueArn, deadLetterQueueArn, topicArns, List.of());
  }

  public ServicePermissions withTables(List<TableGrant> tables) {
    return new ServicePermissions(queueArn, deadLetterQueueArn, topicArns, tables);
  }

  public boolean isEmpty() {
    return queueArn.isEmpty() && topicArns.isEmpty() && tables.isEmpty();
  }
}
