package dev.msa.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** "Deliver these events to that service": an SNS topic or EventBridge rule into its queue. */
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
