package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msa.operator.api.Microservice;
import dev.msa.operator.model.InvalidPodTemplateException;
import dev.msa.operator.testing.Microservices;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Found by FuzzedSpecsIT: env entries, resource quantities and podTemplate fields that the CRD
 * passes through, refused by the apiserver on the Deployment, failed every reconcile as an
 * unclassified ReconcileError, retried for ever. They are WorkloadInvalid now, naming the field;
 * what retrying can fix is still thrown.
 */
class InvalidWorkloadTest {
  private static final Microservice ORDERS = Microservices.withSpec("orders", "image: nginx");
  private static final DependentResource<?, Microservice> DEPLOYMENT =
      new Dependents.DeploymentDependent(null);

  @Test
  void aChildTheApiserverRefusesAsInvalidIsReportedWithItsFields() {
    Status invalid =
        new StatusBuilder()
            .withCode(422)
            .withReason("Invalid")
            .withNewDetails()
            .addNewCause()
            .withField("spec.template.spec.containers[0].env[3].valueFrom.fieldRef.fieldPath")
            .withMessage("Invalid value: \"spec.nothing\": field label not supported")
            .endCause()
            .endDetails()
            .build();

    Condition condition = reported(new KubernetesClientException(invalid));

    assertThat(condition.getType()).isEqualTo(WorkloadAvailability.TYPE);
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo(Reasons.WORKLOAD_INVALID);
    assertThat(condition.getMessage())
        .startsWith("Deployment orders: the apiserver refuses it:")
        .contains("env[3].valueFrom.fieldRef.fieldPath: Invalid value: \"spec.nothing\"")
        .contains("spec.env");
    assertThat(Reasons.isTerminal(condition)).as("Stalled until the spec changes").isTrue();
  }

  @Test
  void aChildServerSideApplyCannotTypeIsReportedWithTheApiserversErrors() {
    Status untypeable =
        new StatusBuilder()
            .withCode(500)
            .withMessage(
                "failed to create typed patch object (shop/orders; apps/v1, Kind=Deployment):"
                    + " errors:\n  .spec.template.spec.containers[name=\"orders\"].env: duplicate"
                    + " entries for key [name=\"A\"]")
            .build();

    assertThat(reported(new KubernetesClientException(untypeable)).getMessage())
        .contains("the apiserver cannot read it: .spec.template.spec.containers[name=\"orders\"]")
        .contains("duplicate entries for key [name=\"A\"]");
  }

  @Test
  void aPodTemplateThatIsNoPodTemplateSpecIsReported() {
    InvalidPodTemplateException invalid =
        new InvalidPodTemplateException(
            "spec.podTemplate is not a core/v1 PodTemplateSpec: containers is no list", null);

    assertThat(reported(new RuntimeException(invalid)).getMessage())
        .startsWith("Deployment orders: cannot be built: spec.podTemplate is not");
  }

  @Test
  void whatRetryingCanFixIsThrownOn() {
    KubernetesClientException conflict =
        new KubernetesClientException(new StatusBuilder().withCode(409).build());
    KubernetesClientException unavailable =
        new KubernetesClientException(
            new StatusBuilder().withCode(500).withMessage("etcdserver: request timed out").build());

    for (KubernetesClientException e : new KubernetesClientException[] {conflict, unavailable}) {
      assertThatThrownBy(() -> InvalidWorkload.of(ORDERS, failed(e)))
          .isInstanceOf(AggregatedOperatorException.class)
          .satisfies(
              thrown ->
                  assertThat(((AggregatedOperatorException) thrown).getAggregatedExceptions())
                      .containsValue(e));
    }
  }

  @Test
  void nothingFailedNothingToSay() {
    assertThat(InvalidWorkload.of(ORDERS, new WorkflowReconcileResult() {})).isEmpty();
  }

  private static Condition reported(Exception e) {
    Optional<Condition> condition = InvalidWorkload.of(ORDERS, failed(e));
    assertThat(condition).as("reported, not thrown").isPresent();
    return condition.get();
  }

  private static WorkflowReconcileResult failed(Exception e) {
    return new WorkflowReconcileResult() {
      @Override
      public Map<DependentResource, Exception> getErroredDependents() {
        return Map.of(DEPLOYMENT, e);
      }
    };
  }
}
