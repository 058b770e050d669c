package dev.msa.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A service as its team thinks of it: the workload, its inbox queue, the topics it publishes, the
 * tables it uses and the services it calls. The operator turns it into Kubernetes objects, AWS
 * resources and one least-privilege IAM role.
 */
@Explain(
    value =
        "A service as its team thinks of it: the workload, its inbox queue, the topics it"
            + " publishes, the DataStores it uses and the services it calls. The operator makes it"
            + " a Deployment, ServiceAccount, Service, autoscaler, disruption budget and network"
            + " policy, the SQS queues and SNS topics, and one least-privilege IAM role. Short name"
            + " msvc, category msa.",
    spec =
        "What the service is and needs: the image and workload settings, its queue, the topics"
            + " it publishes, the DataStores it uses, the services it calls and IAM options."
            + " Written by its team; the operator never changes it.",
    status =
        "What the operator observed at its last reconcile: the generation it describes,"
            + " conditions (Ready sums them up; while it is not True, Stalled or Reconciling says"
            + " whether something must change or it is in progress), replicas, the IAM role and"
            + " the queue and topic ARNs.")
@Group(Microservice.GROUP)
@Version(Microservice.VERSION)
@ShortNames("msvc")
@Categories("msa")
@ValidationRule(
    value =
        "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$') && size(self.metadata.name) <= 63",
    message =
        "metadata.name must be a DNS label (lowercase letters, digits and '-', starting with a"
            + " letter, at most 63 characters): it names the Service, the ServiceAccount and the"
            + " AWS resources")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = PrinterColumns.READY,
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = PrinterColumns.REASON,
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = PrinterColumns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Available",
    jsonPath = ".status.availableReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Image",
    jsonPath = ".spec.image",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
public class Microservice extends CustomResource<MicroserviceSpec, MicroserviceStatus>
    implements Namespaced {
  public static final String GROUP = "msa.dev";
  public static final String VERSION = "v1alpha1";
}
