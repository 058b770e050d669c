package dev.msa.operator.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** KEDA's TriggerAuthentication, typed for the same reason as {@link ScaledObject}. */
@Group(DesiredScaledObject.GROUP)
@Version(DesiredScaledObject.VERSION)
@Kind("TriggerAuthentication")
@Plural("triggerauthentications")
public class TriggerAuthentication extends GenericKubernetesResource implements Namespaced {}
