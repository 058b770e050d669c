package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** A global secondary index. Inside a list, so absent fields mean their default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.projection) && self.projection == 'INCLUDE') == (has(self.nonKeyAttributes) &&"
            + " size(self.nonKeyAttributes) > 0)",
    message = "nonKeyAttributes is required with projection INCLUDE and allowed only with it")
@ValidationRule(
    value = "!has(self.sortKey) || self.sortKey.name != self.partitionKey.name",
    message =
        "an index's sortKey must be another attribute than its partitionKey: DynamoDB refuses a"
            + " key schema that names one attribute twice",
    fieldPath = ".sortKey")
public class GlobalSecondaryIndex {

  @Required
  @Size(min = 3, max = 255)
  @Pattern("^[A-Za-z0-9_.-]+$")
  @JsonPropertyDescription("Index name (3-255 characters: letters, digits, '_', '-', '.').")
  private String name;

  @Required
  @JsonPropertyDescription("Partition key of the index.")
  private KeyAttribute partitionKey;

  @JsonPropertyDescription("Sort key of the index. Optional.")
  private KeyAttribute sortKey;

  @JsonPropertyDescription("ALL, KEYS_ONLY or INCLUDE. Absent means ALL.")
  private Projection projection;

  @Size(max = 20)
  @ValidationRule(
      value = "self.all(a, self.exists_one(b, b == a))",
      message = "nonKeyAttributes must be unique")
  @JsonPropertyDescription(
      "Attributes copied into the index with projection INCLUDE (1-255 characters each; at most"
          + " 100 over all the indexes).")
  private List<@Size(min = 1, max = 255) String> nonKeyAttributes = new ArrayList<>();

  @Min(1)
  @Max(40000)
  @JsonPropertyDescription("Read capacity units of the index; PROVISIONED tables only.")
  private Long readCapacity;

  @Min(1)
  @Max(40000)
  @JsonPropertyDescription("Write capacity units of the index; PROVISIONED tables only.")
  private Long writeCapacity;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public KeyAttribute getPartitionKey() {
    return partitionKey;
  }

  public void setPartitionKey(KeyAttribute partitionKey) {
    this.partitionKey = partitionKey;
  }

  public KeyAttribute getSortKey() {
    return sortKey;
  }

  public void setSortKey(KeyAttribute sortKey) {
    this.sortKey = sortKey;
  }

  public Projection getProjection() {
    return projection;
  }

  public void setProjection(Projection projection) {
    this.projection = projection;
  }

  public List<String> getNonKeyAttributes() {
    return nonKeyAttributes;
  }

  public void setNonKeyAttributes(List<String> nonKeyAttributes) {
    this.nonKeyAttributes = nonKeyAttributes;
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
