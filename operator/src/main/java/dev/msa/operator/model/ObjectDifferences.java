package dev.msa.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fields in which two versions of a Kubernetes object differ, as a plan lists them:
 * "spec.replicas: 2 → 3", "spec.template.spec.containers[orders].env[MSA_QUEUE_URL].value: (none) →
 * …". Lists of named items (containers, env, ports, volumes) are compared by name, other lists as a
 * whole; the apiserver's bookkeeping (status, metadata other than labels and annotations) and
 * java-operator-sdk's own annotations are left out.
 */
public final class ObjectDifferences {
  private static final String OPERATOR_SDK_ANNOTATIONS = "javaoperatorsdk.io/";

  /** What a creation's list leaves out: the operator's labels and the selectors made of them. */
  private static final List<String> LABEL_PATHS =
      List.of("metadata.labels", "spec.selector", "spec.template.metadata.labels");

  private ObjectDifferences() {}

  /** The fields that differ, in the order {@code next} has them, then those it drops. */
  public static List<Difference> between(JsonNode live, JsonNode next) {
    Map<String, String> before = leaves(live);
    Map<String, String> after = leaves(next);
    Set<String> paths = new LinkedHashSet<>(after.keySet());
    paths.addAll(before.keySet());
    List<Difference> differences = new ArrayList<>();
    for (String path : paths) {
      if (!Objects.equals(before.get(path), after.get(path))) {
        differences.add(Difference.of(path, before.get(path), after.get(path)));
      }
    }
    return differences;
  }

  /** The fields a new object would have, without its labels and selectors. */
  public static List<Difference> ofCreation(JsonNode desired) {
    return between(JsonNodeFactory.instance.objectNode(), desired).stream()
        .filter(d -> LABEL_PATHS.stream().noneMatch(d.field()::startsWith))
        .toList();
  }

  private static Map<String, String> leaves(JsonNode object) {
    Map<String, String> leaves = new LinkedHashMap<>();
    object
        .fields()
        .forEachRemaining(
            field -> {
              switch (field.getKey()) {
                case "apiVersion", "kind", "status" -> {
                  // the same for both, or the apiserver's
                }
                case "metadata" -> {
                  flatten(field.getValue().path("labels"), "metadata.labels", leaves);
                  flatten(field.getValue().path("annotations"), "metadata.annotations", leaves);
                }
                default -> flatten(field.getValue(), field.getKey(), leaves);
              }
            });
    leaves
        .keySet()
        .removeIf(path -> path.startsWith("metadata.annotations[" + OPERATOR_SDK_ANNOTATIONS));
    return leaves;
  }

  private static void flatten(JsonNode node, String path, Map<String, String> leaves) {
    if (node.isObject()) {
      node.fields().forEachRemaining(f -> flatten(f.getValue(), path + key(f.getKey()), leaves));
    } else if (node.isArray()) {
      flattenList(node, path, leaves);
    } else if (!node.isMissingNode() && !node.isNull()) {
      leaves.put(path, node.asText());
    }
  }

  private static void flattenList(JsonNode list, String path, Map<String, String> leaves) {
    if (list.isEmpty()) {
      return;
    }
    boolean named = true;
    boolean scalars = true;
    for (JsonNode item : list) {
      named &= item.isObject() && item.path("name").isTextual();
      scalars &= item.isValueNode();
    }
    if (scalars) {
      List<String> values = new ArrayList<>();
      list.forEach(item -> values.add(item.asText()));
      leaves.put(path, "[" + String.join(", ", values) + "]");
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String itemPath = path + "[" + (named ? item.path("name").asText() : String.valueOf(i)) + "]";
      if (named) {
        item.fields()
            .forEachRemaining(
                f -> {
                  if (!f.getKey().equals("name")) {
                    flatten(f.getValue(), itemPath + key(f.getKey()), leaves);
                  }
                });
      } else {
        flatten(item, itemPath, leaves);
      }
    }
  }

  /** ".replicas", or "[eks.amazonaws.com/role-arn]" for a key that is not a plain word. */
  private static String key(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? "." + key : "[" + key + "]";
  }
}
