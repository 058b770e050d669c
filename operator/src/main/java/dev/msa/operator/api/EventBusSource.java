package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An EventBridge rule on a bus, targeting the subscriber's queue. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EventBusSource {

  @Default("default")
  @Size(min = 1, max = 256)
  @Pattern("^[A-Za-z0-9/._-]+$")
  @JsonPropertyDescription("Event bus name. Default: the account's default bus.")
  private String name;

  @Required
  @PreserveUnknownFields
  @SchemaFrom(type = FreeFormObject.class)
  @JsonPropertyDescription(
      "EventBridge event pattern (JSON object), e.g. {source: [com.acme.orders]}.")
  private JsonNode pattern;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public JsonNode getPattern() {
    return pattern;
  }

  public void setPattern(JsonNode pattern) {
    this.pattern = pattern;
  }
}
