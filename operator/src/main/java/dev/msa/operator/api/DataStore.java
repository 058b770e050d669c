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
 * A DynamoDB table that Microservices of the namespace may use; retained and protected by default.
 */
@Explain(
    value =
        "A DynamoDB table that the Microservices of this namespace may use (their"
            + " spec.dataStores); retained and protected from deletion by default. Short name"
            + " dstore, category msa.",
    spec =
        "The table: its keys (immutable), billing, indexes, time to live, point-in-time"
            + " recovery, stream and deletion protection; and what deleting the DataStore does to"
            + " it.",
    status =
        "What the operator observed at its last reconcile: the table's name and ARNs, the"
            + " Microservices bound to it, and conditions (Ready sums them up; while it is not"
            + " True, Stalled or Reconciling says whether something must change or it is in"
            + " progress).")
@Group(Microservice.GROUP)
@Version(Microservice.VERSION)
@ShortNames("dstore")
@Categories("msa")
@ValidationRule(
    value =
        "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$') && size(self.metadata.name) <= 63",
    message =
        "metadata.name must be a DNS label (lowercase letters, digits and '-', starting with a"
            + " letter, at most 63 characters): it names the table and the MSA_DATASTORE_<NAME>_*"
            + " variables")
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
    name = "Table",
    jsonPath = ".status.tableName",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
public class DataStore extends CustomResource<DataStoreSpec, DataStoreStatus>
    implements Namespaced {}
