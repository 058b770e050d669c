package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** On-demand or provisioned capacity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "self.mode == 'PROVISIONED' ? (has(self.readCapacity) && has(self.writeCapacity)) :"
            + " (!has(self.readCapacity) && !has(self.writeCapacity))",
    message =
        "billing.readCapacity and billing.writeCapacity are required with mode PROVISIONED and"
            + " not allowed with PAY_PER_REQUEST")
public class Billing {

  @Default("PAY_PER_REQUEST")
  @JsonPropertyDescription("PAY_PER_REQUEST (default, on-demand) or PROVISIONED.")
  private BillingMode mode;

  @Min(1)
  @Max(40000)
  @JsonPropertyDescription("Read capacity units; PROVISIONED only.")
  private Long readCapacity;

  @Min(1)
  @Max(40000)
  @JsonPropertyDescription("Write capacity units; PROVISIONED only.")
  private Long writeCapacity;

  public BillingMode getMode() {
    return mode;
  }

  public void setMode(BillingMode mode) {
    this.mode = mode;
  }

  public Long getReadCapacity() {
    return readCapacity;
  }

  public void setReadCapacity(Long readCapacity) {
    this.readCapacity = readCapacity;
  }

  public Long getWriteCapacity() {
    return writeCapacity;
  }

  public void setWriteCapacity(Long writeCapacity) {
    this.writeCapacity = writeCapacity;
  }
}
