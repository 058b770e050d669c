package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key attribute of a table or index. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyAttribute {

  @Required
  @Size(min = 1, max = 255)
  @Pattern("^[A-Za-z0-9_.-]+$")
  @JsonPropertyDescription("Attribute name.")
  private String name;

  @Required
  @JsonPropertyDescription(
      "Attribute type: S, N or B (DynamoDB's codes), or the same as String, Number or Binary."
          + " Write Number, or quote N (type: \"N\"): kubectl's YAML 1.1 parser reads a bare N as"
          + " false, which is refused as \"must be of type string: boolean\".")
  private AttributeType type;

  public KeyAttribute() {}

  public KeyAttribute(String name, AttributeType type) {
    this.name = name;
    this.type = type;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public AttributeType getType() {
    return type;
  }

  public void setType(AttributeType type) {
    this.type = type;
  }
}
