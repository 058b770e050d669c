package dev.msa.operator.model;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.QueueDepth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KEDA's ScaledObject (keda.sh/v1alpha1, KEDA 2.13 or later) when spec.autoscaling.queueDepth is
 * set: it scales the service's Deployment on the depth of the service's own queue with the {@code
 * aws-sqs-queue} trigger, authenticated by the service's {@link DesiredTriggerAuthentication}. KEDA
 * makes and owns the HorizontalPodAutoscaler behind it.
 */
public final class DesiredScaledObject {
  public static final String GROUP = "keda.sh";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  static final String TRIGGER = "aws-sqs-queue";

  private DesiredScaledObject() {}

  /**
   * @param queueUrl the URL of the service's queue, as SQS reported it
   * @param region the AWS region of the queue
   */
  public static Optional<ScaledObject> build(
      Microservice microservice, String queueUrl, String region) {
    if (!ServiceResources.scalesOnQueueDepth(microservice)) {
      return Optional.empty();
    }
    QueueDepth queueDepth = microservice.getSpec().getAutoscaling().getQueueDepth();
    String name = microservice.getMetadata().getName();

    Map<String, Object> trigger = new LinkedHashMap<>();
    trigger.put("type", TRIGGER);
    trigger.put(
        "authenticationRef", Map.of("name", DesiredTriggerAuthentication.name(microservice)));
    // KEDA reads trigger metadata as strings only.
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("queueURL", queueUrl);
    metadata.put("queueLength", String.valueOf(queueDepth.getMessagesPerReplica()));
    metadata.put("awsRegion", region);
    trigger.put("metadata", metadata);

    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("scaleTargetRef", Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", name));
    spec.put(
        "minReplicaCount",
        DesiredHorizontalPodAutoscaler.minReplicas(microservice.getSpec().getAutoscaling()));
    spec.put("maxReplicaCount", queueDepth.getMaxReplicas());
    spec.put("triggers", List.of(trigger));

    ScaledObject scaledObject = new ScaledObject();
    scaledObject.setApiVersion(API_VERSION);
    scaledObject.setKind("ScaledObject");
    scaledObject.setMetadata(Labels.metadata(microservice, name));
    scaledObject.setAdditionalProperty("spec", spec);
    return Optional.of(scaledObject);
  }
}
