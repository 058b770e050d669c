package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An SNS topic the service owns. Inside a list, so absent fields mean their default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PublishedTopic {

  @Required
  @Pattern(Names.DNS_LABEL)
  @Size(max = 40)
  @JsonPropertyDescription(
      "Topic name within the service (lowercase letters, digits, '-'; at most 40). The pod gets"
          + " MSA_TOPIC_<NAME>_ARN.")
  private String name;

  @JsonPropertyDescription("FIFO topic (name ends in .fifo). Immutable. Absent means false.")
  private Boolean fifo;

  @JsonPropertyDescription(
      "Who may subscribe besides this namespace. Absent means only this namespace.")
  private Subscribers subscribers;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getFifo() {
    return fifo;
  }

  public void setFifo(Boolean fifo) {
    this.fifo = fifo;
  }

  public Subscribers getSubscribers() {
    return subscribers;
  }

  public void setSubscribers(Subscribers subscribers) {
    this.subscribers = subscribers;
  }
}
