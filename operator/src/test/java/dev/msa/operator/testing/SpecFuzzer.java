package dev.msa.operator.testing;

import dev.msa.operator.api.DriftField;
import dev.msa.operator.api.DriftPart;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Seeded Microservice, DataStore and EventSubscription documents for {@code FuzzedSpecsIT}.
 *
 * <ul>
 *   <li>Most are valid by the CRDs, with values at their bounds, names at their length limits,
 *       unicode and odd characters in the free-form strings, empty lists and every enum value.
 *   <li>About one in five breaks one rule of the CRDs, or of Kubernetes, DynamoDB or SNS that the
 *       CRDs enforce, and says which field the apiserver should name when it refuses it.
 *   <li>Some are admitted but hold what only a Deployment, SNS or EventBridge checks (an env name,
 *       a quantity, a podTemplate that is no PodTemplateSpec, a filter policy, an event pattern):
 *       the operator must report those, not send them or fail on them.
 *   <li>One in twenty changes an admitted object, some of them in a field that may not change.
 * </ul>
 *
 * References point at objects generated earlier, at objects that never exist, and across the two
 * namespaces. Pure: the same seed and context give the same documents, so a failing seed can be
 * replayed.
 */
public final class SpecFuzzer {
  public static final String API_VERSION = "msa.dev/v1alpha1";
  public static final String MICROSERVICE = "Microservice";
  public static final String DATA_STORE = "DataStore";
  public static final String EVENT_SUBSCRIPTION = "EventSubscription";

  /**
   * Where the documents go and what they may name: two watched namespaces, one that does not exist,
   * an SNS topic and an EventBridge bus that exist outside the operator, and a managed policy the
   * operator allows.
   */
  public record Context(
      String home,
      String neighbour,
      String absentNamespace,
      String region,
      String accountId,
      String externalTopicArn,
      String eventBus,
      String allowedPolicyArn) {}

  /**
   * One document to apply.
   *
   * @param refusedAt empty when the CRDs admit it; else the field path the apiserver's refusal
   *     names ({@code spec.queue.visibilityTimeoutSeconds}, or {@code spec} for a rule on the spec)
   * @param what what the document exercises, for messages
   */
  public record Spec(
      int index,
      String kind,
      String namespace,
      String name,
      Map<String, Object> document,
      Optional<String> refusedAt,
      String what) {
    public String json() {
      return Serialization.asJson(document);
    }

    @Override
    public String toString() {
      return "#" + index + " " + kind + " " + namespace + "/" + name + " (" + what + ")";
    }
  }

  /** A broken rule: which field the refusal names, and what was broken. */
  private record Breakage(String field, String what) {}

  /** Where the apiserver reports a rule on the whole object, such as the kinds' name rules. */
  static final String NAME_RULE_FIELD = "<nil>";

  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String LABEL_BODY = LOWER + "0123456789-";
  private static final String ATTRIBUTE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";

  /**
   * Pieces of unicode and odd text for free-form strings: accents, CJK, right-to-left, emoji (a
   * surrogate pair), a zero-width joiner, a combining mark, quotes, backslashes, YAML and JSON
   * syntax, whitespace and control characters.
   */
  private static final List<String> ODD_TEXT =
      List.of(
          "é",
          "ü",
          "ß",
          "日本語",
          "中文",
          "עברית",
          "العربية",
          "🚀",
          "👩‍💻",
          "e\u0301",
          "\u200b",
          "\"",
          "'",
          "\\",
          "{}",
          "[]",
          ": ",
          "#",
          "&anchor",
          "*",
          "${VAR}",
          "$(VAR)",
          "%s",
          "\t",
          "\n",
          " ",
          "\u00a0",
          "null",
          "true",
          "0x1F",
          "<script>",
          "a",
          "Z",
          "9");

  private static final List<String> KEY_TYPES =
      List.of("S", "N", "B", "String", "Number", "Binary");
  private static final List<String> STREAMS =
      List.of("NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY");
  private static final List<String> PROJECTIONS = List.of("ALL", "KEYS_ONLY", "INCLUDE");

  /** The parts a driftPolicy of each kind may name (docs/drift.md); others are refused. */
  public static final Map<String, List<DriftPart>> DRIFT_PARTS =
      Map.of(
          "Microservice",
          List.of(
              DriftPart.Queue,
              DriftPart.DeadLetterQueue,
              DriftPart.Role,
              DriftPart.InlinePolicy,
              DriftPart.ManagedPolicies,
              DriftPart.PodIdentityAssociation),
          "DataStore",
          List.of(DriftPart.Table),
          "EventSubscription",
          List.of(DriftPart.Subscription, DriftPart.Rule));

  private static final List<String> DRIFT_ACTIONS = List.of("Correct", "Report", "Ignore");

  private final Random random;
  private final Context context;
  private final Map<String, Set<String>> used = new LinkedHashMap<>();
  private final Map<String, List<String>> dataStores = new LinkedHashMap<>();
  private final Map<String, List<Publisher>> publishers = new LinkedHashMap<>();
  private final Map<String, List<String>> microservices = new LinkedHashMap<>();
  private final List<Spec> admitted = new ArrayList<>();
  private int index;

  /** A Microservice generated so far, and what it publishes, for subscriptions to name. */
  private record Publisher(
      String namespace, String name, boolean queue, boolean fifoQueue, List<Topic> topics) {}

  private record Topic(String name, boolean fifo, List<String> subscriberNamespaces) {}

  public SpecFuzzer(long seed, Context context) {
    this.random = new Random(seed);
    this.context = context;
  }

  /**
   * {@code count} documents, about a quarter DataStores, 45 % Microservices and 30 %
   * EventSubscriptions; one in five breaks a rule of the CRDs and one in twenty changes an admitted
   * object, some of them in a field that may not change.
   */
  public List<Spec> generate(int count) {
    List<Spec> specs = new ArrayList<>();
    while (specs.size() < count) {
      Spec spec;
      if (!admitted.isEmpty() && chance(0.05)) {
        spec = update(pick(admitted));
      } else {
        double kind = random.nextDouble();
        String ns = chance(0.7) ? context.home() : context.neighbour();
        spec = kind < 0.25 ? dataStore(ns) : kind < 0.70 ? microservice(ns) : eventSubscription(ns);
      }
      specs.add(spec);
      if (spec.refusedAt().isEmpty()) {
        admitted.add(spec);
      }
    }
    return specs;
  }

  // --- DataStore ---------------------------------------------------------------------------------

  private Spec dataStore(String ns) {
    Map<String, Object> spec = new LinkedHashMap<>();
    Map<String, Object> table = new LinkedHashMap<>();
    spec.put("dynamoDB", table);
    Map<String, String> types = new LinkedHashMap<>();
    table.put("partitionKey", key(types, Set.of()));
    if (chance(0.5)) {
      table.put("sortKey", key(types, Set.of(nameOf(table.get("partitionKey")))));
    }
    boolean provisioned = chance(0.3);
    if (provisioned) {
      table.put(
          "billing",
          map(
              "mode",
              "PROVISIONED",
              "readCapacity",
              bounded(1, 40000),
              "writeCapacity",
              bounded(1, 40000)));
    } else if (chance(0.3)) {
      table.put("billing", map("mode", "PAY_PER_REQUEST"));
    }
    if (chance(0.4)) {
      table.put("globalSecondaryIndexes", indexes(types, provisioned, chance(0.05) ? 20 : 3));
    }
    optionally(0.3, () -> table.put("timeToLiveAttribute", attributeName()));
    optionally(0.3, () -> table.put("pointInTimeRecovery", random.nextBoolean()));
    optionally(0.3, () -> table.put("stream", pick(STREAMS)));
    optionally(0.3, () -> table.put("deletionProtection", random.nextBoolean()));
    optionally(0.3, () -> spec.put("deletionPolicy", random.nextBoolean() ? "Retain" : "Delete"));
    optionally(0.2, () -> spec.put("driftPolicy", driftPolicy(DATA_STORE)));

    Optional<Breakage> broken = chance(0.2) ? Optional.of(breakDataStore(spec)) : Optional.empty();
    String name = objectName(DATA_STORE, ns);
    if (broken.isEmpty()) {
      dataStores.computeIfAbsent(ns, n -> new ArrayList<>()).add(name);
    }
    return spec(DATA_STORE, ns, name, spec, broken, "a table");
  }

  private Map<String, Object> key(Map<String, String> types, Set<String> taken) {
    String name;
    do {
      name = types.isEmpty() || chance(0.7) ? attributeName() : pick(List.copyOf(types.keySet()));
    } while (taken.contains(name));
    // one attribute, one type: DynamoDB defines each key attribute once
    String type = types.containsKey(name) ? sameType(types.get(name)) : pick(KEY_TYPES);
    types.putIfAbsent(name, type);
    return map("name", name, "type", type);
  }

  /** The same DynamoDB type, in either spelling. */
  private String sameType(String type) {
    String code = type.substring(0, 1);
    return random.nextBoolean()
        ? code
        : switch (code) {
          case "S" -> "String";
          case "N" -> "Number";
          default -> "Binary";
        };
  }

  private static String nameOf(Object key) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) key;
    return (String) map.get("name");
  }

  private List<Object> indexes(Map<String, String> types, boolean provisioned, int max) {
    List<Object> indexes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    // DynamoDB projects at most 100 non-key attributes over all of a table's indexes
    int projectable = 100;
    int count = between(0, max);
    for (int i = 0; i < count; i++) {
      Map<String, Object> index = new LinkedHashMap<>();
      String name;
      do {
        name =
            chance(0.1)
                ? attributeString(between(3, 255))
                : "by-" + attributeString(between(1, 12));
      } while (!names.add(name));
      index.put("name", name);
      Map<String, Object> partitionKey = key(types, Set.of());
      index.put("partitionKey", partitionKey);
      if (chance(0.4)) {
        index.put("sortKey", key(types, Set.of(nameOf(partitionKey))));
      }
      if (chance(0.6)) {
        String projection = projectable > 0 ? pick(PROJECTIONS) : "ALL";
        index.put("projection", projection);
        if (projection.equals("INCLUDE")) {
          List<Object> attributes = nonKeyAttributes(types.keySet(), projectable);
          projectable -= attributes.size();
          index.put("nonKeyAttributes", attributes);
        }
      }
      if (provisioned) {
        index.put("readCapacity", bounded(1, 40000));
        index.put("writeCapacity", bounded(1, 40000));
      }
      indexes.add(index);
    }
    return indexes;
  }

  private List<Object> nonKeyAttributes(Set<String> keys, int most) {
    Set<String> attributes = new java.util.LinkedHashSet<>();
    int count = Math.min(most, between(1, chance(0.1) ? 20 : 3));
    while (attributes.size() < count) {
      String attribute = attributeName();
      if (!keys.contains(attribute)) {
        attributes.add(attribute);
      }
    }
    return new ArrayList<>(attributes);
  }

  @SuppressWarnings("unchecked")
  private Breakage breakDataStore(Map<String, Object> spec) {
    Map<String, Object> table = (Map<String, Object>) spec.get("dynamoDB");
    Map<String, Object> partitionKey = (Map<String, Object>) table.get("partitionKey");
    String t = "spec.dynamoDB.";
    return switch (between(0, 21)) {
      case 0 -> {
        spec.remove("dynamoDB");
        yield new Breakage("spec.dynamoDB", "no dynamoDB");
      }
      case 1 -> {
        table.remove("partitionKey");
        yield new Breakage(t + "partitionKey", "no partition key");
      }
      case 2 -> {
        partitionKey.put("type", pick(List.of("X", "s", "string", "BOOL", "")));
        yield new Breakage(t + "partitionKey.type", "a key type not in the enum");
      }
      case 3 -> {
        // what kubectl's YAML 1.1 makes of a bare N
        partitionKey.put("type", false);
        yield new Breakage(t + "partitionKey.type", "a boolean key type");
      }
      case 4 -> {
        partitionKey.put("name", pick(List.of("", "with space", "ünï", "a/b", "x".repeat(256))));
        yield new Breakage(t + "partitionKey.name", "a key name DynamoDB refuses");
      }
      case 5 -> {
        table.put("billing", map("mode", "PROVISIONED"));
        yield new Breakage(t + "billing", "PROVISIONED without capacity");
      }
      case 6 -> {
        table.put("billing", map("mode", "PAY_PER_REQUEST", "readCapacity", 5, "writeCapacity", 5));
        yield new Breakage(t + "billing", "capacity with PAY_PER_REQUEST");
      }
      case 7 -> {
        table.put(
            "billing",
            map(
                "mode",
                "PROVISIONED",
                "readCapacity",
                random.nextBoolean() ? 0 : 40001,
                "writeCapacity",
                1));
        yield new Breakage(t + "billing.readCapacity", "read capacity out of bounds");
      }
      case 8 -> {
        table.put("stream", pick(List.of("ALL", "new_image", "", "NEW_AND_OLD")));
        yield new Breakage(t + "stream", "a stream view not in the enum");
      }
      case 9 -> {
        spec.put("deletionPolicy", pick(List.of("Keep", "delete", "Orphan", "")));
        yield new Breakage("spec.deletionPolicy", "a deletion policy not in the enum");
      }
      case 10 -> {
        table.put(
            "globalSecondaryIndexes",
            List.of(
                map(
                    "name",
                    pick(List.of("ab", "a/b", "ïdx", "x".repeat(256))),
                    "partitionKey",
                    map("name", "k", "type", "S"))));
        yield new Breakage(t + "globalSecondaryIndexes[0].name", "an index name DynamoDB refuses");
      }
      case 11 -> {
        Map<String, Object> index =
            map("name", "same", "partitionKey", map("name", "k", "type", "S"));
        table.put("globalSecondaryIndexes", List.of(index, new LinkedHashMap<>(index)));
        table.remove("billing");
        yield new Breakage(t + "globalSecondaryIndexes", "two indexes of one name");
      }
      case 12 -> {
        List<Object> indexes = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
          indexes.add(map("name", "idx-" + i, "partitionKey", map("name", "k", "type", "S")));
        }
        table.put("globalSecondaryIndexes", indexes);
        table.remove("billing");
        yield new Breakage(t + "globalSecondaryIndexes", "21 indexes");
      }
      case 13 -> {
        table.put(
            "globalSecondaryIndexes",
            List.of(
                map(
                    "name",
                    "inc",
                    "partitionKey",
                    map("name", "k", "type", "S"),
                    "projection",
                    "INCLUDE")));
        table.remove("billing");
        yield new Breakage(t + "globalSecondaryIndexes[0]", "INCLUDE without nonKeyAttributes");
      }
      case 14 -> {
        table.put(
            "globalSecondaryIndexes",
            List.of(
                map(
                    "name",
                    "cap",
                    "partitionKey",
                    map("name", "k", "type", "S"),
                    "readCapacity",
                    5,
                    "writeCapacity",
                    5)));
        table.put("billing", map("mode", "PAY_PER_REQUEST"));
        yield new Breakage(t + "globalSecondaryIndexes", "index capacity on an on-demand table");
      }
      case 15 -> {
        table.put("timeToLiveAttribute", pick(List.of("", "with space", "tëst")));
        yield new Breakage(t + "timeToLiveAttribute", "a TTL attribute DynamoDB refuses");
      }
      case 16 -> {
        table.put("pointInTimeRecovery", "yes");
        yield new Breakage(t + "pointInTimeRecovery", "a string for a boolean");
      }
      // DynamoDB's own rules on keys: each attribute defined once, with one type
      case 17 -> {
        table.put("sortKey", map("name", nameOf(partitionKey), "type", "S"));
        yield new Breakage("spec.dynamoDB", "sort key named as the partition key");
      }
      case 18 -> {
        String type = (String) partitionKey.get("type");
        String other = type.startsWith("S") ? "Number" : "S";
        table.remove("billing");
        table.put(
            "globalSecondaryIndexes",
            List.of(
                map(
                    "name",
                    "other-type",
                    "partitionKey",
                    map("name", nameOf(partitionKey), "type", other))));
        yield new Breakage(
            "spec.dynamoDB", "an index key of the table key's name and another type");
      }
      case 19 -> {
        table.remove("billing");
        table.put(
            "globalSecondaryIndexes",
            List.of(
                map(
                    "name",
                    "same-keys",
                    "partitionKey",
                    map("name", "k", "type", "S"),
                    "sortKey",
                    map("name", "k", "type", "S"))));
        yield new Breakage("spec.dynamoDB", "an index sort key named as its partition key");
      }
      case 20 -> {
        table.remove("billing");
        List<Object> indexes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          List<Object> attributes = new ArrayList<>();
          for (int a = 0; a < 20; a++) {
            attributes.add("i" + i + "a" + a);
          }
          indexes.add(
              map(
                  "name",
                  "inc-" + i,
                  "partitionKey",
                  map("name", "k", "type", "S"),
                  "projection",
                  "INCLUDE",
                  "nonKeyAttributes",
                  attributes));
        }
        table.put("globalSecondaryIndexes", indexes);
        yield new Breakage(t + "globalSecondaryIndexes", "120 non-key attributes in all");
      }
      default -> {
        table.remove("billing");
        List<Object> attributes =
            switch (between(0, 2)) {
              case 0 -> List.of("");
              case 1 -> List.of("x".repeat(256));
              default -> List.of("dup", "dup");
            };
        table.put(
            "globalSecondaryIndexes",
            List.of(
                map(
                    "name",
                    "inc",
                    "partitionKey",
                    map("name", "k", "type", "S"),
                    "projection",
                    "INCLUDE",
                    "nonKeyAttributes",
                    attributes)));
        yield new Breakage(
            t + "globalSecondaryIndexes[0].nonKeyAttributes", "nonKeyAttributes DynamoDB refuses");
      }
    };
  }

  // --- Microservice ------------------------------------------------------------------------------

  private Spec microservice(String ns) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("image", image());
    double workload = random.nextDouble();
    if (workload < 0.4) {
      spec.put("replicas", bounded(0, 1000));
    } else if (workload < 0.6) {
      int min = bounded(1, 1000);
      Map<String, Object> autoscaling = map("maxReplicas", bounded(min, 1000));
      optionally(0.7, () -> autoscaling.put("minReplicas", min));
      optionally(0.5, () -> autoscaling.put("targetCPUUtilizationPercentage", bounded(1, 1000)));
      if (!autoscaling.containsKey("minReplicas")) {
        // the schema's default is 1
        autoscaling.put("maxReplicas", bounded(1, 1000));
      }
      spec.put("autoscaling", autoscaling);
    }
    if (chance(0.6)) {
      spec.put("port", bounded(1, 65535));
      if (chance(0.5)) {
        Map<String, Object> probes = new LinkedHashMap<>();
        optionally(0.7, () -> probes.put("readinessPath", path()));
        optionally(0.7, () -> probes.put("livenessPath", path()));
        spec.put("probes", probes);
      }
    }
    optionally(0.4, () -> spec.put("env", env()));
    optionally(0.2, () -> spec.put("resources", resources()));
    boolean queue = chance(0.6);
    boolean fifoQueue = queue && chance(0.25);
    if (queue) {
      spec.put("queue", queue(fifoQueue));
      if (!spec.containsKey("replicas") && !spec.containsKey("autoscaling") && chance(0.4)) {
        spec.put("autoscaling", map("queueDepth", queueDepth()));
      }
    }
    List<Topic> topics = new ArrayList<>();
    if (chance(0.5)) {
      spec.put("publishes", publishes(ns, topics));
    } else if (chance(0.1)) {
      spec.put("publishes", List.of());
    }
    optionally(0.4, () -> spec.put("dataStores", dataStoreRefs(ns)));
    optionally(0.4, () -> spec.put("calls", calls(ns)));
    optionally(0.15, () -> spec.put("iam", iam()));
    optionally(0.15, () -> spec.put("podTemplate", podTemplate()));
    optionally(0.2, () -> spec.put("driftPolicy", driftPolicy(MICROSERVICE)));
    optionally(0.2, () -> spec.put("deletionPolicy", random.nextBoolean() ? "Retain" : "Delete"));

    Optional<Breakage> broken =
        chance(0.2) ? Optional.of(breakMicroservice(spec)) : Optional.empty();
    String name = objectName(MICROSERVICE, ns);
    if (broken.isEmpty()) {
      microservices.computeIfAbsent(ns, n -> new ArrayList<>()).add(name);
      publishers
          .computeIfAbsent(ns, n -> new ArrayList<>())
          .add(new Publisher(ns, name, queue, fifoQueue, topics));
    }
    return spec(MICROSERVICE, ns, name, spec, broken, "a service");
  }

  private String image() {
    return switch (between(0, chance(0.05) ? 6 : 5)) {
      case 0 -> "nginx:1";
      case 1 ->
          context.accountId() + ".dkr.ecr." + context.region() + ".amazonaws.com/orders:1.4.2";
      case 2 -> "registry.example.com/team/app@sha256:" + "ab12".repeat(16);
      case 3 -> "registry.example.com/" + "a".repeat(between(1, 512 - 25)) + ":1";
      case 4 -> "registry.example.com/" + oddText(between(1, 20)).strip() + "x:1";
      case 5 -> "x";
      // whitespace around the image: a Deployment refuses it
      default -> pick(List.of(" nginx:1", "nginx:1\n", "\tnginx"));
    };
  }

  private String path() {
    return chance(0.1) ? "/" + "p".repeat(255) : "/" + oddText(between(0, 12)).replace("\n", "");
  }

  private List<Object> env() {
    List<Object> env = new ArrayList<>();
    int count = chance(0.05) ? 200 : between(0, 5);
    for (int i = 0; i < count; i++) {
      String name = "VAR_" + i + (chance(0.3) ? "_" + LOWER.charAt(between(0, 25)) : "");
      if (chance(0.03)) {
        env.add(oddEnvVar(name, env));
      } else if (chance(0.1)) {
        env.add(map("name", name, "valueFrom", valueFrom()));
      } else {
        env.add(map("name", name, "value", chance(0.1) ? "" : oddText(between(1, 40))));
      }
    }
    return env;
  }

  /**
   * An EnvVar the CRD admits, as it passes core/v1 through, but that a Deployment may refuse: names
   * a Deployment refuses or takes only since relaxed validation, a downward-API path that does not
   * exist, no value at all, or the name of an earlier entry.
   */
  private Map<String, Object> oddEnvVar(String name, List<Object> earlier) {
    return switch (between(0, 4)) {
      case 0 ->
          map(
              "name",
              pick(List.of("with space", "ünï", "a=b", "1ABC", "my.var", "x".repeat(300))),
              "value",
              "v");
      case 1 -> map("name", name, "valueFrom", map("fieldRef", map("fieldPath", "spec.nothing")));
      case 2 -> map("name", name);
      default ->
          earlier.isEmpty()
              ? map("name", name, "value", "")
              : map("name", nameOf(earlier.get(earlier.size() - 1)), "value", "again");
    };
  }

  private Map<String, Object> valueFrom() {
    return switch (between(0, 3)) {
      case 0 -> map("fieldRef", map("fieldPath", "metadata.name"));
      case 1 -> map("secretKeyRef", map("name", "db", "key", "password", "optional", true));
      case 2 -> map("configMapKeyRef", map("name", "settings", "key", "level"));
      default -> map("resourceFieldRef", map("resource", "limits.cpu"));
    };
  }

  private Map<String, Object> resources() {
    Map<String, Object> requests = map("cpu", pick(List.of("100m", "1", "0.5")), "memory", "64Mi");
    Map<String, Object> resources = map("requests", requests);
    if (chance(0.5)) {
      resources.put("limits", map("cpu", "2", "memory", "1Gi"));
    }
    if (chance(0.1)) {
      // quantities the schema (int-or-string) takes and a Deployment may not
      return switch (between(0, 3)) {
        case 0 -> map("requests", map("cpu", "4"), "limits", map("cpu", "2"));
        case 1 -> map("requests", map("cpu", pick(List.of("abc", "-1", "1..0", "ünï"))));
        case 2 -> map("limits", map("gpu", "1"));
        default -> map("requests", map("memory", 0));
      };
    }
    return resources;
  }

  private Map<String, Object> queue(boolean fifo) {
    Map<String, Object> queue = new LinkedHashMap<>();
    if (fifo || chance(0.2)) {
      queue.put("fifo", fifo);
    }
    if (fifo) {
      optionally(0.5, () -> queue.put("contentBasedDeduplication", random.nextBoolean()));
    }
    optionally(0.5, () -> queue.put("visibilityTimeoutSeconds", bounded(0, 43200)));
    optionally(0.5, () -> queue.put("messageRetentionSeconds", bounded(60, 1209600)));
    if (chance(0.4)) {
      queue.put("deadLetter", chance(0.3) ? map() : map("maxReceiveCount", bounded(1, 1000)));
    }
    return queue;
  }

  private List<Object> publishes(String ns, List<Topic> topics) {
    List<Object> publishes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int count = chance(0.05) ? 20 : between(1, 3);
    while (publishes.size() < count) {
      String name = dnsLabel(chance(0.2) ? 40 : 12);
      if (!names.add(name)) {
        continue;
      }
      Map<String, Object> topic = map("name", name);
      boolean fifo = chance(0.25);
      if (fifo || chance(0.2)) {
        topic.put("fifo", fifo);
      }
      List<String> subscribers = new ArrayList<>();
      if (chance(0.4)) {
        if (chance(0.7)) {
          subscribers.add(ns.equals(context.home()) ? context.neighbour() : context.home());
        }
        optionally(0.3, () -> subscribers.add(context.absentNamespace()));
        topic.put("subscribers", map("namespaces", subscribers));
      }
      publishes.add(topic);
      topics.add(new Topic(name, fifo, subscribers));
    }
    return publishes;
  }

  private List<Object> dataStoreRefs(String ns) {
    List<Object> refs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<String> existing = dataStores.getOrDefault(ns, List.of());
    int count = chance(0.05) ? 20 : between(0, 3);
    for (int i = 0; i < count; i++) {
      String name = !existing.isEmpty() && chance(0.7) ? pick(existing) : dnsLabel(63);
      if (names.add(name)) {
        Map<String, Object> ref = map("name", name);
        optionally(0.5, () -> ref.put("access", random.nextBoolean() ? "ReadOnly" : "ReadWrite"));
        refs.add(ref);
      }
    }
    return refs;
  }

  private List<Object> calls(String ns) {
    List<Object> calls = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int count = chance(0.05) ? 50 : between(0, 3);
    for (int i = 0; i < count; i++) {
      String callee;
      Optional<String> namespace = Optional.empty();
      double where = random.nextDouble();
      if (where < 0.5 && !microservices.getOrDefault(ns, List.of()).isEmpty()) {
        callee = pick(microservices.get(ns));
      } else if (where < 0.7) {
        String other = ns.equals(context.home()) ? context.neighbour() : context.home();
        callee = pick(microservices.getOrDefault(other, List.of("nobody")));
        namespace = Optional.of(other);
      } else if (where < 0.8) {
        callee = dnsLabel(20);
        namespace = Optional.of(context.absentNamespace());
      } else {
        callee = dnsLabel(63);
      }
      if (names.add(callee)) {
        Map<String, Object> call = map("name", callee);
        namespace.ifPresent(n -> call.put("namespace", n));
        calls.add(call);
      }
    }
    return calls;
  }

  private Map<String, Object> iam() {
    List<Object> arns = new ArrayList<>();
    optionally(0.5, () -> arns.add(context.allowedPolicyArn()));
    optionally(
        0.5,
        () -> arns.add("arn:aws:iam::" + context.accountId() + ":policy/not-allowed-" + index));
    return map("managedPolicyArns", arns);
  }

  private Map<String, Object> podTemplate() {
    return switch (between(0, chance(0.3) ? 9 : 4)) {
      case 0 ->
          map("metadata", map("labels", map("team", "a"), "annotations", map("note", oddText(20))));
      case 1 -> map("spec", map("nodeSelector", map("kubernetes.io/os", "linux")));
      case 2 ->
          map(
              "spec",
              map(
                  "tolerations",
                  List.of(map("key", "dedicated", "operator", "Exists", "effect", "NoSchedule"))));
      case 3 ->
          map("spec", map("containers", List.of(map("name", "sidecar", "image", "busybox:1"))));
      case 4 -> map();
      // a free-form template: what a Deployment refuses or a PodTemplateSpec cannot hold
      case 5 -> map("metadata", map("labels", map("bad key!", "v")));
      case 6 -> map("spec", map("containers", List.of(map("name", "sidecar"))));
      case 7 -> map("spec", map("containers", "not a list"));
      case 8 -> map("spec", map("volumes", List.of(map("name", "Bad_Name", "emptyDir", map()))));
      default -> map("spec", map("restartPolicy", "Never"));
    };
  }

  @SuppressWarnings("unchecked")
  private Breakage breakMicroservice(Map<String, Object> spec) {
    return switch (between(0, 26)) {
      case 0 -> {
        spec.remove("image");
        yield new Breakage("spec.image", "no image");
      }
      case 1 -> {
        spec.put("image", random.nextBoolean() ? "" : "x".repeat(513));
        yield new Breakage("spec.image", "an image of 0 or 513 characters");
      }
      case 2 -> {
        spec.remove("autoscaling");
        spec.put("replicas", random.nextBoolean() ? -1 : 1001);
        yield new Breakage("spec.replicas", "replicas out of bounds");
      }
      case 3 -> {
        spec.put("replicas", 2);
        spec.put("autoscaling", map("maxReplicas", 3));
        yield new Breakage("spec", "replicas and autoscaling");
      }
      case 4 -> {
        spec.remove("replicas");
        spec.put("autoscaling", map("minReplicas", 5, "maxReplicas", 4));
        yield new Breakage("spec.autoscaling", "minReplicas above maxReplicas");
      }
      case 5 -> {
        spec.remove("replicas");
        spec.put("autoscaling", map("minReplicas", 1));
        yield new Breakage("spec.autoscaling", "autoscaling without maxReplicas or queueDepth");
      }
      case 6 -> {
        spec.put("port", random.nextBoolean() ? 0 : 65536);
        yield new Breakage("spec.port", "port out of bounds");
      }
      case 7 -> {
        spec.remove("port");
        spec.put("probes", map("readinessPath", "/ready"));
        yield new Breakage("spec.probes", "probes without a port");
      }
      case 8 -> {
        spec.put("port", 8080);
        spec.put(
            "probes", map("livenessPath", random.nextBoolean() ? "health" : "/" + "p".repeat(256)));
        yield new Breakage("spec.probes.livenessPath", "a probe path without / or too long");
      }
      case 9 -> {
        spec.put("queue", map("visibilityTimeoutSeconds", random.nextBoolean() ? -1 : 43201));
        yield new Breakage("spec.queue.visibilityTimeoutSeconds", "visibility out of bounds");
      }
      case 10 -> {
        spec.put("queue", map("messageRetentionSeconds", random.nextBoolean() ? 59 : 1209601));
        yield new Breakage("spec.queue.messageRetentionSeconds", "retention out of bounds");
      }
      case 11 -> {
        spec.put(
            "queue", map("deadLetter", map("maxReceiveCount", random.nextBoolean() ? 0 : 1001)));
        yield new Breakage(
            "spec.queue.deadLetter.maxReceiveCount", "maxReceiveCount out of bounds");
      }
      case 12 -> {
        spec.put("publishes", List.of(map("name", "dup"), map("name", "dup", "fifo", true)));
        yield new Breakage("spec.publishes", "two topics of one name");
      }
      case 13 -> {
        spec.put(
            "publishes",
            List.of(map("name", pick(List.of("x".repeat(41), "Upper", "ünï", "-a", "a_b")))));
        yield new Breakage("spec.publishes[0].name", "a topic name that is no DNS label of 40");
      }
      case 14 -> {
        List<Object> topics = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
          topics.add(map("name", "t" + i));
        }
        spec.put("publishes", topics);
        yield new Breakage("spec.publishes", "21 topics");
      }
      case 15 -> {
        spec.put("dataStores", List.of(map("name", "d"), map("name", "d", "access", "ReadOnly")));
        yield new Breakage("spec.dataStores", "one DataStore listed twice");
      }
      case 16 -> {
        spec.put(
            "dataStores",
            List.of(map("name", "d", "access", pick(List.of("Write", "readonly", "")))));
        yield new Breakage("spec.dataStores[0].access", "an access not in the enum");
      }
      case 17 -> {
        spec.put(
            "calls",
            List.of(map("name", "c", "namespace", pick(List.of("Bad", "a.b", "x".repeat(64))))));
        yield new Breakage("spec.calls[0].namespace", "a callee namespace that is no DNS label");
      }
      case 18 -> {
        spec.put(
            "iam",
            map(
                "managedPolicyArns",
                List.of(pick(List.of("*", "arn:aws:iam::123:policy/x", "arn:aws:s3:::bucket")))));
        yield new Breakage("spec.iam.managedPolicyArns[0]", "a policy ARN of the wrong shape");
      }
      case 19 -> {
        List<Object> env = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
          env.add(map("name", "V" + i, "value", "v"));
        }
        spec.put("env", env);
        yield new Breakage("spec.env", "201 variables");
      }
      case 20 -> {
        spec.remove("autoscaling");
        spec.put("replicas", "2");
        yield new Breakage("spec.replicas", "a string for an integer");
      }
      case 21 -> {
        spec.put(
            "env",
            List.of(random.nextBoolean() ? map("value", "v") : map("name", "", "value", "v")));
        yield new Breakage("spec.env", "a variable without a name");
      }
      case 22 -> {
        spec.put(
            "env",
            List.of(
                map(
                    "name",
                    "V",
                    "value",
                    "v",
                    "valueFrom",
                    map("fieldRef", map("fieldPath", "metadata.name")))));
        yield new Breakage("spec.env", "a variable with value and valueFrom");
      }
      case 24 -> {
        spec.put(
            "publishes",
            List.of(
                map(
                    "name",
                    "t",
                    "subscribers",
                    map(
                        "namespaces",
                        List.of(pick(List.of("Shop", "a.b", "x".repeat(64), "ünï", "-a")))))));
        yield new Breakage(
            "spec.publishes[0].subscribers.namespaces[0]", "a subscriber namespace that is none");
      }
      case 23 -> {
        spec.put(
            "env",
            List.of(
                map(
                    "name",
                    "V",
                    "valueFrom",
                    map(
                        "fieldRef",
                        map("fieldPath", "metadata.name"),
                        "secretKeyRef",
                        map("name", "s", "key", "k")))));
        yield new Breakage("spec.env", "a variable with two sources");
      }
      case 25 -> {
        spec.put("queue", map("fifo", false, "contentBasedDeduplication", true));
        yield new Breakage("spec.queue", "content-based deduplication on a standard queue");
      }
      default -> {
        spec.put("queue", map("fifo", "yes"));
        yield new Breakage("spec.queue.fifo", "a string for a boolean");
      }
    };
  }

  // --- EventSubscription -------------------------------------------------------------------------

  /**
   * Mostly subscriptions that can reach AWS (a subscriber with a queue, a topic of its queue's
   * kind, the default bus or one that exists), so SNS and EventBridge see the filter policies and
   * patterns; the rest wait on a missing subscriber, queue, publisher, topic or permission.
   */
  private Spec eventSubscription(String ns) {
    Map<String, Object> spec = new LinkedHashMap<>();
    List<Publisher> here = publishers.getOrDefault(ns, List.of());
    List<Publisher> withQueue = here.stream().filter(Publisher::queue).toList();
    double who = random.nextDouble();
    Optional<Publisher> subscriber =
        who < 0.75 && !withQueue.isEmpty()
            ? Optional.of(pick(withQueue))
            : who < 0.85 && !here.isEmpty() ? Optional.of(pick(here)) : Optional.empty();
    spec.put("subscriber", subscriber.map(Publisher::name).orElseGet(() -> dnsLabel(63)));
    boolean fifo = subscriber.map(Publisher::fifoQueue).orElse(false);
    boolean sns;
    double source = random.nextDouble();
    if (source < 0.5) {
      spec.put("source", map("topic", topicRef(ns, fifo)));
      sns = true;
    } else if (source < 0.65) {
      spec.put("source", map("topicArn", topicArn()));
      sns = true;
    } else {
      Map<String, Object> bus = map("pattern", eventPattern());
      optionally(
          0.3,
          () ->
              bus.put(
                  "name",
                  pick(List.of("default", context.eventBus(), "a/b.c_d-e", "x".repeat(256)))));
      spec.put("source", map("eventBus", bus));
      sns = false;
    }
    if (sns) {
      optionally(0.6, () -> spec.put("filterPolicy", filterPolicy()));
      optionally(
          0.3,
          () ->
              spec.put(
                  "filterPolicyScope", random.nextBoolean() ? "MessageAttributes" : "MessageBody"));
      optionally(0.3, () -> spec.put("rawMessageDelivery", random.nextBoolean()));
    }
    optionally(0.2, () -> spec.put("driftPolicy", driftPolicy(EVENT_SUBSCRIPTION)));
    Optional<Breakage> broken =
        chance(0.2) ? Optional.of(breakEventSubscription(spec)) : Optional.empty();
    // names cut where an Event's name is cut, on subscriptions likely to be made (and announced)
    String name =
        subscriber.filter(Publisher::queue).isPresent() && chance(0.15)
            ? unique(EVENT_SUBSCRIPTION, ns, this::cutAtASeparator)
            : objectName(EVENT_SUBSCRIPTION, ns);
    return spec(EVENT_SUBSCRIPTION, ns, name, spec, broken, "a subscription");
  }

  /**
   * A topic of a Microservice generated so far, mostly of the subscriber queue's kind (FIFO or
   * standard) and in a namespace that allows it; else a mismatch, a topic not published, or a
   * publisher that never exists.
   */
  private Map<String, Object> topicRef(String ns, boolean fifo) {
    List<Publisher> candidates = new ArrayList<>();
    for (List<Publisher> list : publishers.values()) {
      list.stream().filter(p -> !p.topics().isEmpty()).forEach(candidates::add);
    }
    if (candidates.isEmpty() || chance(0.15)) {
      Map<String, Object> ref = map("microservice", dnsLabel(63), "name", dnsLabel(40));
      optionally(0.2, () -> ref.put("namespace", context.absentNamespace()));
      return ref;
    }
    List<Publisher> allowed =
        candidates.stream()
            .filter(p -> p.topics().stream().anyMatch(t -> t.fifo() == fifo && visible(p, t, ns)))
            .toList();
    Publisher publisher = !allowed.isEmpty() && chance(0.8) ? pick(allowed) : pick(candidates);
    List<Topic> fitting =
        publisher.topics().stream()
            .filter(t -> t.fifo() == fifo && visible(publisher, t, ns))
            .toList();
    Topic topic = !fitting.isEmpty() && chance(0.9) ? pick(fitting) : pick(publisher.topics());
    Map<String, Object> ref =
        map("microservice", publisher.name(), "name", chance(0.95) ? topic.name() : dnsLabel(40));
    if (!publisher.namespace().equals(ns) || chance(0.3)) {
      ref.put("namespace", publisher.namespace());
    }
    return ref;
  }

  /** A topic may be followed from its own namespace and those its subscribers list. */
  private static boolean visible(Publisher publisher, Topic topic, String ns) {
    return publisher.namespace().equals(ns) || topic.subscriberNamespaces().contains(ns);
  }

  private String topicArn() {
    if (chance(0.4)) {
      return context.externalTopicArn();
    }
    String name = chance(0.1) ? attributeName().replace(".", "") + "x" : dnsLabel(30);
    String prefix = "arn:aws:sns:" + context.region() + ":" + context.accountId() + ":";
    // SNS topic names are at most 256 characters, ".fifo" included
    return prefix + (chance(0.05) ? "t".repeat(251) : name) + (chance(0.2) ? ".fifo" : "");
  }

  /** SNS filter policies as the SNS documentation writes them, with unicode values. */
  private Map<String, Object> filterPolicy() {
    if (chance(0.15)) {
      return oddFilterPolicy();
    }
    Map<String, Object> policy = new LinkedHashMap<>();
    int keys = between(0, 5);
    for (int i = 0; i < keys; i++) {
      policy.put(
          pick(List.of("eventType", "store", "price", "customer", "ünïcode-key")) + i,
          filterValues());
    }
    return policy;
  }

  private List<Object> filterValues() {
    List<Object> values = new ArrayList<>();
    int count = between(1, 3);
    for (int i = 0; i < count; i++) {
      values.add(
          switch (between(0, 4)) {
            case 0 -> oddText(between(1, 15));
            case 1 -> map("prefix", "ord");
            case 2 -> map("anything-but", List.of("x", oddText(3)));
            case 3 -> map("numeric", List.of(">=", 0, "<", between(1, 1000)));
            default -> between(-1000, 1000);
          });
    }
    return values;
  }

  /**
   * A free-form object the CRD takes and SNS may not: a value that is no list, more keys or value
   * combinations than SNS allows, an empty list, a nested object.
   */
  private Map<String, Object> oddFilterPolicy() {
    Map<String, Object> policy = new LinkedHashMap<>();
    switch (between(0, 5)) {
      case 0 -> policy.put("eventType", "OrderCreated");
      case 1 -> {
        for (int i = 0; i < 6; i++) {
          policy.put("key" + i, List.of("v"));
        }
      }
      case 2 -> {
        for (int i = 0; i < 3; i++) {
          List<Object> values = new ArrayList<>();
          for (int v = 0; v < 6; v++) {
            values.add("v" + v);
          }
          policy.put("key" + i, values);
        }
      }
      case 3 -> policy.put("eventType", List.of());
      case 4 -> policy.put("order", map("status", List.of("new")));
      default -> policy.put("eventType", List.of(map("unknown-operator", 1)));
    }
    return policy;
  }

  /** EventBridge patterns as its documentation writes them, with unicode values. */
  private Map<String, Object> eventPattern() {
    if (chance(0.1)) {
      // free-form objects EventBridge refuses: an empty object, a value that is no list, an
      // empty list, an operator with the wrong operand
      return switch (between(0, 4)) {
        case 0 -> map("source", List.of("com.acme"), "detail", map());
        case 4 -> map();
        case 1 -> map("source", "com.acme");
        case 2 -> map("source", List.of());
        default -> map("detail", map("amount", List.of(map("numeric", List.of(">", "x")))));
      };
    }
    Map<String, Object> pattern = new LinkedHashMap<>();
    pattern.put("source", List.of("com.acme." + dnsLabel(10)));
    optionally(0.5, () -> pattern.put("detail-type", List.of(oddText(between(1, 20)))));
    optionally(
        0.4,
        () ->
            pattern.put(
                "detail",
                map(
                    "status",
                    List.of(oddText(between(1, 10)), map("prefix", "ord")),
                    "amount",
                    List.of(map("numeric", List.of(">", 0))))));
    return pattern;
  }

  @SuppressWarnings("unchecked")
  private Breakage breakEventSubscription(Map<String, Object> spec) {
    return switch (between(0, 10)) {
      case 0 -> {
        spec.remove("subscriber");
        yield new Breakage("spec.subscriber", "no subscriber");
      }
      case 1 -> {
        spec.put("subscriber", pick(List.of("Upper", "ünï", "a.b", "x".repeat(64), "")));
        yield new Breakage("spec.subscriber", "a subscriber that is no DNS label");
      }
      case 2 -> {
        spec.put("source", map());
        yield new Breakage("spec.source", "no source");
      }
      case 3 -> {
        spec.put(
            "source",
            map(
                "topicArn",
                context.externalTopicArn(),
                "eventBus",
                map("pattern", map("source", List.of("x")))));
        spec.remove("filterPolicy");
        spec.remove("filterPolicyScope");
        spec.remove("rawMessageDelivery");
        yield new Breakage("spec.source", "two sources");
      }
      case 4 -> {
        spec.put(
            "source",
            map(
                "topicArn",
                pick(
                    List.of(
                        "arn:aws:sqs:us-east-1:123456789012:q",
                        "topic",
                        "arn:aws:sns:us-east-1:1234:t",
                        "arn:aws:sns:us-east-1:123456789012:ünï",
                        "arn:aws:sns:us-east-1:123456789012:" + "t".repeat(252) + ".fifo"))));
        yield new Breakage("spec.source.topicArn", "a topic ARN of the wrong shape");
      }
      case 5 -> {
        spec.put("source", map("eventBus", map("name", "default")));
        yield new Breakage("spec.source.eventBus.pattern", "an event bus without a pattern");
      }
      case 6 -> {
        spec.put(
            "source",
            map(
                "eventBus",
                map(
                    "name",
                    pick(List.of("a b", "ünï", "", "x".repeat(257))),
                    "pattern",
                    map("source", List.of("x")))));
        spec.remove("filterPolicy");
        spec.remove("filterPolicyScope");
        spec.remove("rawMessageDelivery");
        yield new Breakage("spec.source.eventBus.name", "a bus name EventBridge refuses");
      }
      case 7 -> {
        spec.put("source", map("eventBus", map("pattern", map("source", List.of("x")))));
        spec.put("filterPolicy", map("a", List.of("b")));
        yield new Breakage("spec", "a filter policy on an EventBridge source");
      }
      case 8 -> {
        spec.put("filterPolicyScope", pick(List.of("Body", "messageBody", "")));
        yield new Breakage("spec.filterPolicyScope", "a scope not in the enum");
      }
      case 9 -> {
        spec.put("source", map("topic", map("microservice", "m", "name", "x".repeat(41))));
        yield new Breakage("spec.source.topic.name", "a topic name of 41 characters");
      }

      default -> {
        spec.put("source", map("topic", map("name", "t")));
        yield new Breakage("spec.source.topic.microservice", "a topic without its microservice");
      }
    };
  }

  // --- updates of admitted objects ---------------------------------------------------------------

  /**
   * A new generation of an admitted object: an immutable field changed (refused by a CEL transition
   * rule), or a mutable one.
   */
  @SuppressWarnings("unchecked")
  private Spec update(Spec original) {
    Map<String, Object> document =
        Serialization.jsonMapper().convertValue(original.document(), Map.class);
    Map<String, Object> spec = (Map<String, Object>) document.get("spec");
    Optional<Breakage> broken = Optional.empty();
    String what;
    switch (original.kind()) {
      case MICROSERVICE -> {
        Map<String, Object> queue = (Map<String, Object>) spec.get("queue");
        List<Map<String, Object>> topics = (List<Map<String, Object>>) spec.get("publishes");
        if (queue != null && chance(0.5)) {
          queue.put("fifo", !Boolean.TRUE.equals(queue.get("fifo")));
          broken = Optional.of(new Breakage("spec.queue.fifo", "queue.fifo changed"));
        } else if (topics != null && !topics.isEmpty() && chance(0.5)) {
          Map<String, Object> topic = topics.get(0);
          topic.put("fifo", !Boolean.TRUE.equals(topic.get("fifo")));
          broken = Optional.of(new Breakage("spec.publishes", "publishes[0].fifo changed"));
        } else if (spec.containsKey("podTemplate") && chance(0.5)) {
          // how a user drops every customisation; server-side apply makes it null
          spec.put("podTemplate", map());
        } else {
          spec.put("image", image());
          spec.remove("autoscaling");
          spec.put("replicas", bounded(0, 1000));
        }
        what = "an update of a service";
      }
      case DATA_STORE -> {
        Map<String, Object> table = (Map<String, Object>) spec.get("dynamoDB");
        if (chance(0.5)) {
          Map<String, Object> key = (Map<String, Object>) table.get("partitionKey");
          key.put("name", key.get("name") + "x");
          broken = Optional.of(new Breakage("spec.dynamoDB.partitionKey", "partition key renamed"));
        } else {
          table.put("pointInTimeRecovery", !Boolean.TRUE.equals(table.get("pointInTimeRecovery")));
          table.put("stream", pick(STREAMS));
        }
        what = "an update of a table";
      }
      default -> {
        spec.put("rawMessageDelivery", random.nextBoolean());
        Map<String, Object> source = (Map<String, Object>) spec.get("source");
        if (source.containsKey("eventBus")) {
          spec.remove("rawMessageDelivery");
          Map<String, Object> bus = (Map<String, Object>) source.get("eventBus");
          boolean hadFields = !((Map<String, Object>) bus.get("pattern")).isEmpty();
          Map<String, Object> pattern = eventPattern();
          bus.put("pattern", pattern);
          if (pattern.isEmpty() && hadFields) {
            // server-side apply turns an object emptied by its owner into null, which the
            // schema refuses (upstream behaviour); a create with {} is admitted
            broken =
                Optional.of(
                    new Breakage("spec.source.eventBus.pattern", "pattern emptied by its owner"));
          }
        } else if (chance(0.3)) {
          // SNS reads an empty policy as "no filter": how a user stops filtering
          spec.put("filterPolicy", map());
        }
        what = "an update of a subscription";
      }
    }
    return new Spec(
        index++,
        original.kind(),
        original.namespace(),
        original.name(),
        document,
        broken.map(Breakage::field),
        what + broken.map(b -> ": " + b.what()).orElse(""));
  }

  // --- names -------------------------------------------------------------------------------------

  /**
   * A fresh name valid for the kind, often at its length limit: 63 for the kinds that name AWS
   * resources and variables, 253 with dots for EventSubscription.
   */
  private String objectName(String kind, String ns) {
    return unique(
        kind,
        ns,
        () ->
            kind.equals(EVENT_SUBSCRIPTION)
                ? (chance(0.2) ? dnsSubdomain(253) : dnsLabel(chance(0.1) ? 63 : 20))
                : dnsLabel(chance(0.2) ? 63 : 20));
  }

  private String unique(String kind, String ns, Supplier<String> names) {
    Set<String> taken = used.computeIfAbsent(kind + "/" + ns, k -> new HashSet<>());
    String name;
    do {
      name = names.get();
    } while (!taken.add(name));
    return name;
  }

  private Spec spec(
      String kind,
      String ns,
      String name,
      Map<String, Object> spec,
      Optional<Breakage> broken,
      String what) {
    String finalName = name;
    Optional<Breakage> breakage = broken;
    if (broken.isEmpty() && chance(0.04)) {
      Breakage badName = badName(kind);
      finalName = badName.what();
      breakage = Optional.of(new Breakage(badName.field(), "the name " + finalName));
    }
    Map<String, Object> document =
        map(
            "apiVersion",
            API_VERSION,
            "kind",
            kind,
            "metadata",
            map("name", finalName, "namespace", ns),
            "spec",
            spec);
    return new Spec(
        index++,
        kind,
        ns,
        finalName,
        document,
        breakage.map(Breakage::field),
        what + breakage.map(b -> " with " + b.what()).orElse(""));
  }

  /**
   * A name the apiserver refuses (no DNS subdomain), or, for the kinds whose name becomes part of
   * AWS names and variables, a DNS subdomain that their own rule refuses as no DNS label.
   */
  private Breakage badName(String kind) {
    if (!kind.equals(EVENT_SUBSCRIPTION) && chance(0.5)) {
      return new Breakage(NAME_RULE_FIELD, pick(List.of("a.b", "x".repeat(64), "1abc")));
    }
    return new Breakage(
        "metadata.name", pick(List.of("Upper", "ünï", "a_b", "-a", "a-", "x".repeat(254))));
  }

  private String dnsLabel(int max) {
    int length = chance(0.3) ? max : between(1, max);
    StringBuilder name = new StringBuilder().append(LOWER.charAt(between(0, 25)));
    while (name.length() < length) {
      name.append(LABEL_BODY.charAt(between(0, LABEL_BODY.length() - 1)));
    }
    while (name.charAt(name.length() - 1) == '-') {
      name.setCharAt(name.length() - 1, LOWER.charAt(between(0, 25)));
    }
    return name.toString();
  }

  /**
   * A name of 253 characters with a '.' or '-' as its 236th: where names this long are cut to fit a
   * suffix (an Event's name is the object's first 236 characters, '.', and a hash).
   */
  private String cutAtASeparator() {
    String head = dnsLabel(63) + "." + dnsLabel(63) + "." + dnsLabel(63) + "." + dnsLabel(43);
    while (head.length() < 235) {
      head = head + "a";
    }
    head = head.substring(0, 234) + "a";
    return head + (random.nextBoolean() ? "." : "-") + "b" + dnsLabel(16);
  }

  /** Labels joined by dots, up to {@code max} characters. */
  private String dnsSubdomain(int max) {
    StringBuilder name = new StringBuilder(dnsLabel(63));
    while (name.length() < max - 2) {
      name.append('.').append(dnsLabel(Math.min(63, max - name.length() - 1)));
    }
    return name.toString();
  }

  private String attributeName() {
    return chance(0.05) ? attributeString(255) : attributeString(between(1, 12));
  }

  private String attributeString(int length) {
    StringBuilder name = new StringBuilder();
    while (name.length() < length) {
      name.append(ATTRIBUTE_CHARS.charAt(between(0, ATTRIBUTE_CHARS.length() - 1)));
    }
    return name.toString();
  }

  private String oddText(int pieces) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      text.append(pick(ODD_TEXT));
    }
    return text.toString();
  }

  // --- queue depth and drift policies ----------------------------------------------------------

  /** KEDA scaling on the service's queue (its CRDs are not on the test cluster: it says so). */
  private Map<String, Object> queueDepth() {
    Map<String, Object> depth = map("messagesPerReplica", bounded(1, 100000));
    int max = bounded(1, 1000);
    depth.put("maxReplicas", max);
    optionally(0.7, () -> depth.put("minReplicas", bounded(0, max)));
    if (max == 1000 && chance(0.3)) {
      depth.put("minReplicas", 1000);
    }
    return depth;
  }

  /**
   * One to three rules on distinct parts of the kind, each for the whole part or some of its
   * fields, with any action.
   */
  private List<Object> driftPolicy(String kind) {
    List<DriftPart> parts = new ArrayList<>(DRIFT_PARTS.get(kind));
    java.util.Collections.shuffle(parts, random);
    List<Object> rules = new ArrayList<>();
    for (DriftPart part : parts.subList(0, between(1, Math.min(3, parts.size())))) {
      Map<String, Object> rule = map("part", part.name(), "action", pick(DRIFT_ACTIONS));
      if (chance(0.6)) {
        List<DriftField> fields = new ArrayList<>(part.fields());
        java.util.Collections.shuffle(fields, random);
        rule.put(
            "fields",
            fields.subList(0, between(1, fields.size())).stream().map(Enum::name).toList());
      }
      rules.add(rule);
    }
    return rules;
  }

  // --- randomness --------------------------------------------------------------------------------

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  private void optionally(double p, Runnable action) {
    if (chance(p)) {
      action.run();
    }
  }

  /** Inclusive. */
  private int between(int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  /** A value in [min, max], at one of the bounds three times in five. */
  private int bounded(int min, int max) {
    double where = random.nextDouble();
    return where < 0.3 ? min : where < 0.6 ? max : between(min, max);
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
