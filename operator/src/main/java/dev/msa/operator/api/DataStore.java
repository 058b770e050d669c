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
