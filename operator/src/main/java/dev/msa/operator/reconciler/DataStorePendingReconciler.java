package dev.msa.operator.reconciler;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.DataStoreStatus;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.time.Clock;

/** DataStore until its reconciler lands: says so in Ready. */
@ControllerConfiguration(name = "datastore", fieldManager = "msa-operator")
public class DataStorePendingReconciler extends PendingKindReconciler<DataStore, DataStoreStatus> {
  public DataStorePendingReconciler(Clock clock) {
    super(DataStore::new, DataStoreStatus::new, clock);
  }
}
