package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** The desired table and what happens to it when the DataStore is deleted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataStoreSpec {

  @Required
  @JsonPropertyDescription("The DynamoDB table.")
  private DynamoDbTable dynamoDB;

  @Default("Retain")
  @JsonPropertyDescription(
      "What deleting the DataStore does to the table: Retain (default) keeps the table and its"
          + " data; Delete deletes it once deletionProtection is off.")
  private DeletionPolicy deletionPolicy;

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
}
