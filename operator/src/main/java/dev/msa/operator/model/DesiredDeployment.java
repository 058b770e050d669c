package dev.msa.operator.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.MicroserviceSpec;
import dev.msa.operator.api.Probes;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Deployment of a Microservice: one container named after the service, restricted security
 * context, probes on the port, and the environment of {@link InjectedEnvironment}; the user's
 * {@code podTemplate} fills in everything the operator does not set itself.
 */
public final class DesiredDeployment {
  public static final String PORT_NAME = "http";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DesiredDeployment() {}

  public static Deployment build(Microservice microservice, WorkloadInputs inputs) {
    MicroserviceSpec spec = microservice.getSpec();
    PodTemplateSpec template = userTemplate(spec);
    Map<String, String> podLabels =
        new LinkedHashMap<>(orEmpty(template.getMetadata().getLabels()));
    podLabels.putAll(Labels.of(microservice));
    template.getMetadata().setLabels(podLabels);
    template.getMetadata().setName(null);
    template.getMetadata().setNamespace(null);

    PodSpec pod = template.getSpec();
    pod.setServiceAccountName(DesiredServiceAccount.name(microservice));
    pod.setSecurityContext(podSecurityContext(pod.getSecurityContext()));
    pod.setContainers(containers(microservice, inputs, pod.getContainers()));

    return new DeploymentBuilder()
        .withMetadata(Labels.metadata(microservice, microservice.getMetadata().getName()))
        .withNewSpec()
        .withReplicas(replicas(spec))
        .withNewSelector()
        .withMatchLabels(Labels.selector(microservice))
        .endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  /** Absent with autoscaling, so the HorizontalPodAutoscaler (or KEDA's) owns the field. */
  static Integer replicas(MicroserviceSpec spec) {
    if (spec.getAutoscaling() != null) {
      return null;
    }
    return spec.getReplicas() == null ? 1 : spec.getReplicas();
  }

  private static PodTemplateSpec userTemplate(MicroserviceSpec spec) {
    PodTemplateSpec template;
    try {
      template =
          spec.getPodTemplate() == null || spec.getPodTemplate().isNull()
              ? new PodTemplateSpec()
              : JSON.convertValue(spec.getPodTemplate(), PodTemplateSpec.class);
    } catch (IllegalArgumentException e) {
      throw new InvalidPodTemplateException(
          "spec.podTemplate is not a core/v1 PodTemplateSpec: " + firstLine(e.getMessage()), e);
    }
    if (template.getMetadata() == null) {
      template.setMetadata(new ObjectMeta());
    }
    if (template.getSpec() == null) {
      template.setSpec(new PodSpec());
    }
    return template;
  }

  private static List<Container> containers(
      Microservice microservice, WorkloadInputs inputs, List<Container> userContainers) {
    String name = microservice.getMetadata().getName();
    Container main = null;
    List<Container> containers = new ArrayList<>();
    for (Container c : orEmpty(userContainers)) {
      if (name.equals(c.getName())) {
        main = c;
      } else {
        containers.add(c);
      }
    }
    containers.add(0, mainContainer(microservice, inputs, main));
    return containers;
  }

  /** The service's container; fields the user set on a container of that name stay unless ours. */
  private static Container mainContainer(
      Microservice microservice, WorkloadInputs inputs, Container fromUser) {
    MicroserviceSpec spec = microservice.getSpec();
    ContainerBuilder container =
        (fromUser == null ? new ContainerBuilder() : new ContainerBuilder(fromUser))
            .withName(microservice.getMetadata().getName())
            .withImage(spec.getImage())
            .withEnv(InjectedEnvironment.merge(spec.getEnv(), inputs))
            .withSecurityContext(containerSecurityContext(fromUser))
            .withPorts()
            .withReadinessProbe((Probe) null)
            .withLivenessProbe((Probe) null);
    if (spec.getResources() != null) {
      container.withResources(spec.getResources());
    }
    if (spec.getPort() != null) {
      container.withPorts(
          new ContainerPortBuilder()
              .withName(PORT_NAME)
              .withContainerPort(spec.getPort())
              .withProtocol("TCP")
              .build());
      Probes probes = spec.getProbes();
      if (probes != null && probes.getReadinessPath() != null) {
        container.withReadinessProbe(httpProbe(probes.getReadinessPath()));
      }
      if (probes != null && probes.getLivenessPath() != null) {
        container.withLivenessProbe(httpProbe(probes.getLivenessPath()));
      }
    }
    return container.build();
  }

  private static Probe httpProbe(String path) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withNewPort(PORT_NAME)
        .endHttpGet()
        .withPeriodSeconds(10)
        .withFailureThreshold(3)
        .build();
  }

  /**
   * Restricted by default (Pod Security Standards "restricted"): the user may add fields such as
   * runAsUser or fsGroup through podTemplate, but not loosen these.
   */
  private static PodSecurityContext podSecurityContext(PodSecurityContext fromUser) {
    return (fromUser == null
            ? new PodSecurityContextBuilder()
            : new PodSecurityContextBuilder(fromUser))
        .withRunAsNonRoot(true)
        .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
        .build();
  }

  private static SecurityContext containerSecurityContext(Container fromUser) {
    SecurityContext user = fromUser == null ? null : fromUser.getSecurityContext();
    Capabilities drop = new CapabilitiesBuilder().withDrop("ALL").build();
    return (user == null ? new SecurityContextBuilder() : new SecurityContextBuilder(user))
        .withAllowPrivilegeEscalation(false)
        .withPrivileged(null)
        .withCapabilities(drop)
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /** Jackson's message without its source location, which says nothing to a user. */
  private static String firstLine(String message) {
    String line = message == null ? "" : message.lines().findFirst().orElse("");
    int through = message == null ? -1 : message.indexOf("(through reference chain:");
    return through < 0 ? line : line + " " + message.substring(through);
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
