package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed of a DataStore's table and who uses it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataStoreStatus extends ObservedStatus {

  @JsonPropertyDescription("Name of the DynamoDB table.")
  private String tableName;

  @JsonPropertyDescription("ARN of the DynamoDB table.")
  private String tableArn;

  @JsonPropertyDescription("ARN of the table's current stream, when one is enabled.")
  private String streamArn;

  @JsonPropertyDescription("Microservices of this namespace that list this DataStore.")
  private List<String> boundBy = new ArrayList<>();

  public String getTableName() {
    return tableName;
  }

  public void setTableName(String tableName) {
    this.tableName = tableName;
  }

  public String getTableArn() {
    return tableArn;
  }

  public void setTableArn(String tableArn) {
    this.tableArn = tableArn;
  }

  public String getStreamArn() {
    return streamArn;
  }

  public void setStreamArn(String streamArn) {
    this.streamArn = streamArn;
  }

  public List<String> getBoundBy() {
    return boundBy;
  }

  public void setBoundBy(List<String> boundBy) {
    this.boundBy = boundBy;
  }
}
