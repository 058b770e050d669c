package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** A DynamoDB table: keys, capacity, indexes, and the protections around its data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.sortKey) == has(oldSelf.sortKey)",
    message =
        "dynamoDB.sortKey cannot be added or removed: DynamoDB cannot change a table's keys;"
            + " create a new DataStore and migrate the data",
    fieldPath = ".sortKey")
@ValidationRule(
    value =
        "!has(self.globalSecondaryIndexes) || (has(self.billing) && self.billing.mode =="
            + " 'PROVISIONED') || self.globalSecondaryIndexes.all(i, !has(i.readCapacity) && !has(i.writeCapacity))",
    message = "globalSecondaryIndexes[].readCapacity/writeCapacity need billing.mode PROVISIONED",
    fieldPath = ".globalSecondaryIndexes")
@ValidationRule(
    value =
        "!has(self.globalSecondaryIndexes) || !(has(self.billing) && self.billing.mode =="
            + " 'PROVISIONED') || self.globalSecondaryIndexes.all(i, has(i.readCapacity) && has(i.writeCapacity))",
    message =
        "with billing.mode PROVISIONED every global secondary index needs readCapacity and"
            + " writeCapacity",
    fieldPath = ".globalSecondaryIndexes")
// DynamoDB's own rules on keys, refused at admission rather than by CreateTable: a key schema
// names two attributes, and every attribute is defined once, with one type, for the table and all
// its indexes (the model would otherwise define it with the last type it meets).
@ValidationRule(
    value = "!has(self.sortKey) || self.sortKey.name != self.partitionKey.name",
    message =
        "dynamoDB.sortKey must be another attribute than dynamoDB.partitionKey: DynamoDB refuses a"
            + " key schema that names one attribute twice",
    fieldPath = ".sortKey")
@ValidationRule(value = DynamoDbTable.ONE_TYPE_PER_KEY, message = DynamoDbTable.ONE_TYPE_MESSAGE)
@ValidationRule(
    value =
        "!has(self.globalSecondaryIndexes) || self.globalSecondaryIndexes.map(i,"
            + " has(i.nonKeyAttributes) ? size(i.nonKeyAttributes) : 0).sum() <= 100",
    message =
        "globalSecondaryIndexes[].nonKeyAttributes list at most 100 attributes in all: DynamoDB's"
            + " limit for one table",
    fieldPath = ".globalSecondaryIndexes")
public class DynamoDbTable {
  /**
   * Every key attribute of the table and its indexes as "T:name", T its type's first letter (the
   * DynamoDB code in both spellings), for {@link #ONE_TYPE_PER_KEY}. Strings, because CEL types
   * each key's schema apart and will not join them in one list.
   */
  private static final String KEYS =
      "([self.partitionKey.type.substring(0, 1) + ':' + self.partitionKey.name] +"
          + " (has(self.sortKey) ? [self.sortKey.type.substring(0, 1) + ':' + self.sortKey.name] :"
          + " []) + (has(self.globalSecondaryIndexes) ? self.globalSecondaryIndexes.map(i,"
          + " i.partitionKey.type.substring(0, 1) + ':' + i.partitionKey.name) +"
          + " self.globalSecondaryIndexes.filter(i, has(i.sortKey)).map(i,"
          + " i.sortKey.type.substring(0, 1) + ':' + i.sortKey.name) : []))";

  /** Two keys of one name have one type, whichever spelling (N, Number) each uses. */
  static final String ONE_TYPE_PER_KEY =
      KEYS + ".all(a, " + KEYS + ".all(b, a.substring(2) != b.substring(2) || a == b))";

  static final String ONE_TYPE_MESSAGE =
      "a key attribute has one type: where dynamoDB.partitionKey, sortKey and the indexes' keys"
          + " share a name they must share a type (S or String, N or Number, B or Binary), as"
          + " DynamoDB defines each attribute once";

  /**
   * A key is unchanged when its name is and its type's first letter is: that letter is DynamoDB's
   * code in both spellings (N, Number), so rewriting "N" as Number is no key change.
   */
  private static final String SAME_KEY =
      "self.name == oldSelf.name && self.type.substring(0, 1) == oldSelf.type.substring(0, 1)";

  @Required
  @ValidationRule(
      value = SAME_KEY,
      message =
          "dynamoDB.partitionKey is immutable: DynamoDB cannot change a table's keys; create a new"
              + " DataStore and migrate the data")
  @JsonPropertyDescription("Partition (hash) key of the table. Immutable.")
  private KeyAttribute partitionKey;

  @ValidationRule(
      value = SAME_KEY,
      message =
          "dynamoDB.sortKey is immutable: DynamoDB cannot change a table's keys; create a new"
              + " DataStore and migrate the data")
  @JsonPropertyDescription("Sort (range) key of the table. Optional; immutable.")
  private KeyAttribute sortKey;

  @JsonPropertyDescription("Capacity mode. Absent means PAY_PER_REQUEST (on-demand).")
  private Billing billing;

  @Size(max = 20)
  @ValidationRule(
      value = "self.all(i, self.exists_one(o, o.name == i.name))",
      message = "globalSecondaryIndexes[].name must be unique")
  @JsonPropertyDescription(
      "Global secondary indexes. DynamoDB adds or removes one per update; the operator applies"
          + " changes one at a time and reports progress in a condition.")
  private List<GlobalSecondaryIndex> globalSecondaryIndexes = new ArrayList<>();

  @Size(min = 1, max = 255)
  @Pattern("^[A-Za-z0-9_.-]+$")
  @JsonPropertyDescription(
      "Attribute holding each item's expiry time (epoch seconds). Absent means no time to live.")
  private String timeToLiveAttribute;

  @Default("false")
  @JsonPropertyDescription("Point-in-time recovery (continuous backups). Default false.")
  private Boolean pointInTimeRecovery;

  @JsonPropertyDescription(
      "DynamoDB stream view type: NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE or KEYS_ONLY. Absent"
          + " means no stream.")
  private StreamViewType stream;

  @Default("true")
  @JsonPropertyDescription(
      "Deletion protection: DynamoDB refuses to delete the table while it is on. Default true.")
  private Boolean deletionProtection;

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

  public Billing getBilling() {
    return billing;
  }

  public void setBilling(Billing billing) {
    this.billing = billing;
  }

  public List<GlobalSecondaryIndex> getGlobalSecondaryIndexes() {
    return globalSecondaryIndexes;
  }

  public void setGlobalSecondaryIndexes(List<GlobalSecondaryIndex> globalSecondaryIndexes) {
    this.globalSecondaryIndexes = globalSecondaryIndexes;
  }

  public String getTimeToLiveAttribute() {
    return timeToLiveAttribute;
  }

  public void setTimeToLiveAttribute(String timeToLiveAttribute) {
    this.timeToLiveAttribute = timeToLiveAttribute;
  }

  public Boolean getPointInTimeRecovery() {
    return pointInTimeRecovery;
  }

  public void setPointInTimeRecovery(Boolean pointInTimeRecovery) {
    this.pointInTimeRecovery = pointInTimeRecovery;
  }

  public StreamViewType getStream() {
    return stream;
  }

  public void setStream(StreamViewType stream) {
    this.stream = stream;
  }

  public Boolean getDeletionProtection() {
    return deletionProtection;
  }

  public void setDeletionProtection(Boolean deletionProtection) {
    this.deletionProtection = deletionProtection;
  }
}
