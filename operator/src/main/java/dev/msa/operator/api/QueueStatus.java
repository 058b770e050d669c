package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The observed queue and dead-letter queue. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QueueStatus {

  @JsonPropertyDescription("URL of the queue.")
  private String url;

  @JsonPropertyDescription("ARN of the queue.")
  private String arn;

  @JsonPropertyDescription("URL of the dead-letter queue.")
  private String deadLetterUrl;

  @JsonPropertyDescription("ARN of the dead-letter queue.")
  private String deadLetterArn;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getArn() {
    return arn;
  }

  public void setArn(String arn) {
    this.arn = arn;
  }

  public String getDeadLetterUrl() {
    return deadLetterUrl;
  }

  public void setDeadLetterUrl(String deadLetterUrl) {
    this.deadLetterUrl = deadLetterUrl;
  }

  public String getDeadLetterArn() {
    return deadLetterArn;
  }

  public void setDeadLetterArn(String deadLetterArn) {
    this.deadLetterArn = deadLetterArn;
  }
}
