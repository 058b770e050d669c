package dev.msa.operator.e2e.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The local physical limit: moto's sustained rate for msa-operator's provisioning call mix, driven
 * by a plain SDK client in a tight loop (no Kubernetes, no reconcile, no rate limit), at 1 thread
 * and at 8. Per service the calls msa-operator makes to provision a Microservice with its
 * EventSubscription (docs/benchmarks.md, "Provisioning: AWS calls"), 14: the look-ups that find
 * nothing before a create, the creates, the reads of what was created, the queue policy and the
 * subscription; without SNS the queues' and the role's 8.
 */
final class MotoCeiling {
  private static final int[] THREADS = {1, 8};

  private MotoCeiling() {}

  static Map<String, Object> measure(
      int n,
      boolean withSns,
      MotoRecorder recorder,
      Double msaAllReadySeconds,
      Map<String, Object> msaCalls)
      throws Exception {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("callsPerService", withSns ? 14 : 8);
    try (SqsClient sqs = SqsClient.create();
        SnsClient sns = SnsClient.create();
        IamClient iam = IamClient.builder().build();
        StsClient sts = StsClient.create()) {
      String account = sts.getCallerIdentity().account();
      String prefix = "ceiling-" + Long.toString(System.currentTimeMillis() % 100000, 36);
      double best = 0;
      for (int threads : THREADS) {
        String run = prefix + "-t" + threads;
        recorder.start();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String name = run + "-" + i;
          done.add(
              pool.submit(
                  () -> {
                    service(sqs, sns, iam, account, name, withSns);
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> calls = recorder.stop();
        long total = calls.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("seconds", AckBench.round(seconds));
        t.put("awsCallsRecorded", total);
        t.put("awsCallsByOperation", calls);
        t.put("servicesPerSecond", AckBench.round(n / seconds));
        t.put("callsPerSecond", AckBench.round(total / seconds));
        r.put("threads" + threads, t);
        best = Math.max(best, n / seconds);
        clean(sqs, sns, iam, run, n);
      }
      r.put("bestServicesPerSecond", AckBench.round(best));
      if (msaAllReadySeconds != null) {
        double msaRate = n / msaAllReadySeconds;
        r.put("msaServicesPerSecondToAllReady", AckBench.round(msaRate));
        r.put("msaFractionOfCeiling", AckBench.round(msaRate / best));
        long msaTotal = msaCalls.values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
        r.put("msaAwsCallsPerSecondToAllReady", AckBench.round(msaTotal / msaAllReadySeconds));
      }
    }
    return r;
  }

  /** One service's provisioning, as msa-operator's calls go (14 calls; 8 without SNS). */
  private static void service(
      SqsClient sqs, SnsClient sns, IamClient iam, String account, String name, boolean withSns) {
    String dlq = name + "-dlq";
    notFound(() -> sqs.getQueueUrl(r -> r.queueName(dlq)));
    String dlqUrl =
        sqs.createQueue(
                r ->
                    r.queueName(dlq)
                        .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600")))
            .queueUrl();
    String dlqArn =
        sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    notFound(() -> sqs.getQueueUrl(r -> r.queueName(name)));
    String url =
        sqs.createQueue(
                r ->
                    r.queueName(name)
                        .attributes(
                            Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                "30",
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\""
                                    + dlqArn
                                    + "\",\"maxReceiveCount\":5}")))
            .queueUrl();
    String queueArn =
        sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    iam.createRole(
        r ->
            r.roleName(name)
                .assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                        + "{\"Service\":\"pods.eks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
    iam.putRolePolicy(
        r ->
            r.roleName(name)
                .policyName("app")
                .policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                        + "\"sqs:ReceiveMessage\",\"Resource\":\""
                        + queueArn
                        + "\"}]}"));
    if (!withSns) {
      return;
    }
    String topicArn = "arn:aws:sns:us-east-1:" + account + ":" + name + "-events";
    notFound(() -> sns.getTopicAttributes(r -> r.topicArn(topicArn)));
    String topic = sns.createTopic(r -> r.name(name + "-events")).topicArn();
    sqs.setQueueAttributes(
        r ->
            r.queueUrl(url)
                .attributes(
                    Map.of(
                        QueueAttributeName.POLICY,
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"sns\",\"Effect\":"
                            + "\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},"
                            + "\"Action\":\"sqs:SendMessage\",\"Resource\":\""
                            + queueArn
                            + "\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\""
                            + topic
                            + "\"}}}]}")));
    String subscription =
        sns.subscribe(
                r ->
                    r.topicArn(topic)
                        .protocol("sqs")
                        .endpoint(queueArn)
                        .returnSubscriptionArn(true))
            .subscriptionArn();
    sns.getSubscriptionAttributes(r -> r.subscriptionArn(subscription));
    sns.getSubscriptionAttributes(r -> r.subscriptionArn(subscription));
  }

  private static void notFound(Runnable lookUp) {
    try {
      lookUp.run();
    } catch (software.amazon.awssdk.awscore.exception.AwsServiceException expected) {
      // the look-up before a create finds nothing, as msa-operator's does
    }
  }

  /** Removes what a run made (not timed, not recorded). */
  private static void clean(SqsClient sqs, SnsClient sns, IamClient iam, String run, int n) {
    for (int i = 0; i < n; i++) {
      String name = run + "-" + i;
      try {
        iam.deleteRolePolicy(r -> r.roleName(name).policyName("app"));
        iam.deleteRole(r -> r.roleName(name));
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
    sqs.listQueuesPaginator(r -> r.queueNamePrefix(run).maxResults(1000))
        .queueUrls()
        .forEach(url -> sqs.deleteQueue(r -> r.queueUrl(url)));
    sns.listSubscriptionsPaginator().subscriptions().stream()
        .filter(s -> s.topicArn().contains(":" + run + "-"))
        .forEach(s -> sns.unsubscribe(r -> r.subscriptionArn(s.subscriptionArn())));
    sns.listTopicsPaginator().topics().stream()
        .filter(t -> t.topicArn().contains(":" + run + "-"))
        .forEach(t -> sns.deleteTopic(r -> r.topicArn(t.topicArn())));
  }
}
