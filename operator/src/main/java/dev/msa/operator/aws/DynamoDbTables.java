package dev.msa.operator.aws;

import dev.msa.operator.model.ObservedTable;
import dev.msa.operator.model.ObservedTable.ObservedIndex;
import dev.msa.operator.model.ObservedTimeToLive;
import dev.msa.operator.model.TableDefinition;
import dev.msa.operator.model.TableDefinition.Capacity;
import dev.msa.operator.model.TableDefinition.Index;
import dev.msa.operator.model.TableDefinition.Key;
import dev.msa.operator.model.TableUpdate;
import dev.msa.operator.model.TableUpdate.CreateIndex;
import dev.msa.operator.model.TableUpdate.DeleteIndex;
import dev.msa.operator.model.TableUpdate.SetBilling;
import dev.msa.operator.model.TableUpdate.SetDeletionProtection;
import dev.msa.operator.model.TableUpdate.SetStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

/**
 * DynamoDB tables by name, in the model's terms ({@link TableDefinition}, {@link ObservedTable},
 * {@link TableUpdate}); the request builders are static so they can be tested without a server.
 * Tags go in at creation.
 */
public final class DynamoDbTables {
  private static final String DYNAMODB = "dynamodb";

  /**
   * Codes DynamoDB answers while a table or its backups are still settling: {@code
   * ResourceInUseException} (the table is being created, updated or deleted) and {@code
   * ContinuousBackupsUnavailableException} (backups are being enabled on a new table). The same
   * call works shortly, so they are transient here rather than terminal.
   */
  private static final Set<String> SETTLING =
      Set.of("ResourceInUseException", "ContinuousBackupsUnavailableException");

  private final DynamoDbClient dynamoDb;

  public DynamoDbTables(DynamoDbClient dynamoDb) {
    this.dynamoDb = dynamoDb;
  }

  /** The table as DescribeTable shows it, or empty when there is none. */
  public Optional<ObservedTable> describe(String tableName) {
    try {
      return Optional.of(observed(dynamoDb.describeTable(r -> r.tableName(tableName)).table()));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw classify("DescribeTable", e);
    }
  }

  /** Creates the table with its tags; TTL and point-in-time recovery are separate calls. */
  public ObservedTable create(TableDefinition table, Map<String, String> tags) {
    try {
      return observed(dynamoDb.createTable(createRequest(table, tags)).tableDescription());
    } catch (SdkException e) {
      throw classify("CreateTable", e);
    }
  }

  /** Makes one UpdateTable call and returns the table as DynamoDB reports it right after. */
  public ObservedTable update(String tableName, TableUpdate update) {
    try {
      return observed(dynamoDb.updateTable(updateRequest(tableName, update)).tableDescription());
    } catch (SdkException e) {
      throw classify("UpdateTable", e);
    }
  }

  /** Deletes the table; one that is already gone is fine. */
  public void delete(String tableName) {
    try {
      dynamoDb.deleteTable(r -> r.tableName(tableName));
    } catch (ResourceNotFoundException e) {
      // already gone
    } catch (SdkException e) {
      throw classify("DeleteTable", e);
    }
  }

  public ObservedTimeToLive timeToLive(String tableName) {
    try {
      TimeToLiveDescription ttl =
          dynamoDb.describeTimeToLive(r -> r.tableName(tableName)).timeToLiveDescription();
      return new ObservedTimeToLive(
          ttl.timeToLiveStatusAsString(), Optional.ofNullable(ttl.attributeName()));
    } catch (SdkException e) {
      throw classify("DescribeTimeToLive", e);
    }
  }

  public void updateTimeToLive(String tableName, String attribute, boolean enabled) {
    try {
      dynamoDb.updateTimeToLive(
          r ->
              r.tableName(tableName)
                  .timeToLiveSpecification(s -> s.attributeName(attribute).enabled(enabled)));
    } catch (SdkException e) {
      throw classify("UpdateTimeToLive", e);
    }
  }

  public boolean pointInTimeRecovery(String tableName) {
    try {
      var description =
          dynamoDb
              .describeContinuousBackups(r -> r.tableName(tableName))
              .continuousBackupsDescription();
      return description.pointInTimeRecoveryDescription() != null
          && description.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()
              == PointInTimeRecoveryStatus.ENABLED;
    } catch (SdkException e) {
      throw classify("DescribeContinuousBackups", e);
    }
  }

  public void updatePointInTimeRecovery(String tableName, boolean enabled) {
    try {
      dynamoDb.updateContinuousBackups(
          r ->
              r.tableName(tableName)
                  .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(enabled)));
    } catch (SdkException e) {
      throw classify("UpdateContinuousBackups", e);
    }
  }

  /**
   * All the table's tags. A key listed twice keeps its last value, and a page token seen before
   * ends the listing: moto appends a re-tagged key instead of replacing it, and pages by key.
   */
  public Map<String, String> tags(String tableArn) {
    try {
      Map<String, String> tags = new LinkedHashMap<>();
      Set<String> seen = new HashSet<>();
      String next = null;
      do {
        String token = next;
        ListTagsOfResourceResponse page =
            dynamoDb.listTagsOfResource(r -> r.resourceArn(tableArn).nextToken(token));
        page.tags().forEach(t -> tags.put(t.key(), t.value()));
        next = page.nextToken();
      } while (next != null && seen.add(next));
      return tags;
    } catch (SdkException e) {
      throw classify("ListTagsOfResource", e);
    }
  }

  /** Adds or overwrites the given tags. */
  public void tag(String tableArn, Map<String, String> tags) {
    try {
      dynamoDb.tagResource(r -> r.resourceArn(tableArn).tags(toTags(tags)));
    } catch (SdkException e) {
      throw classify("TagResource", e);
    }
  }

  // --- requests and observations, without a server ----------------------------------------------

  static CreateTableRequest createRequest(TableDefinition table, Map<String, String> tags) {
    CreateTableRequest.Builder request =
        CreateTableRequest.builder()
            .tableName(table.name())
            .keySchema(keySchema(table.partitionKey(), table.sortKey()))
            .attributeDefinitions(attributeDefinitions(table.attributeDefinitions()))
            .deletionProtectionEnabled(table.deletionProtection());
    if (table.provisioned().isPresent()) {
      request
          .billingMode(BillingMode.PROVISIONED)
          .provisionedThroughput(throughput(table.provisioned().get()));
    } else {
      request.billingMode(BillingMode.PAY_PER_REQUEST);
    }
    if (!table.indexes().isEmpty()) {
      request.globalSecondaryIndexes(table.indexes().stream().map(DynamoDbTables::index).toList());
    }
    table
        .streamViewType()
        .ifPresent(v -> request.streamSpecification(s -> s.streamEnabled(true).streamViewType(v)));
    if (!tags.isEmpty()) {
      request.tags(toTags(tags));
    }
    return request.build();
  }

  static UpdateTableRequest updateRequest(String tableName, TableUpdate update) {
    UpdateTableRequest.Builder request = UpdateTableRequest.builder().tableName(tableName);
    if (update instanceof SetDeletionProtection protection) {
      request.deletionProtectionEnabled(protection.enabled());
    } else if (update instanceof SetBilling billing) {
      billing.switchToMode().ifPresent(request::billingMode);
      billing.table().ifPresent(c -> request.provisionedThroughput(throughput(c)));
      if (!billing.indexes().isEmpty()) {
        request.globalSecondaryIndexUpdates(
            billing.indexes().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(
                    e ->
                        GlobalSecondaryIndexUpdate.builder()
                            .update(
                                u ->
                                    u.indexName(e.getKey())
                                        .provisionedThroughput(throughput(e.getValue())))
                            .build())
                .toList());
      }
    } else if (update instanceof SetStream stream) {
      request.streamSpecification(
          stream.viewType().isPresent()
              ? StreamSpecification.builder()
                  .streamEnabled(true)
                  .streamViewType(stream.viewType().get())
                  .build()
              : StreamSpecification.builder().streamEnabled(false).build());
    } else if (update instanceof DeleteIndex delete) {
      request.globalSecondaryIndexUpdates(
          GlobalSecondaryIndexUpdate.builder().delete(d -> d.indexName(delete.name())).build());
    } else if (update instanceof CreateIndex create) {
      Index index = create.index();
      request
          .attributeDefinitions(attributeDefinitions(create.attributeDefinitions()))
          .globalSecondaryIndexUpdates(
              GlobalSecondaryIndexUpdate.builder()
                  .create(
                      c -> {
                        c.indexName(index.name())
                            .keySchema(keySchema(index.partitionKey(), index.sortKey()))
                            .projection(projection(index));
                        index.provisioned().ifPresent(p -> c.provisionedThroughput(throughput(p)));
                      })
                  .build());
    }
    return request.build();
  }

  static ObservedTable observed(TableDescription table) {
    Map<String, String> types = new LinkedHashMap<>();
    table
        .attributeDefinitions()
        .forEach(a -> types.put(a.attributeName(), a.attributeTypeAsString()));
    boolean onDemand =
        table.billingModeSummary() != null
            && table.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
    List<ObservedIndex> indexes = new ArrayList<>();
    for (GlobalSecondaryIndexDescription index : table.globalSecondaryIndexes()) {
      indexes.add(
          new ObservedIndex(
              new Index(
                  index.indexName(),
                  key(index.keySchema(), KeyType.HASH, types).orElseThrow(),
                  key(index.keySchema(), KeyType.RANGE, types),
                  index.projection() == null || index.projection().projectionTypeAsString() == null
                      ? "ALL"
                      : index.projection().projectionTypeAsString(),
                  index.projection() == null ? List.of() : index.projection().nonKeyAttributes(),
                  onDemand ? Optional.empty() : capacity(index.provisionedThroughput())),
              index.indexStatusAsString()));
    }
    StreamSpecification stream = table.streamSpecification();
    boolean streamEnabled = stream != null && Boolean.TRUE.equals(stream.streamEnabled());
    return new ObservedTable(
        table.tableName(),
        table.tableArn(),
        table.tableStatusAsString(),
        key(table.keySchema(), KeyType.HASH, types).orElseThrow(),
        key(table.keySchema(), KeyType.RANGE, types),
        onDemand ? Optional.empty() : capacity(table.provisionedThroughput()),
        indexes,
        streamEnabled ? Optional.ofNullable(stream.streamViewTypeAsString()) : Optional.empty(),
        Optional.ofNullable(table.latestStreamArn()),
        Boolean.TRUE.equals(table.deletionProtectionEnabled()));
  }

  private static Optional<Key> key(
      List<KeySchemaElement> schema, KeyType type, Map<String, String> types) {
    return schema.stream()
        .filter(k -> k.keyType() == type)
        .findFirst()
        .map(k -> new Key(k.attributeName(), types.getOrDefault(k.attributeName(), "?")));
  }

  private static Optional<Capacity> capacity(ProvisionedThroughputDescription throughput) {
    if (throughput == null || throughput.readCapacityUnits() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Capacity(throughput.readCapacityUnits(), throughput.writeCapacityUnits()));
  }

  private static GlobalSecondaryIndex index(Index index) {
    GlobalSecondaryIndex.Builder builder =
        GlobalSecondaryIndex.builder()
            .indexName(index.name())
            .keySchema(keySchema(index.partitionKey(), index.sortKey()))
            .projection(projection(index));
    index.provisioned().ifPresent(p -> builder.provisionedThroughput(throughput(p)));
    return builder.build();
  }

  private static Projection projection(Index index) {
    Projection.Builder projection = Projection.builder().projectionType(index.projection());
    if (!index.nonKeyAttributes().isEmpty()) {
      projection.nonKeyAttributes(index.nonKeyAttributes());
    }
    return projection.build();
  }

  private static List<KeySchemaElement> keySchema(Key partitionKey, Optional<Key> sortKey) {
    List<KeySchemaElement> schema = new ArrayList<>();
    schema.add(
        KeySchemaElement.builder()
            .attributeName(partitionKey.name())
            .keyType(KeyType.HASH)
            .build());
    sortKey.ifPresent(
        k ->
            schema.add(
                KeySchemaElement.builder().attributeName(k.name()).keyType(KeyType.RANGE).build()));
    return schema;
  }

  private static List<AttributeDefinition> attributeDefinitions(Map<String, String> attributes) {
    return attributes.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(
            a ->
                AttributeDefinition.builder()
                    .attributeName(a.getKey())
                    .attributeType(a.getValue())
                    .build())
        .toList();
  }

  private static ProvisionedThroughput throughput(Capacity capacity) {
    return ProvisionedThroughput.builder()
        .readCapacityUnits(capacity.read())
        .writeCapacityUnits(capacity.write())
        .build();
  }

  private static List<Tag> toTags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
        .toList();
  }

  private static AwsException classify(String operation, SdkException e) {
    AwsException classified = AwsErrors.classify(DYNAMODB, operation, e);
    String code = classified.code();
    String bare = code.substring(code.lastIndexOf('#') + 1);
    if (classified.terminal() && SETTLING.contains(bare)) {
      AwsFailure failure = classified.failure();
      return new AwsException(
          new AwsFailure(
              failure.service(), failure.operation(), failure.code(), failure.message(), false),
          e);
    }
    return classified;
  }
}
