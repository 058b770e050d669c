package dev.msa.operator.model;

import java.util.Map;

/** An SQS queue as SQS reports it: its URL and all its attributes. */
public record ObservedQueue(String url, Map<String, String> attributes) {
  public ObservedQueue {
    attributes = Map.copyOf(attributes);
  }

  public String name() {
    return url.substring(url.lastIndexOf('/') + 1);
  }
}
