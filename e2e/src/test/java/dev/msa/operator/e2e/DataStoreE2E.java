package dev.msa.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.ObservedStatus;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The samples' DataStore and the sample Microservice bound to it on the full local environment:
 * both become Ready, the pod kwok runs holds the table's name, and an item written with it is read
 * back. The operator runs in this JVM with the configuration of .local/env.sh, watching only this
 * test's namespace.
 */
class DataStoreE2E extends OperatorE2E {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @BeforeAll
  static void start() {
    startOperator("e2e-ds");
  }

  @Test
  void theSampleTableAndAServiceBoundToItWorkEndToEnd() {
    apply(DataStore.class, sample("datastore-orders.yaml"));
    apply(Microservice.class, sample("microservice-orders.yaml"));

    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(condition(DataStore.class, "orders", "Ready").getStatus())
              .as("DataStore: %s", condition(DataStore.class, "orders", "Ready").getMessage())
              .isEqualTo("True");
          assertThat(condition(Microservice.class, "orders", "Ready").getStatus())
              .as("Microservice: %s", condition(Microservice.class, "orders", "Ready").getMessage())
              .isEqualTo("True");
          assertThat(condition(Microservice.class, "orders", "DataStoresBound").getReason())
              .isEqualTo("Bound");
        });
    DataStore orders = get(DataStore.class, "orders");
    assertThat(orders.getStatus().getBoundBy()).containsExactly("orders");
    String tableName = orders.getStatus().getTableName();
    assertThat(orders.getStatus().getStreamArn()).startsWith(orders.getStatus().getTableArn());

    // The pod holds the table's name and ARN, and its role may use exactly that table.
    Pod pod = pods("orders").get(0);
    Map<String, String> env = new HashMap<>();
    pod.getSpec().getContainers().get(0).getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
    assertThat(env)
        .containsEntry("MSA_DATASTORE_ORDERS_TABLE", tableName)
        .containsEntry("MSA_DATASTORE_ORDERS_ARN", orders.getStatus().getTableArn());
    String roleName =
        get(Microservice.class, "orders").getStatus().getRoleArn().replaceFirst(".*/", "");
    assertThat(
            URLDecoder.decode(
                aws.iam()
                    .getRolePolicy(r -> r.roleName(roleName).policyName("msa-operator"))
                    .policyDocument(),
                StandardCharsets.UTF_8))
        .contains(orders.getStatus().getTableArn() + "/index/*")
        .contains(orders.getStatus().getStreamArn());

    // An item written with the injected table name is read back, by key and through the index.
    String table = env.get("MSA_DATASTORE_ORDERS_TABLE");
    aws.dynamoDb()
        .putItem(
            r ->
                r.tableName(table)
                    .item(
                        Map.of(
                            "orderId", AttributeValue.fromS("o-42"),
                            "createdAt", AttributeValue.fromN("1700000000"),
                            "customerId", AttributeValue.fromS("c-7"),
                            "total", AttributeValue.fromN("99.5"))));
    assertThat(
            aws.dynamoDb()
                .getItem(
                    r ->
                        r.tableName(table)
                            .key(
                                Map.of(
                                    "orderId", AttributeValue.fromS("o-42"),
                                    "createdAt", AttributeValue.fromN("1700000000"))))
                .item())
        .containsEntry("customerId", AttributeValue.fromS("c-7"))
        .containsEntry("total", AttributeValue.fromN("99.5"));
    assertThat(
            aws.dynamoDb()
                .query(
                    r ->
                        r.tableName(table)
                            .indexName("by-customer")
                            .keyConditionExpression("customerId = :c")
                            .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("c-7"))))
                .items())
        .extracting(item -> item.get("orderId").s())
        .containsExactly("o-42");

    // Deletion in order: the service first; then the table, once the spec lets it go.
    client.resources(Microservice.class).inNamespace(namespace).withName("orders").delete();
    Eventually.assertThat(
        WAIT, () -> assertThat(get(DataStore.class, "orders").getStatus().getBoundBy()).isEmpty());
    apply(
        DataStore.class,
        sample("datastore-orders.yaml")
            .replace("deletionProtection: true", "deletionProtection: false")
            .replace("deletionPolicy: Retain", "deletionPolicy: Delete"));
    client.resources(DataStore.class).inNamespace(namespace).withName("orders").delete();
    Eventually.assertThat(
        WAIT,
        () -> {
          assertThat(
                  client.resources(DataStore.class).inNamespace(namespace).withName("orders").get())
              .isNull();
          assertThat(tableExists(tableName)).isFalse();
        });
  }

  private static boolean tableExists(String tableName) {
    try {
      aws.dynamoDb().describeTable(r -> r.tableName(tableName));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }

  private static String sample(String file) {
    try {
      return Files.readString(RepoPaths.samples().resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Pod> pods(String name) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel("msa.dev/microservice", name)
        .list()
        .getItems();
  }

  private static <T extends HasMetadata> void apply(Class<T> type, String yaml) {
    client
        .resources(type)
        .inNamespace(namespace)
        .resource(Serialization.unmarshal(yaml, type))
        .fieldManager("e2e-user")
        .forceConflicts()
        .serverSideApply();
  }

  private static Condition condition(Class<? extends HasMetadata> type, String name, String of) {
    HasMetadata resource = get(type, name);
    ObservedStatus status =
        resource instanceof DataStore d ? d.getStatus() : ((Microservice) resource).getStatus();
    assertThat(status).as("status of " + type.getSimpleName() + " " + name).isNotNull();
    return status.getConditions().stream()
        .filter(c -> of.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + of + " on " + name));
  }

  private static <T extends HasMetadata> T get(Class<T> type, String name) {
    T object = client.resources(type).inNamespace(namespace).withName(name).get();
    if (object == null) {
      throw new AssertionError(type.getSimpleName() + " " + name + " does not exist");
    }
    return object;
  }
}
