package dev.msa.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** "Deliver these events to that service": an SNS topic or EventBridge rule into its queue. */
@Explain(
    value =
        "Delivers events into a Microservice's queue from an SNS topic of a Microservice,"
            + " an external SNS topic or an EventBridge rule, with a queue policy that lets exactly"
            + " that source send. Short name evsub, category msa.",
    spec =
        "The subscriber (a Microservice of this namespace with a queue), exactly one source,"
            + " and SNS delivery options.",
    status =
        "What the operator observed at its last reconcile: the SNS subscription or"
            + " EventBridge rule ARN and conditions (Ready sums them up; while it is not True,"
            + " Stalled or Reconciling says whether something must change or it is in progress).")
@Group(Microservice.GROUP)
@Version(Microservice.VERSION)
@ShortNames("evsub")
@Categories("msa")
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
    name = "Subscriber",
    jsonPath = ".spec.subscriber",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
public class EventSubscription
    extends CustomResource<EventSubscriptionSpec, EventSubscriptionStatus> implements Namespaced {}
