package dev.msa.operator.model;

/** The EventBridge rule an EventSubscription should have; PutRule sends all of it every time. */
public record DesiredRule(String eventPattern, String description) {}
