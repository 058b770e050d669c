package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The dead-letter queue of a service's inbox. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeadLetter {

  @Min(1)
  @Max(1000)
  @Default("5")
  @JsonPropertyDescription(
      "Receives of one message before SQS moves it to the dead-letter queue (1-1000). Default 5.")
  private Integer maxReceiveCount;

  public Integer getMaxReceiveCount() {
    return maxReceiveCount;
  }

  public void setMaxReceiveCount(Integer maxReceiveCount) {
    this.maxReceiveCount = maxReceiveCount;
  }
}
