package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator observed of a Microservice; conditions Ready, WorkloadAvailable, IdentityReady,
 * QueueReady, TopicsReady and DataStoresBound.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MicroserviceStatus extends ObservedStatus {

  @JsonPropertyDescription("Pods the Deployment has.")
  private Integer replicas;

  @JsonPropertyDescription("Pods of the Deployment that are available.")
  private Integer availableReplicas;

  @JsonPropertyDescription("ServiceAccount the pods run as.")
  private String serviceAccountName;

  @JsonPropertyDescription("ARN of the service's IAM role.")
  private String roleArn;

  @JsonPropertyDescription("The service's queue and dead-letter queue.")
  private QueueStatus queue;

  @JsonPropertyDescription("The service's SNS topics.")
  private List<TopicStatus> topics = new ArrayList<>();

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getAvailableReplicas() {
    return availableReplicas;
  }

  public void setAvailableReplicas(Integer availableReplicas) {
    this.availableReplicas = availableReplicas;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public QueueStatus getQueue() {
    return queue;
  }

  public void setQueue(QueueStatus queue) {
    this.queue = queue;
  }

  public List<TopicStatus> getTopics() {
    return topics;
  }

  public void setTopics(List<TopicStatus> topics) {
    this.topics = topics;
  }
}
