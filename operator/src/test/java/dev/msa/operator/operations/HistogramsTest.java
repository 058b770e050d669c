package dev.msa.operator.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.MicroserviceStatus;
import dev.msa.operator.aws.AwsCallMetrics;
import dev.msa.operator.testing.PrometheusScrape;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The two latency meters dashboards and alerts take quantiles of are Prometheus histograms: their
 * scrape has cumulative {@code _bucket} series with the documented bounds.
 */
class HistogramsTest {
  private final PrometheusMeterRegistry registry = PrometheusMetrics.create();

  @Test
  void awsCallsHaveBucketsPerServiceOperationAndOutcome() {
    AwsCallMetrics interceptor = new AwsCallMetrics(registry);
    ExecutionAttributes call = new ExecutionAttributes();
    call.putAttribute(AwsExecutionAttribute.ENDPOINT_PREFIX, "sqs");
    call.putAttribute(SdkExecutionAttribute.OPERATION_NAME, "CreateQueue");
    interceptor.beforeExecution(null, call);
    interceptor.afterExecution(null, call);

    List<PrometheusScrape.Sample> buckets =
        PrometheusScrape.parse(registry.scrape()).named("msa_aws_calls_seconds_bucket");

    assertThat(buckets)
        .extracting(s -> s.labels().get("le"))
        .containsExactly(
            "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0",
            "30.0", "+Inf");
    assertThat(buckets)
        .allSatisfy(
            s ->
                assertThat(s.labels())
                    .containsAllEntriesOf(
                        Map.of("service", "sqs", "operation", "CreateQueue", "outcome", "success"))
                    .containsOnlyKeys("service", "operation", "outcome", "le"));
    assertThat(buckets.get(buckets.size() - 1).value()).isEqualTo(1);
  }

  @Test
  void applyToReadyHasBucketsPerKind() {
    ReconcileMetrics metrics = new ReconcileMetrics(registry);
    Microservice orders = new Microservice();
    orders.setMetadata(
        new ObjectMetaBuilder().withName("orders").withUid("u1").withGeneration(1L).build());
    metrics.reconcileStarted(orders);
    MicroserviceStatus ready = new MicroserviceStatus();
    ready.setObservedGeneration(1L);
    ready.setConditions(
        List.of(new ConditionBuilder().withType("Ready").withStatus("True").build()));
    metrics.statusComputed(orders, ready);

    List<PrometheusScrape.Sample> buckets =
        PrometheusScrape.parse(registry.scrape()).named("msa_apply_to_ready_seconds_bucket");

    assertThat(buckets)
        .extracting(s -> s.labels().get("le"))
        .containsExactly(
            "1.0", "5.0", "10.0", "30.0", "60.0", "120.0", "300.0", "600.0", "1800.0", "+Inf");
    assertThat(buckets)
        .allSatisfy(s -> assertThat(s.labels()).containsEntry("kind", "Microservice"));
    assertThat(buckets).allSatisfy(s -> assertThat(s.value()).isEqualTo(1)); // it took < 1 s
  }
}
