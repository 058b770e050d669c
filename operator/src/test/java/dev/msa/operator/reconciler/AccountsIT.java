package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.StatusReads;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Accounts and regions per namespace, on two moto accounts (moto keys its state by account, and
 * AssumeRole hands out keys of the role's account): a namespace that names an allowed role in
 * account 222222222222 has its queue, role and subscription made there, under one AssumeRole; a
 * namespace that names a region has its queue there; a role the allow-list does not name and a
 * region that is none are refused with their reasons and nothing is made; and a subscriber in the
 * other account subscribes to a topic in the operator's own account, which its policy allows.
 */
class AccountsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String CLUSTER = "itacct";
  private static final String OTHER_ACCOUNT = "222222222222";
  private static final String ROLE = "arn:aws:iam::" + OTHER_ACCOUNT + ":role/msa-operator-target";
  private static final String REFUSED_ROLE = "arn:aws:iam::333333333333:role/msa-operator-target";
  private static final String OTHER_REGION = "eu-west-1";

  @Test
  void eachNamespaceActsInTheAccountAndRegionItNames() {
    SimpleMeterRegistry checks = new SimpleMeterRegistry();
    try (KubernetesClient client = TestApiServer.get().newClient();
        AwsClients own = TestMoto.get().clients(checks);
        AwsClients other = own.forAccount(TestMoto.REGION, Optional.of(ROLE), "it-check");
        AwsClients refused = own.forAccount(TestMoto.REGION, Optional.of(REFUSED_ROLE), "it");
        AwsClients elsewhere = own.forAccount(OTHER_REGION, Optional.empty(), "unused")) {
      Crds.install(client);
      String a = Namespaces.create(client, "acct-a");
      String b = annotated(client, "acct-b", Map.of(NamespaceAccounts.ROLE_ARN_ANNOTATION, ROLE));
      String r =
          annotated(client, "acct-r", Map.of(NamespaceAccounts.REGION_ANNOTATION, OTHER_REGION));
      String x =
          annotated(client, "acct-x", Map.of(NamespaceAccounts.ROLE_ARN_ANNOTATION, REFUSED_ROLE));
      String y = annotated(client, "acct-y", Map.of(NamespaceAccounts.REGION_ANNOTATION, "mars-1"));
      try (OperatorHarness operator =
          new OperatorHarness(
              client,
              List.of(a, b, r, x, y),
              Map.of(
                  OperatorConfig.CLUSTER_NAME,
                  CLUSTER,
                  OperatorConfig.OIDC_PROVIDER_ARN,
                  "arn:aws:iam::" + TestMoto.ACCOUNT_ID + ":oidc-provider/oidc.example.com/id/IT",
                  OperatorConfig.ALLOWED_ROLE_ARNS,
                  "arn:aws:iam::" + OTHER_ACCOUNT + ":role/msa-*"),
              List.of())) {
        microservice(
            operator,
            a,
            "orders",
            "publishes: [{name: events, subscribers: {namespaces: [" + b + "]}}]");
        for (String ns : List.of(b, r, x, y)) {
          microservice(operator, ns, "billing", "queue: {}");
        }
        operator.apply(
            EventSubscription.class,
            b,
            ("kind: EventSubscription\nmetadata: {name: billing-orders}\nspec:\n  subscriber:"
                    + " billing\n  source: {topic: {microservice: orders, name: events, namespace:"
                    + " %s}}")
                .formatted(a));

        // b: everything in account 222222222222, the operator's region
        Microservice billing = awaitAws(operator, b);
        String queueArn = billing.getStatus().getQueue().getArn();
        assertThat(queueArn)
            .startsWith("arn:aws:sqs:" + TestMoto.REGION + ":" + OTHER_ACCOUNT + ":");
        String queueName = queueArn.substring(queueArn.lastIndexOf(':') + 1);
        assertThat(other.sqs().getQueueUrl(q -> q.queueName(queueName)).queueUrl())
            .isEqualTo(billing.getStatus().getQueue().getUrl());
        assertThat(own.sqs().listQueues(q -> q.queueNamePrefix(queueName)).queueUrls())
            .as("no such queue in the operator's own account")
            .isEmpty();
        String roleArn = billing.getStatus().getRoleArn();
        assertThat(roleArn).startsWith("arn:aws:iam::" + OTHER_ACCOUNT + ":role/");
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        assertThat(
                URLDecoder.decode(
                    other
                        .iam()
                        .getRole(g -> g.roleName(roleName))
                        .role()
                        .assumeRolePolicyDocument(),
                    StandardCharsets.UTF_8))
            .as(
                "IRSA trust names the cluster's OIDC provider as registered in account 222222222222")
            .contains("arn:aws:iam::" + OTHER_ACCOUNT + ":oidc-provider/oidc.example.com/id/IT");
        assertThat(env(operator, b))
            .containsEntry("AWS_REGION", TestMoto.REGION)
            .containsEntry("MSA_QUEUE_ARN", queueArn);

        // the cross-account subscription: made by account 222222222222, allowed by the topic
        EventSubscription subscription =
            awaitReady(operator, EventSubscription.class, b, "billing-orders");
        String topicArn =
            "arn:aws:sns:"
                + TestMoto.REGION
                + ":"
                + TestMoto.ACCOUNT_ID
                + ":"
                + CLUSTER
                + "-"
                + a
                + "-orders-events";
        String subscriptionArn = subscription.getStatus().getSubscriptionArn();
        assertThat(subscriptionArn).startsWith(topicArn + ":");
        assertThat(
                other
                    .sns()
                    .getSubscriptionAttributes(s -> s.subscriptionArn(subscriptionArn))
                    .attributes())
            .containsEntry("Owner", OTHER_ACCOUNT)
            .containsEntry("Endpoint", queueArn);
        String topicPolicy =
            own.sns().getTopicAttributes(t -> t.topicArn(topicArn)).attributes().get("Policy");
        assertThat(topicPolicy)
            .contains("\"AWS\":\"" + ROLE + "\"")
            .contains("\"sns:Subscribe\"")
            .contains("\"sns:Endpoint\":\"arn:aws:sqs:*:" + OTHER_ACCOUNT + ":" + CLUSTER + "-*\"");
        String queuePolicy =
            other
                .sqs()
                .getQueueAttributes(
                    q ->
                        q.queueUrl(billing.getStatus().getQueue().getUrl())
                            .attributeNamesWithStrings("Policy"))
                .attributesAsStrings()
                .get("Policy");
        assertThat(queuePolicy).contains(topicArn);

        // r: the operator's account, another region
        Microservice regional = awaitAws(operator, r);
        String regionalArn = regional.getStatus().getQueue().getArn();
        assertThat(regionalArn)
            .startsWith("arn:aws:sqs:" + OTHER_REGION + ":" + TestMoto.ACCOUNT_ID + ":");
        String regionalName = regionalArn.substring(regionalArn.lastIndexOf(':') + 1);
        assertThat(elsewhere.sqs().getQueueUrl(q -> q.queueName(regionalName)).queueUrl())
            .isEqualTo(regional.getStatus().getQueue().getUrl());
        assertThat(env(operator, r)).containsEntry("AWS_REGION", OTHER_REGION);

        // x and y: refused, with nothing made anywhere
        Condition notAllowed = awaitReadyFalse(operator, x, "AccountNotAllowed");
        assertThat(notAllowed.getMessage())
            .contains(REFUSED_ROLE, OperatorConfig.ALLOWED_ROLE_ARNS);
        Condition badRegion = awaitReadyFalse(operator, y, "InvalidRegion");
        assertThat(badRegion.getMessage()).contains("mars-1");
        for (String ns : List.of(x, y)) {
          String prefix = CLUSTER + "-" + ns;
          assertThat(refused.sqs().listQueues(q -> q.queueNamePrefix(prefix)).queueUrls())
              .isEmpty();
          assertThat(own.sqs().listQueues(q -> q.queueNamePrefix(prefix)).queueUrls()).isEmpty();
          assertThat(other.sqs().listQueues(q -> q.queueNamePrefix(prefix)).queueUrls()).isEmpty();
          assertThat(operator.get(Microservice.class, ns, "billing").getStatus().getRoleArn())
              .isNull();
        }

        // the role's credentials are cached: one AssumeRole, however many reconciles follow
        operator.awaitReconciles(Microservice.class, 3);
        operator.awaitReconciles(EventSubscription.class, 3);
        assertThat(operator.calls("AssumeRole"))
            .as("AssumeRole calls by the operator")
            .isEqualTo(1);
        System.out.printf(
            "accounts: AssumeRole=%d after %.0f Microservice and %.0f EventSubscription reconciles%n",
            operator.calls("AssumeRole"),
            operator.reconciles(Microservice.class),
            operator.reconciles(EventSubscription.class));
      }
    }
  }

  /** The queue and role made (the Deployment's pods are not run here: no Ready). */
  private static Microservice awaitAws(OperatorHarness operator, String ns) {
    return Eventually.get(
        WAIT,
        () -> {
          Microservice ms = operator.find(Microservice.class, ns, "billing");
          return ms != null
                  && ms.getStatus() != null
                  && ms.getStatus().getQueue() != null
                  && ms.getStatus().getQueue().getArn() != null
                  && ms.getStatus().getRoleArn() != null
              ? ms
              : null;
        });
  }

  private static Map<String, String> env(OperatorHarness operator, String ns) {
    return Eventually.get(
        WAIT,
        () ->
            Optional.ofNullable(operator.find(Deployment.class, ns, "billing"))
                .map(StatusReads::containerEnv)
                .orElse(null));
  }

  private static String annotated(
      KubernetesClient client, String prefix, Map<String, String> annotations) {
    String ns = Namespaces.create(client, prefix);
    client
        .namespaces()
        .withName(ns)
        .edit(
            n -> {
              n.getMetadata().setAnnotations(annotations);
              return n;
            });
    return ns;
  }

  private static void microservice(OperatorHarness operator, String ns, String name, String spec) {
    operator.apply(
        Microservice.class,
        ns,
        "kind: Microservice\nmetadata: {name: %s}\nspec:\n  image: nginx:1\n  %s"
            .formatted(name, spec));
  }

  private static <
          T extends
              io.fabric8.kubernetes.client.CustomResource<
                      ?, ? extends dev.msa.operator.api.ObservedStatus>>
      T awaitReady(OperatorHarness operator, Class<T> type, String ns, String name) {
    return Eventually.get(
        WAIT,
        () -> {
          T object = operator.find(type, ns, name);
          if (object == null || object.getStatus() == null) {
            return null;
          }
          return object.getStatus().getConditions().stream()
                  .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"))
              ? object
              : null;
        });
  }

  private static Condition awaitReadyFalse(OperatorHarness operator, String ns, String reason) {
    return Eventually.get(
        WAIT,
        () -> {
          Microservice ms = operator.find(Microservice.class, ns, "billing");
          if (ms == null || ms.getStatus() == null) {
            return null;
          }
          return ms.getStatus().getConditions().stream()
              .filter(c -> c.getType().equals("Ready") && reason.equals(c.getReason()))
              .findFirst()
              .orElse(null);
        });
  }
}
