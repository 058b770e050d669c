package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.aws.SqsQueues;
import dev.msa.operator.model.PolicyDocuments;
import dev.msa.operator.model.QueuePolicy.Grant;
import dev.msa.operator.model.QueuePolicy.Sender;
import dev.msa.operator.model.SubscriptionPlan.SubscriberQueue;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.TestMoto;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Writes of one queue's policy against moto: serialised, each with the union computed late. */
class QueuePoliciesIT {
  private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private static AwsClients sdk;

  @BeforeAll
  static void start() {
    sdk = TestMoto.get().clients(registry);
  }

  @AfterAll
  static void stop() {
    sdk.close();
  }

  /**
   * Subscription A computes its union while B is not in the cache yet, and is slow to write it; B
   * arrives meanwhile. Were the union computed outside the lock, A's late write would drop B.
   */
  @Test
  void aSlowWriterWithAnOldViewCannotDropALaterSubscription() throws Exception {
    SubscriberQueue queue = queue();
    QueuePolicies policies =
        new QueuePolicies(new SqsQueues(sdk.sqs(), sdk.queueObservations()), Duration.ZERO);
    Grant a = new Grant(Sender.SNS, "arn:aws:sns:us-east-1:123456789012:a");
    Grant b = new Grant(Sender.EVENTBRIDGE, "arn:aws:events:us-east-1:123456789012:rule/b");
    Set<Grant> cache = ConcurrentHashMap.newKeySet();
    CountDownLatch aComputed = new CountDownLatch(1);

    cache.add(a);
    AtomicReference<Thread> secondThread = new AtomicReference<>();
    CompletableFuture<QueuePolicies.Write> first =
        CompletableFuture.supplyAsync(
            () ->
                policies.apply(
                    queue,
                    () -> {
                      Set<Grant> view = new HashSet<>(cache);
                      aComputed.countDown();
                      // hold the queue's lock until the second apply waits for it
                      Eventually.assertThat(
                          Duration.ofSeconds(10),
                          () ->
                              assertThat(secondThread.get())
                                  .extracting(Thread::getState)
                                  .isEqualTo(Thread.State.BLOCKED));
                      return view;
                    }));
    assertThat(aComputed.await(10, TimeUnit.SECONDS)).isTrue();
    cache.add(b);
    CompletableFuture<QueuePolicies.Write> second =
        CompletableFuture.supplyAsync(
            () -> {
              secondThread.set(Thread.currentThread());
              return policies.apply(queue, () -> new HashSet<>(cache));
            });

    assertThat(first.get(10, TimeUnit.SECONDS).added()).containsExactly(a.sid());
    assertThat(second.get(10, TimeUnit.SECONDS).added()).containsExactly(b.sid());
    assertThat(sourceArns(queue.url())).containsExactlyInAnyOrder(a.sourceArn(), b.sourceArn());
  }

  @Test
  void anUnchangedUnionWritesNothingAndAnEmptyOneRemovesThePolicy() {
    SubscriberQueue queue = queue();
    QueuePolicies policies =
        new QueuePolicies(new SqsQueues(sdk.sqs(), sdk.queueObservations()), Duration.ZERO);
    Grant a = new Grant(Sender.SNS, "arn:aws:sns:us-east-1:123456789012:a");
    assertThat(policies.apply(queue, () -> Set.of(a)).changed()).isTrue();
    assertThat(policies.apply(queue, () -> Set.of(a)).changed()).isFalse();
    QueuePolicies.Write removal = policies.apply(queue, Set::of);
    assertThat(removal.removed()).containsExactly(a.sid());
    assertThat(sourceArns(queue.url())).isEmpty();
    sdk.sqs().deleteQueue(r -> r.queueUrl(queue.url()));
    assertThat(policies.apply(queue, () -> Set.of(a)).queueGone()).isTrue();
  }

  /**
   * The steady state of a subscription: its own write is what it compares with next, without a read
   * while the queue's last read is young enough (SQS may answer the old policy for a minute).
   */
  @Test
  void theNextComparisonAfterOurWriteUsesItWithoutReading() {
    SubscriberQueue queue = queue();
    SqsQueues sqs = new SqsQueues(sdk.sqs(), sdk.queueObservations());
    QueuePolicies policies = new QueuePolicies(sqs, Duration.ofHours(1));
    Grant a = new Grant(Sender.SNS, "arn:aws:sns:us-east-1:123456789012:a");
    sqs.attributes(queue.url()); // the subscriber Microservice's read
    long readsBefore = queueReads();

    assertThat(policies.apply(queue, () -> Set.of(a)).added()).containsExactly(a.sid());
    assertThat(policies.apply(queue, () -> Set.of(a)).changed()).isFalse();

    assertThat(queueReads() - readsBefore).isZero();
    assertThat(sourceArns(queue.url())).containsExactly(a.sourceArn());
  }

  @Test
  void aStatementRemovedOutsideIsPutBackOnceTheReadIsOld() {
    SubscriberQueue queue = queue();
    QueuePolicies policies =
        new QueuePolicies(new SqsQueues(sdk.sqs(), sdk.queueObservations()), Duration.ZERO);
    Grant a = new Grant(Sender.SNS, "arn:aws:sns:us-east-1:123456789012:a");
    policies.apply(queue, () -> Set.of(a));
    sdk.sqs()
        .setQueueAttributes(
            r -> r.queueUrl(queue.url()).attributesWithStrings(Map.of("Policy", "")));

    assertThat(policies.apply(queue, () -> Set.of(a)).added()).containsExactly(a.sid());
    assertThat(sourceArns(queue.url())).containsExactly(a.sourceArn());
  }

  private static long queueReads() {
    return registry.find("msa.aws.calls").tag("operation", "GetQueueAttributes").timers().stream()
        .mapToLong(t -> t.count())
        .sum();
  }

  private static SubscriberQueue queue() {
    String name = "policies-" + UUID.randomUUID().toString().substring(0, 8);
    String url = sdk.sqs().createQueue(r -> r.queueName(name)).queueUrl();
    String arn =
        sdk.sqs()
            .getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributesAsStrings()
            .get("QueueArn");
    return new SubscriberQueue(name, url, arn);
  }

  private static List<String> sourceArns(String url) {
    Map<String, String> attributes =
        sdk.sqs()
            .getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.POLICY))
            .attributesAsStrings();
    List<String> arns = new ArrayList<>();
    if (attributes.containsKey("Policy")) {
      PolicyDocuments.parse(attributes.get("Policy"))
          .get("Statement")
          .forEach(
              s -> arns.add(s.get("Condition").get("ArnEquals").get("aws:SourceArn").asText()));
    }
    return arns;
  }
}
