package dev.msa.operator.model;

/**
 * A target of an EventBridge rule: an SQS queue, with the message group of a FIFO queue.
 *
 * @param messageGroupId null for a standard queue
 */
public record RuleTarget(String id, String arn, String messageGroupId) {}
