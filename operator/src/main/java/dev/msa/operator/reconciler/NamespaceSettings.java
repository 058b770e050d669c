package dev.msa.operator.reconciler;

import dev.msa.operator.config.DefaultTags;
import dev.msa.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;

/**
 * What a namespace's annotations set for the objects in it, read with one GET of the Namespace (the
 * chart grants {@code get} on namespaces, nothing more): {@code msa.dev/default-tags}, the
 * organisation's tags over the operator's {@code MSA_OPERATOR_DEFAULT_TAGS}
 * (docs/organisations.md). The one place that reads namespace annotations.
 */
public final class NamespaceSettings {
  static final String DEFAULT_TAGS = "msa.dev/default-tags";

  private final KubernetesClient client;
  private final OperatorConfig config;

  public NamespaceSettings(KubernetesClient client, OperatorConfig config) {
    this.client = client;
    this.config = config;
  }

  /**
   * The operator's default tags with the namespace's over them.
   *
   * @throws InvalidDefaultTagsException when the namespace's annotation cannot be used
   */
  Map<String, String> defaultTags(String namespace) {
    Optional<String> annotation = annotation(namespace, DEFAULT_TAGS);
    if (annotation.isEmpty()) {
      return config.defaultTags();
    }
    try {
      return DefaultTags.merge(config.defaultTags(), DefaultTags.parse(annotation.get()));
    } catch (IllegalArgumentException e) {
      throw new InvalidDefaultTagsException(
          "the annotation "
              + DEFAULT_TAGS
              + " of namespace "
              + namespace
              + ": "
              + e.getMessage()
              + "; nothing is created or re-tagged on AWS until it is fixed");
    }
  }

  private Optional<String> annotation(String namespace, String key) {
    Namespace found = client.namespaces().withName(namespace).get();
    return Optional.ofNullable(found)
        .map(n -> n.getMetadata().getAnnotations())
        .map(a -> a.get(key));
  }
}
