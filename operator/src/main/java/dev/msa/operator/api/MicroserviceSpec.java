package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Nullable;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;

/** The desired service. Every field is part of the contract in SPEC §2.1. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.replicas) && has(self.autoscaling))",
    message =
        "set either replicas or autoscaling, not both: with autoscaling the"
            + " HorizontalPodAutoscaler (with autoscaling.queueDepth, KEDA) owns the replica count",
    reason = "FieldValueForbidden")
@ValidationRule(
    value = "!has(self.autoscaling) || !has(self.autoscaling.queueDepth) || has(self.queue)",
    message =
        "autoscaling.queueDepth scales on the service's own queue: set spec.queue, or scale on"
            + " CPU (autoscaling.maxReplicas) instead",
    fieldPath = ".autoscaling.queueDepth",
    reason = "FieldValueRequired")
@ValidationRule(
    value = "!has(self.probes) || has(self.port)",
    message = "probes need a port: set spec.port to the port the HTTP probes should call",
    fieldPath = ".probes")
@ValidationRule(
    value =
        "!has(oldSelf.publishes) || !has(self.publishes) || self.publishes.all(t,"
            + " oldSelf.publishes.all(o, o.name != t.name || (has(o.fifo) && o.fifo) == (has(t.fifo)"
            + " && t.fifo)))",
    message =
        "publishes[].fifo is immutable: an SNS topic cannot change type; publish a topic under a"
            + " new name instead",
    fieldPath = ".publishes",
    reason = "FieldValueInvalid")
public class MicroserviceSpec implements WithDriftPolicy {

  @Required
  @Size(min = 1, max = 512)
  @JsonPropertyDescription(
      "Container image of the service, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:1.4.2.")
  private String image;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("Number of pods. Absent means 1. Not allowed together with autoscaling.")
  private Integer replicas;

  @JsonPropertyDescription(
      "Scale between minReplicas and maxReplicas on CPU with a HorizontalPodAutoscaler, or on"
          + " the depth of the service's queue with KEDA (queueDepth). Not allowed together with"
          + " replicas.")
  private Autoscaling autoscaling;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription(
      "Port the container serves HTTP on. Creates a Service and is the target of probes and"
          + " of callers' MSA_SERVICE_<NAME>_URL. Absent means a worker with no Service.")
  private Integer port;

  @Size(max = 200)
  // What a Deployment refuses and costs a CEL rule little (no string scanning: the names have no
  // length bound). The rest of the Deployment's checks, such as which characters a name may have,
  // are reported on WorkloadAvailable (WorkloadInvalid) when the apiserver refuses the Deployment.
  @ValidationRule(
      value = "self.all(e, has(e.name) && size(e.name) > 0)",
      message = "env[].name is required")
  @ValidationRule(
      value = "self.all(e, !has(e.valueFrom) || !has(e.value) || size(e.value) == 0)",
      message = "env[]: set value or valueFrom, not both")
  @ValidationRule(
      value =
          "self.all(e, !has(e.valueFrom) || [has(e.valueFrom.fieldRef),"
              + " has(e.valueFrom.resourceFieldRef), has(e.valueFrom.configMapKeyRef),"
              + " has(e.valueFrom.secretKeyRef), has(e.valueFrom.fileKeyRef)].filter(x,"
              + " x).size() == 1)",
      message =
          "env[].valueFrom takes exactly one of fieldRef, resourceFieldRef, configMapKeyRef,"
              + " secretKeyRef and fileKeyRef")
  @JsonPropertyDescription(
      "Environment variables passed to the container as written (core/v1 EnvVar). The"
          + " operator's MSA_* and AWS_REGION variables are added after them.")
  private List<EnvVar> env = new ArrayList<>();

  @JsonPropertyDescription("CPU and memory requests and limits of the container.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("HTTP readiness and liveness probe paths, called on spec.port.")
  private Probes probes;

  @JsonPropertyDescription(
      "The service's own SQS inbox queue; with deadLetter also a dead-letter queue. Absent"
          + " means no queue.")
  private QueueSpec queue;

  @Size(max = 20)
  @ValidationRule(
      value = "self.all(t, self.exists_one(o, o.name == t.name))",
      message = "publishes[].name must be unique")
  @JsonPropertyDescription("SNS topics this service owns and may publish to.")
  private List<PublishedTopic> publishes = new ArrayList<>();

  @Size(max = 20)
  @ValidationRule(
      value = "self.all(d, self.exists_one(o, o.name == d.name))",
      message = "dataStores[].name must be unique")
  @JsonPropertyDescription(
      "DataStores in this namespace the service uses: its role gets access to each table and"
          + " the pod gets MSA_DATASTORE_<NAME>_TABLE and MSA_DATASTORE_<NAME>_ARN.")
  private List<DataStoreRef> dataStores = new ArrayList<>();

  @Size(max = 50)
  @ValidationRule(
      value = "self.all(c, self.exists_one(o, o.name == c.name))",
      message =
          "calls[].name must be unique: each gives the environment variable"
              + " MSA_SERVICE_<NAME>_URL")
  @JsonPropertyDescription(
      "Microservices this service calls. Each gives the pod MSA_SERVICE_<NAME>_URL; with"
          + " NetworkPolicies enabled the callee admits traffic from this service.")
  private List<CallRef> calls = new ArrayList<>();

  @JsonPropertyDescription("IAM settings of the service's role beyond what its intent grants.")
  private IamSpec iam;

  @Default("Delete")
  @JsonPropertyDescription(
      "What deleting the Microservice does to its queue, dead-letter queue and topics: Delete"
          + " (default) deletes them; Retain keeps them, with their messages and subscriptions,"
          + " and removes only their msa.dev/uid tag, so that a later Microservice of this name"
          + " annotated msa.dev/adopt: \"true\" takes them over. The role is deleted either way.")
  private DeletionPolicy deletionPolicy;

  // Null means none, as absent and {} do: server-side apply turns an object that its owner
  // empties into null, so `podTemplate: {}` (how a user drops every customisation) is accepted.
  @Nullable
  @PreserveUnknownFields
  @SchemaFrom(type = FreeFormObject.class)
  @JsonPropertyDescription(
      "Escape hatch: a core/v1 PodTemplateSpec merged into the generated pod (labels,"
          + " annotations, nodeSelector, tolerations, affinity, volumes, extra containers). The"
          + " operator's own fields win on conflict. Absent, null or {} means none.")
  private JsonNode podTemplate;

  @Size(max = 20)
  @ValidationRule(
      value =
          "self.all(r, r.part in ['Queue', 'DeadLetterQueue', 'Role', 'InlinePolicy', 'ManagedPolicies', 'PodIdentityAssociation'])",
      message =
          "a Microservice's driftPolicy parts are Queue, DeadLetterQueue, Role, InlinePolicy, ManagedPolicies and PodIdentityAssociation",
      reason = "FieldValueInvalid")
  @ValidationRule(
      value = DriftRule.ONE_RULE_PER_FIELD,
      message = DriftRule.ONE_RULE_PER_FIELD_MESSAGE,
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "What a resync does about AWS fields changed outside the operator, per part or field:"
          + " Correct (the default for anything no rule names), Report or Ignore. Creating a"
          + " missing resource and applying a change of the spec are not affected.")
  private List<DriftRule> driftPolicy = new ArrayList<>();

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Autoscaling getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(Autoscaling autoscaling) {
    this.autoscaling = autoscaling;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Probes getProbes() {
    return probes;
  }

  public void setProbes(Probes probes) {
    this.probes = probes;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public QueueSpec getQueue() {
    return queue;
  }

  public void setQueue(QueueSpec queue) {
    this.queue = queue;
  }

  public List<PublishedTopic> getPublishes() {
    return publishes;
  }

  public void setPublishes(List<PublishedTopic> publishes) {
    this.publishes = publishes;
  }

  public List<DataStoreRef> getDataStores() {
    return dataStores;
  }

  public void setDataStores(List<DataStoreRef> dataStores) {
    this.dataStores = dataStores;
  }

  public List<CallRef> getCalls() {
    return calls;
  }

  public void setCalls(List<CallRef> calls) {
    this.calls = calls;
  }

  public IamSpec getIam() {
    return iam;
  }

  public void setIam(IamSpec iam) {
    this.iam = iam;
  }

  public JsonNode getPodTemplate() {
    return podTemplate;
  }

  public void setPodTemplate(JsonNode podTemplate) {
    this.podTemplate = podTemplate;
  }

  @Override
  public List<DriftRule> getDriftPolicy() {
    return driftPolicy;
  }

  public void setDriftPolicy(List<DriftRule> driftPolicy) {
    this.driftPolicy = driftPolicy;
  }
}
