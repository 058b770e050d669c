package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An observed SNS topic of the service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicStatus {

  @JsonPropertyDescription("The topic's name in spec.publishes.")
  private String name;

  @JsonPropertyDescription("ARN of the SNS topic.")
  private String arn;

  public TopicStatus() {}

  public TopicStatus(String name, String arn) {
    this.name = name;
    this.arn = arn;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getArn() {
    return arn;
  }

  public void setArn(String arn) {
    this.arn = arn;
  }
}
