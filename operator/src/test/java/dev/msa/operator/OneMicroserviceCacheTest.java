package dev.msa.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.aws.AwsClients;
import dev.msa.operator.aws.AwsRateLimits;
import dev.msa.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/**
 * The operator holds every Microservice once: the Microservice controller's own informer is the
 * only one of that kind, and the other controllers (and Peers) index and follow it. Built, not
 * started: no apiserver and no AWS endpoint is contacted.
 */
class OneMicroserviceCacheTest {
  @Test
  void onlyTheMicroserviceControllerInformsOnMicroservices() {
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(OperatorConfig.CLUSTER_NAME, "test", OperatorConfig.REGION, "eu-west-1"));
    try (KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())
                .build();
        AwsClients aws =
            AwsClients.create(
                "eu-west-1",
                Optional.of(URI.create("http://127.0.0.1:1")),
                AnonymousCredentialsProvider.create(),
                new SimpleMeterRegistry(),
                AwsRateLimits.parse(OperatorConfig.DEFAULT_AWS_RATE_LIMITS, 50))) {
      Operator operator = MsaOperator.create(config, client, aws);

      List<String> microserviceInformers = new ArrayList<>();
      for (RegisteredController<?> registered : operator.getRegisteredControllers()) {
        Controller<?> controller = (Controller<?>) registered;
        for (EventSource<?, ?> source : controller.getEventSourceManager().allEventSources()) {
          if (source instanceof ManagedInformerEventSource<?, ?, ?>
              && source.resourceType() == Microservice.class) {
            microserviceInformers.add(
                controller.getConfiguration().getName() + "/" + source.name());
          }
        }
      }

      assertThat(microserviceInformers)
          .containsExactly("microservice/ControllerResourceEventSource");
    }
  }
}
