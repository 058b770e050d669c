package dev.msa.operator.aws;

import dev.msa.operator.model.AwsPart;
import dev.msa.operator.model.ObservedTable;
import dev.msa.operator.model.ObservedTimeToLive;
import dev.msa.operator.model.TableDefinition;
import dev.msa.operator.model.TableUpdate;
import java.util.Map;
import java.util.Optional;

/**
 * A DynamoDB table by name: one UpdateTable per update (DynamoDB takes one index change per call),
 * and its time to live and point-in-time recovery, which DynamoDB sets with calls of their own.
 */
public final class TableResource
    implements AwsResource<String, TableDefinition, ObservedTable, TableUpdate> {
  private final DynamoDbTables dynamoDb;

  public TableResource(DynamoDbTables dynamoDb) {
    this.dynamoDb = dynamoDb;
  }

  @Override
  public AwsPart part() {
    return AwsPart.DYNAMODB_TABLE;
  }

  @Override
  public Optional<ObservedTable> read(String tableName) {
    return dynamoDb.describe(tableName);
  }

  @Override
  public Optional<ObservedTable> create(
      String tableName, TableDefinition desired, Map<String, String> tags) {
    return Optional.of(dynamoDb.create(desired, tags));
  }

  @Override
  public ObservedTable update(String tableName, ObservedTable observed, TableUpdate update) {
    return dynamoDb.update(tableName, update);
  }

  @Override
  public void delete(String tableName, ObservedTable observed) {
    dynamoDb.delete(tableName);
  }

  @Override
  public Map<String, String> tags(String tableName, ObservedTable observed) {
    return dynamoDb.tags(observed.arn());
  }

  @Override
  public boolean taggable() {
    return true;
  }

  @Override
  public void retag(String tableName, ObservedTable observed, Map<String, String> tags) {
    dynamoDb.tag(observed.arn(), tags);
  }

  public ObservedTimeToLive timeToLive(String tableName) {
    return dynamoDb.timeToLive(tableName);
  }

  public void updateTimeToLive(String tableName, String attribute, boolean enabled) {
    dynamoDb.updateTimeToLive(tableName, attribute, enabled);
  }

  public boolean pointInTimeRecovery(String tableName) {
    return dynamoDb.pointInTimeRecovery(tableName);
  }

  public void updatePointInTimeRecovery(String tableName, boolean enabled) {
    dynamoDb.updatePointInTimeRecovery(tableName, enabled);
  }
}
