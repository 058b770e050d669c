package dev.msa.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.msa.operator.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every name kubectl resolves to one of our kinds (short names, plural, singular) must resolve to
 * nothing else: `kubectl get ds` answered with DaemonSets while DataStore's short name was {@code
 * ds}. CrdAdmissionIT checks the same against a live apiserver's discovery.
 */
class ShortNamesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * The NAME and SHORTNAMES columns of {@code kubectl api-resources} on Kubernetes 1.30-1.36 (core,
   * apps, batch, autoscaling, networking, policy, rbac, storage, scheduling, node, discovery,
   * coordination, flowcontrol, admissionregistration, apiextensions, apiregistration, certificates,
   * authentication, authorization, resource, events, metrics), plus short names removed since (psp)
   * that old kubectl binaries still know.
   */
  static final Set<String> BUILT_IN =
      words(
          """
          # short names
          po svc deploy ds rs sts cm ns no pv pvc sa ep
          ev hpa ing netpol pdb pc psp crd crds cj csr limits
          quota rc sc cs ip vac
          # plural resource names
          bindings componentstatuses configmaps endpoints events limitranges
          namespaces nodes persistentvolumeclaims persistentvolumes pods
          podtemplates replicationcontrollers resourcequotas secrets
          serviceaccounts services mutatingwebhookconfigurations
          validatingwebhookconfigurations validatingadmissionpolicies
          validatingadmissionpolicybindings mutatingadmissionpolicies
          mutatingadmissionpolicybindings customresourcedefinitions apiservices
          controllerrevisions daemonsets deployments replicasets statefulsets
          selfsubjectreviews tokenreviews localsubjectaccessreviews
          selfsubjectaccessreviews selfsubjectrulesreviews subjectaccessreviews
          horizontalpodautoscalers cronjobs jobs certificatesigningrequests
          clustertrustbundles leases endpointslices flowschemas
          prioritylevelconfigurations ingressclasses ingresses networkpolicies
          ipaddresses servicecidrs runtimeclasses poddisruptionbudgets
          clusterrolebindings clusterroles rolebindings roles priorityclasses
          csidrivers csinodes csistoragecapacities storageclasses volumeattachments
          volumeattributesclasses deviceclasses resourceclaims resourceclaimtemplates
          resourceslices podsecuritypolicies
          # singular names
          binding componentstatus configmap endpoint event limitrange
          namespace node persistentvolumeclaim persistentvolume pod podtemplate
          replicationcontroller resourcequota secret serviceaccount service
          customresourcedefinition apiservice controllerrevision daemonset
          deployment replicaset statefulset horizontalpodautoscaler cronjob job
          certificatesigningrequest lease endpointslice ingressclass ingress
          networkpolicy ipaddress servicecidr runtimeclass poddisruptionbudget
          clusterrolebinding clusterrole rolebinding role priorityclass
          csidriver csinode storageclass volumeattachment deviceclass
          resourceclaim resourceslice
        """);

  /**
   * Short names of CRDs found on most EKS clusters beside ours: Argo CD, Flux, cert-manager, the
   * Prometheus operator, Istio, KEDA, External Secrets, Gateway API, volume snapshots, VPA,
   * Karpenter, Knative.
   */
  static final Set<String> COMMON_CRDS =
      words(
          """
          app apps appproj appprojs appset appsets ks hr gitrepo
          helmrepo hc ocirepo cert certs cr crs smon pmon prom
          promrule am amcfg prb scfg ruler vs dr gw se pa ap
          so sj ta cta es ss css gtw gc refgrant vsclass
          vsclasses vsc vscs vpa ec2nc ksvc kservice
        """);

  @Test
  void noNameOfOursIsAlsoABuiltInOrCommonResourceName() throws IOException {
    List<String> ours = ourNames();
    assertThat(ours)
        .as("names of the CRDs in crds/")
        .contains("msvc", "dstore", "evsub", "datastores");
    assertThat(ours)
        .as("our kinds' names that kubectl would resolve to another resource too")
        .doesNotContainAnyElementsOf(BUILT_IN)
        .doesNotContainAnyElementsOf(COMMON_CRDS);
    assertThat(new HashSet<>(ours)).as("our kinds' names are distinct").hasSize(ours.size());
  }

  @Test
  void theListsHoldTheCollisionThisTestIsFor() {
    assertThat(BUILT_IN).contains("ds", "daemonsets", "deploy", "svc");
  }

  /** Whitespace-separated names; lines starting with # are comments. */
  private static Set<String> words(String text) {
    return Set.copyOf(
        text.lines()
            .filter(line -> !line.strip().startsWith("#"))
            .flatMap(line -> Stream.of(line.strip().split("\\s+")))
            .filter(word -> !word.isEmpty())
            .toList());
  }

  /** short names, plural and singular of every CRD in crds/. */
  static List<String> ourNames() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(RepoPaths.crds())) {
      for (Path file : files.filter(p -> p.toString().endsWith("-v1.yml")).sorted().toList()) {
        JsonNode crdNames = YAML.readTree(file.toFile()).path("spec").path("names");
        crdNames.path("shortNames").forEach(n -> names.add(n.asText()));
        names.add(crdNames.path("plural").asText());
        names.add(crdNames.path("singular").asText());
      }
    }
    return names;
  }
}
