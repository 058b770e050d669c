package dev.msa.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The proxy the failover test counts with: it passes JSON (SQS) and query (IAM, SNS) protocol calls
 * through to moto unchanged, and tells operations, subjects, senders and outcomes apart.
 */
class RecordingAwsProxyIT {
  private static final Region REGION = Region.of(TestMoto.REGION);
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"Service\":\"pods.eks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

  @Test
  void recordsEachCallWithItsSenderSubjectAndAnswer() {
    String name = "it-proxy-" + UUID.randomUUID().toString().substring(0, 8);
    try (RecordingAwsProxy proxy = new RecordingAwsProxy(TestMoto.get().endpoint());
        SqsClient sqs = client(SqsClient.builder().region(REGION), proxy.endpoint("a"));
        IamClient iam = client(IamClient.builder().region(Region.AWS_GLOBAL), proxy.endpoint("b"));
        SnsClient sns = client(SnsClient.builder().region(REGION), proxy.endpoint("b"))) {
      String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
      assertThat(sqs.createQueue(r -> r.queueName(name)).queueUrl()).isEqualTo(url);
      iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST));
      assertThatThrownBy(
              () -> iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST)))
          .isInstanceOf(EntityAlreadyExistsException.class);
      String topic = sns.createTopic(r -> r.name(name)).topicArn();
      String queueArn = "arn:aws:sqs:us-east-1:123456789012:" + name;
      sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(queueArn));

      assertThat(proxy.successes(op -> op.startsWith("Create") || op.equals("Subscribe")))
          .containsEntry("CreateQueue", 2L)
          .containsEntry("CreateRole", 1L)
          .containsEntry("CreateTopic", 1L)
          .containsEntry("Subscribe", 1L);
      assertThat(proxy.repeatedSuccesses(op -> op.startsWith("Create")))
          .containsOnlyKeys("CreateQueue " + name);
      assertThat(proxy.calls())
          .filteredOn(c -> c.operation().equals("CreateRole"))
          .extracting(RecordingAwsProxy.Call::via, RecordingAwsProxy.Call::status)
          .containsExactly(tuple("b", 200), tuple("b", 409));
      assertThat(proxy.calls())
          .filteredOn(c -> c.operation().equals("Subscribe"))
          .extracting(RecordingAwsProxy.Call::subject)
          .containsExactly(topic + " -> " + queueArn);
      assertThat(proxy.calls())
          .filteredOn(c -> c.operation().equals("CreateQueue"))
          .allMatch(c -> c.via().equals("a") && c.subject().equals(name));

      sqs.deleteQueue(r -> r.queueUrl(url));
      iam.deleteRole(r -> r.roleName(name));
      sns.deleteTopic(r -> r.topicArn(topic));
    }
  }

  private static <B extends AwsClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
    return builder
        .endpointOverride(endpoint)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }
}
