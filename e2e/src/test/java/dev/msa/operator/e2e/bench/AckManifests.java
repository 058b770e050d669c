package dev.msa.operator.e2e.bench;

/**
 * What an ACK user writes for the AWS side of one msa Microservice with its EventSubscription: the
 * same queue and dead-letter queue with redrive, topic, subscription into the queue with the queue
 * policy, and IRSA role with the same inline policy, as ACK resources with hand-written ARNs and
 * JSON (ACK resolves no ARN between kinds of different controllers). Plus, apart, the
 * ServiceAccount and Deployment that a Microservice also stands for.
 */
record AckManifests(
    String account, String region, String oidcProviderArn, String namespace, boolean withSns) {

  /**
   * The names of service {@code i}'s AWS resources; distinct from msa's (which carry its
   * namespace).
   */
  String name(int i) {
    return namespace + "-" + String.format("svc-%04d", i);
  }

  private String queueArn(String queue) {
    return "arn:aws:sqs:" + region + ":" + account + ":" + queue;
  }

  private String topicArn(String topic) {
    return "arn:aws:sns:" + region + ":" + account + ":" + topic;
  }

  private String issuer() {
    return oidcProviderArn.substring(oidcProviderArn.indexOf("oidc-provider/") + 14);
  }

  /**
   * Service {@code i}'s ACK resources; its queue receives from service {@code from}'s topic (the
   * msa bench's ring: service i's topic feeds service i+1's queue). Without SNS: the queues and the
   * role only, with no queue policy (nothing sends to the queue) and no publish statement.
   */
  String awsSide(int i, int from) {
    String svc = name(i);
    String dlq = svc + "-dlq";
    String source = topicArn(name(from) + "-events");
    StringBuilder yaml = new StringBuilder();
    yaml.append(
        """
        apiVersion: sqs.services.k8s.aws/v1alpha1
        kind: Queue
        metadata:
          name: %1$s-dlq
        spec:
          queueName: %2$s
          messageRetentionPeriod: "1209600"
          redriveAllowPolicy: |
            {"redrivePermission": "byQueue", "sourceQueueArns": ["%3$s"]}
        ---
        apiVersion: sqs.services.k8s.aws/v1alpha1
        kind: Queue
        metadata:
          name: %1$s
        spec:
          queueName: %1$s
          visibilityTimeout: "30"
          messageRetentionPeriod: "345600"
          redrivePolicy: |
            {"deadLetterTargetArn": "%4$s", "maxReceiveCount": 5}
        """
            .formatted(svc, dlq, queueArn(svc), queueArn(dlq)));
    if (withSns) {
      yaml.append(
          """
            policy: |
              {
                "Version": "2012-10-17",
                "Statement": [{
                  "Sid": "sns-%2$s",
                  "Effect": "Allow",
                  "Principal": {"Service": "sns.amazonaws.com"},
                  "Action": "sqs:SendMessage",
                  "Resource": "%3$s",
                  "Condition": {"ArnEquals": {"aws:SourceArn": "%4$s"}}
                }]
              }
          ---
          apiVersion: sns.services.k8s.aws/v1alpha1
          kind: Topic
          metadata:
            name: %1$s-events
          spec:
            name: %1$s-events
          ---
          apiVersion: sns.services.k8s.aws/v1alpha1
          kind: Subscription
          metadata:
            name: %1$s-from-%2$s
          spec:
            topicARN: %4$s
            protocol: sqs
            endpoint: %3$s
            rawMessageDelivery: "false"
          """
              .formatted(svc, name(from), queueArn(svc), source));
    }
    String publish =
        withSns
            ? """
              ,
                        {
                          "Sid": "PublishOwnTopics",
                          "Effect": "Allow",
                          "Action": "sns:Publish",
                          "Resource": "%s"
                        }"""
                .formatted(topicArn(svc + "-events"))
            : "";
    yaml.append(
        """
        ---
        apiVersion: iam.services.k8s.aws/v1alpha1
        kind: Role
        metadata:
          name: %1$s
        spec:
          name: %1$s
          assumeRolePolicyDocument: |
            {
              "Version": "2012-10-17",
              "Statement": [{
                "Effect": "Allow",
                "Principal": {"Federated": "%2$s"},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {
                  "%3$s:sub": "system:serviceaccount:%4$s:%1$s",
                  "%3$s:aud": "sts.amazonaws.com"
                }}
              }]
            }
          inlinePolicies:
            app: |
              {
                "Version": "2012-10-17",
                "Statement": [
                  {
                    "Sid": "ConsumeOwnQueue",
                    "Effect": "Allow",
                    "Action": ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage",
                      "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
                    "Resource": ["%5$s", "%6$s"]
                  }%7$s
                ]
              }
        """
            .formatted(
                svc, oidcProviderArn, issuer(), namespace, queueArn(svc), queueArn(dlq), publish));
    return yaml.toString();
  }

  /** The Kubernetes side an ACK user writes too, which a Microservice makes: not applied here. */
  String kubernetesSide(int i, boolean withService) {
    String svc = name(i);
    String service =
        withService
            ? """
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: %1$s
            spec:
              selector: {app: %1$s}
              ports: [{port: 8080, targetPort: 8080}]
            """
                .formatted(svc)
            : "";
    return """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: %1$s
          annotations:
            eks.amazonaws.com/role-arn: arn:aws:iam::%2$s:role/%1$s
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %1$s
        spec:
          replicas: 1
          selector:
            matchLabels: {app: %1$s}
          template:
            metadata:
              labels: {app: %1$s}
            spec:
              serviceAccountName: %1$s
              containers:
                - name: app
                  image: nginx:1
                  env:
                    - {name: QUEUE_URL, value: "http://sqs.%3$s.amazonaws.com/%2$s/%1$s"}
        """
            .formatted(svc, account, region)
        + (withSns
            ? "            - {name: EVENTS_TOPIC_ARN, value: \"%s\"}\n"
                .formatted(topicArn(svc + "-events"))
            : "")
        + service;
  }

  /** Lines a reader counts: not blank, not a lone document separator. */
  static long lines(String yaml) {
    return yaml.lines().filter(l -> !l.isBlank() && !l.strip().equals("---")).count();
  }
}
