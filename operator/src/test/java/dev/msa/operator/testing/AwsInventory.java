package dev.msa.operator.testing;

import dev.msa.operator.aws.AwsClients;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.Topic;

/**
 * What the AWS endpoint holds, read page by page: the tests share one moto, and a list call's first
 * page (100 roles, topics or subscriptions) stops holding a test's own once the suites before it
 * have left more than that.
 */
public final class AwsInventory {
  private AwsInventory() {}

  public static List<String> queueUrls(AwsClients aws) {
    List<String> urls = new ArrayList<>();
    aws.sqs().listQueuesPaginator(r -> r.maxResults(1000)).queueUrls().forEach(urls::add);
    return urls;
  }

  public static List<Topic> topics(AwsClients aws) {
    List<Topic> topics = new ArrayList<>();
    aws.sns().listTopicsPaginator().topics().forEach(topics::add);
    return topics;
  }

  public static List<Role> roles(AwsClients aws) {
    List<Role> roles = new ArrayList<>();
    aws.iam().listRolesPaginator().roles().forEach(roles::add);
    return roles;
  }

  public static List<Subscription> subscriptions(AwsClients aws) {
    List<Subscription> subscriptions = new ArrayList<>();
    aws.sns().listSubscriptionsPaginator().subscriptions().forEach(subscriptions::add);
    return subscriptions;
  }

  /** Every queue, topic and role carrying this {@code msa.dev/uid} tag: URLs and ARNs. */
  public static List<String> taggedWith(AwsClients aws, String uid) {
    List<String> found = new ArrayList<>();
    for (String url : queueUrls(aws)) {
      if (uid.equals(aws.sqs().listQueueTags(r -> r.queueUrl(url)).tags().get("msa.dev/uid"))) {
        found.add(url);
      }
    }
    for (Topic topic : topics(aws)) {
      if (aws.sns().listTagsForResource(r -> r.resourceArn(topic.topicArn())).tags().stream()
          .anyMatch(t -> t.key().equals("msa.dev/uid") && t.value().equals(uid))) {
        found.add(topic.topicArn());
      }
    }
    for (Role role : roles(aws)) {
      if (aws.iam().listRoleTags(r -> r.roleName(role.roleName())).tags().stream()
          .anyMatch(t -> t.key().equals("msa.dev/uid") && t.value().equals(uid))) {
        found.add(role.arn());
      }
    }
    return found;
  }
}
