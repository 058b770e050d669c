package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A topic in some Microservice's spec.publishes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicRef {

  @Required
  @Pattern(Names.DNS_LABEL)
  @Size(max = 63)
  @JsonPropertyDescription("The publishing Microservice.")
  private String microservice;

  @Required
  @Pattern(Names.DNS_LABEL)
  @Size(max = 40)
  @JsonPropertyDescription("The topic's name in that Microservice's spec.publishes.")
  private String name;

  @Pattern(Names.DNS_LABEL)
  @Size(max = 63)
  @JsonPropertyDescription(
      "Namespace of the publisher. Absent means this namespace; another namespace must be listed"
          + " in the topic's subscribers.namespaces.")
  private String namespace;

  public String getMicroservice() {
    return microservice;
  }

  public void setMicroservice(String microservice) {
    this.microservice = microservice;
  }

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
