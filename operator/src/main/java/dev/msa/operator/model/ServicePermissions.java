package dev.msa.operator.model;

import java.util.List;
import java.util.Optional;

/**
 * What a service's intent needs on AWS, as exact ARNs: its own queue (and dead-letter queue) to
 * consume, its own topics to publish to, the tables of the DataStores it is bound to; and whether
 * KEDA reads its queue's depth to scale it.
 */
public record ServicePermissions(
    Optional<String> queueArn,
    Optional<String> deadLetterQueueArn,
    List<String> topicArns,
    List<TableGrant> tables,
    boolean scalesOnQueueDepth) {

  public ServicePermissions {
    topicArns = List.copyOf(topicArns);
    tables = List.copyOf(tables);
  }

  public ServicePermissions(
      Optional<String> queueArn, Optional<String> deadLetterQueueArn, List<String> topicArns) {
    this(queueArn, deadLetterQueueArn, topicArns, List.of(), false);
  }

  public ServicePermissions(
      Optional<String> queueArn,
      Optional<String> deadLetterQueueArn,
      List<String> topicArns,
      List<TableGrant> tables) {
    this(queueArn, deadLetterQueueArn, topicArns, tables, false);
  }

  public ServicePermissions withTables(List<TableGrant> tables) {
    return new ServicePermissions(
        queueArn, deadLetterQueueArn, topicArns, tables, scalesOnQueueDepth);
  }

  public ServicePermissions withQueueDepthScaling(boolean scales) {
    return new ServicePermissions(queueArn, deadLetterQueueArn, topicArns, tables, scales);
  }

  public boolean isEmpty() {
    return queueArn.isEmpty() && topicArns.isEmpty() && tables.isEmpty();
  }
}
