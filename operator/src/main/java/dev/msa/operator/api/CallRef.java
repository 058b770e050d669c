package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Microservice this service calls over HTTP. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CallRef {

  @Required
  @Pattern(Names.DNS_LABEL)
  @Size(max = 63)
  @JsonPropertyDescription("Name of the called Microservice.")
  private String name;

  @Pattern(Names.DNS_LABEL)
  @Size(max = 63)
  @JsonPropertyDescription("Namespace of the called Microservice. Absent means this namespace.")
  private String namespace;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }
}
