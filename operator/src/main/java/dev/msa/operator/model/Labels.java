package dev.msa.operator.model;

import dev.msa.operator.api.Microservice;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Labels of every child object. Built from the Microservice's name only: nothing is copied from its
 * own labels or annotations, so GitOps tracking labels (Argo CD's) never reach children.
 */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MICROSERVICE = "msa.dev/microservice";
  public static final String OPERATOR = "msa-operator";

  /** What the operator's informers of children select on. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  private Labels() {}

  public static Map<String, String> of(Microservice microservice) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, microservice.getMetadata().getName());
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(PART_OF, "msa");
    labels.putAll(selector(microservice));
    return labels;
  }

  /** The pods of one Microservice; immutable once a Deployment uses it. */
  /** A child's metadata: its name, the service's namespace and the common labels. */
  public static ObjectMeta metadata(Microservice microservice, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(microservice.getMetadata().getNamespace())
        .withLabels(of(microservice))
        .build();
  }

  public static Map<String, String> selector(Microservice microservice) {
    return Map.of(MICROSERVICE, microservice.getMetadata().getName());
  }
}
