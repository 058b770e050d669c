package dev.msa.operator.model;

import java.util.Optional;

/**
 * What DescribeTimeToLive says: ENABLED, ENABLING, DISABLED or DISABLING, and the attribute (also
 * kept after it was disabled).
 */
public record ObservedTimeToLive(String status, Optional<String> attribute) {
  public static final String ENABLED = "ENABLED";
  public static final String ENABLING = "ENABLING";
  public static final String DISABLED = "DISABLED";
  public static final String DISABLING = "DISABLING";
}
