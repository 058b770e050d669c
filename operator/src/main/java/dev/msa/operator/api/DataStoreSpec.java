package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The desired table and what happens to it when the DataStore is deleted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataStoreSpec implements WithDriftPolicy {

  @Required
  @JsonPropertyDescription("The DynamoDB table.")
  private DynamoDbTable dynamoDB;

  @Default("Retain")
  @JsonPropertyDescription(
      "What deleting the DataStore does to the table: Retain (default) keeps the table and its"
          + " data; Delete deletes it once deletionProtection is off.")
  private DeletionPolicy deletionPolicy;

  @Size(max = 20)
  @ValidationRule(
      value = "self.all(r, r.part in ['Table'])",
      message = "a DataStore's driftPolicy part is Table",
      reason = "FieldValueInvalid")
  @ValidationRule(
      value = DriftRule.ONE_RULE_PER_FIELD,
      message = DriftRule.ONE_RULE_PER_FIELD_MESSAGE,
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "What a resync does about AWS fields changed outside the operator, per part or field:"
          + " Correct (the default for anything no rule names), Report or Ignore. Creating a"
          + " missing resource and applying a change of the spec are not affected.")
  private List<DriftRule> driftPolicy = new ArrayList<>();

  public DynamoDbTable getDynamoDB() {
    return dynamoDB;
  }

  public void setDynamoDB(DynamoDbTable dynamoDB) {
    this.dynamoDB = dynamoDB;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  @Override
  public List<DriftRule> getDriftPolicy() {
    return driftPolicy;
  }

  public void setDriftPolicy(List<DriftRule> driftPolicy) {
    this.driftPolicy = driftPolicy;
  }
}
