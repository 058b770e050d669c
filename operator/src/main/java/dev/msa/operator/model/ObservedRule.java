package dev.msa.operator.model;

/** What an EventBridge rule is, as EventBridge reports it. */
public record ObservedRule(String arn, String eventPattern, boolean enabled) {}
