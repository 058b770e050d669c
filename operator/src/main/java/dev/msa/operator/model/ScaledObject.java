package dev.msa.operator.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * KEDA's ScaledObject, spec and status kept as maps. A type of its own rather than a bare generic
 * resource, because a typed client needs no API discovery: the operator can build its (unstarted)
 * informer on a cluster without KEDA. Not a CustomResource, so no CRD is generated for it.
 */
@Group(DesiredScaledObject.GROUP)
@Version(DesiredScaledObject.VERSION)
@Kind("ScaledObject")
@Plural("scaledobjects")
public class ScaledObject extends GenericKubernetesResource implements Namespaced {}
