package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.DataStore;
import dev.msa.operator.api.EventSubscription;
import dev.msa.operator.api.Microservice;
import dev.msa.operator.api.ObservedStatus;
import dev.msa.operator.config.OperatorConfig;
import dev.msa.operator.testing.AwsErrorAnswers;
import dev.msa.operator.testing.Crds;
import dev.msa.operator.testing.Eventually;
import dev.msa.operator.testing.LoggedFailures;
import dev.msa.operator.testing.Namespaces;
import dev.msa.operator.testing.OperatorHarness;
import dev.msa.operator.testing.SpecFuzzer;
import dev.msa.operator.testing.SpecFuzzer.Spec;
import dev.msa.operator.testing.TestApiServer;
import dev.msa.operator.testing.TestMoto;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Generated specs ({@link SpecFuzzer}) of all three kinds applied to the real apiserver with the
 * operator running against moto: what the CRDs should refuse is refused with a 422 that names the
 * field, and everything admitted gets a status for its generation whose Ready condition gives a
 * reason; no reconcile fails with anything but a classified AWS failure; AWS never answers a call
 * with a validation error, because what AWS would refuse is refused at admission or reported by the
 * model; and every object can be deleted.
 *
 * <p>One refusal is not a 422: a value of the wrong JSON type sent with server-side apply (as
 * kubectl apply --server-side and Argo CD send it) is answered 500 "failed to create typed patch
 * object" naming the field, before validation runs — upstream behaviour, whatever the CRD says. For
 * those the test checks the field is named and that a create of the same document is refused with
 * 422.
 *
 * <p>{@code -Dmsa.fuzz.seed=N} replays a run (the seed is printed first and is in every failure);
 * {@code -Dmsa.fuzz.count=N} sets how many specs ({@value #DEFAULT_COUNT} by default, what {@code
 * make test} runs; {@code make test-fuzz} runs 1,000).
 */
class FuzzedSpecsIT {
  static final int DEFAULT_COUNT = 200;
  private static final String CLUSTER = "itfuzz";
  private static final int APPLYING_USERS = 4;
  private static final List<Class<? extends CustomResource<?, ? extends ObservedStatus>>> KINDS =
      List.of(DataStore.class, Microservice.class, EventSubscription.class);

  /** What the apiserver made of one spec. */
  private record Applied(Spec spec, Optional<KubernetesClientException> refusal) {}

  @Test
  void generatedSpecsAreRefusedAtAdmissionOrReconciledToAReasonWithoutUnclassifiedFailures() {
    long seed = Long.getLong("msa.fuzz.seed", ThreadLocalRandom.current().nextLong());
    int count = Integer.getInteger("msa.fuzz.count", DEFAULT_COUNT);
    String run = "seed " + seed + " (-Dmsa.fuzz.seed=" + seed + " -Dmsa.fuzz.count=" + count + ")";
    System.out.println("FuzzedSpecsIT: " + count + " specs, " + run);

    AwsErrorAnswers awsErrors = new AwsErrorAnswers();
    try (KubernetesClient client = TestApiServer.get().newClient();
        LoggedFailures logged = LoggedFailures.capture();
        var moto = TestMoto.get().clients(new SimpleMeterRegistry())) {
      Crds.install(client);
      String home = Namespaces.create(client, "fuzz");
      String neighbour = Namespaces.create(client, "fuzz-b");
      String externalTopic = moto.sns().createTopic(r -> r.name("external-" + home)).topicArn();
      String bus = "bus-" + home;
      moto.eventBridge().createEventBus(r -> r.name(bus));
      String allowedPolicy =
          moto.iam()
              .createPolicy(
                  r ->
                      r.policyName("allowed-" + home)
                          .policyDocument(
                              "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                  + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}"))
              .policy()
              .arn();
      SpecFuzzer.Context context =
          new SpecFuzzer.Context(
              home,
              neighbour,
              "absent-" + home,
              TestMoto.REGION,
              TestMoto.ACCOUNT_ID,
              externalTopic,
              bus,
              allowedPolicy);
      List<Spec> specs = new SpecFuzzer(seed, context).generate(count);

      try (OperatorHarness operator =
          new OperatorHarness(
              client,
              List.of(home, neighbour),
              Map.of(
                  OperatorConfig.CLUSTER_NAME,
                  CLUSTER,
                  OperatorConfig.OIDC_PROVIDER_ARN,
                  "arn:aws:iam::123456789012:oidc-provider/oidc.example.com/id/" + CLUSTER,
                  OperatorConfig.ALLOWED_MANAGED_POLICY_ARNS,
                  allowedPolicy,
                  // only what the specs cause: no resync storm over a thousand objects
                  OperatorConfig.RESYNC_INTERVAL,
                  "10m"),
              List.of(awsErrors))) {
        // Every check is made and every figure printed even when an early one fails: one run
        // shows everything a seed finds.
        SoftAssertions softly = new SoftAssertions();
        long start = System.nanoTime();
        List<Applied> applied = applyAll(client, specs);
        double applySeconds = seconds(start);

        softly.check(() -> assertRefusedExactlyAsTheCrdsSay(client, applied, run));
        Map<String, Applied> objects = admittedObjects(applied);
        softly.check(
            () ->
                Eventually.assertThat(
                    Duration.ofSeconds(60 + objects.size() / 4),
                    Duration.ofSeconds(1),
                    () -> assertEveryObjectHasAReadyReason(client, objects, run)));
        double convergedSeconds = seconds(start);
        softly.check(
            () ->
                withRun(
                    run,
                    () ->
                        KINDS.stream()
                            .filter(kind -> hasObjects(objects, kind))
                            .forEach(operator::awaitIdle)));

        softly.check(() -> assertNoObjectShowsAnUnclassifiedFailure(client, objects, run));
        softly.check(
            () -> assertNoReconcileFailedButOnAClassifiedAwsFailure(operator, logged, run));
        softly
            .assertThat(awsErrors.validation())
            .as(
                "AWS calls answered with a validation error, which admission or the model should"
                    + " have stopped; "
                    + run)
            .isEmpty();
        softly
            .assertThat(logged.all())
            .filteredOn(f -> f.logger().endsWith(".EventRecorder"))
            .as("Events the apiserver refused; " + run)
            .isEmpty();

        Map<String, Long> reasons = readyReasons(client, objects);
        long deleting = System.nanoTime();
        softly.check(() -> deleteEverything(client, List.of(home, neighbour), run));
        double deletedSeconds = seconds(deleting);

        report(
            run,
            applied,
            objects,
            reasons,
            awsErrors,
            applySeconds,
            convergedSeconds,
            deletedSeconds);
        softly.assertAll();
      } finally {
        // what this run made outside the operator; a failure here must not hide the test's own
        client.namespaces().withName(home).delete();
        client.namespaces().withName(neighbour).delete();
        cleanUp(() -> moto.eventBridge().deleteEventBus(r -> r.name(bus)));
        cleanUp(() -> moto.sns().deleteTopic(r -> r.topicArn(externalTopic)));
        cleanUp(() -> moto.iam().deletePolicy(r -> r.policyArn(allowedPolicy)));
      }
    }
  }

  /**
   * Applies the specs as several users would at once, each object's versions in order: a few
   * objects at a time, as the apiserver of a loaded 2-core machine takes them.
   */
  private static List<Applied> applyAll(KubernetesClient client, List<Spec> specs) {
    Map<String, List<Spec>> byObject = new LinkedHashMap<>();
    specs.forEach(
        s ->
            byObject
                .computeIfAbsent(key(s.kind(), s.namespace(), s.name()), k -> new ArrayList<>())
                .add(s));
    Applied[] applied = new Applied[specs.size()];
    ExecutorService users = Executors.newFixedThreadPool(APPLYING_USERS);
    try {
      List<Future<?>> done = new ArrayList<>();
      byObject
          .values()
          .forEach(
              versions ->
                  done.add(
                      users.submit(
                          () -> versions.forEach(v -> applied[v.index()] = apply(client, v)))));
      for (Future<?> future : done) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      users.shutdownNow();
    }
    return List.of(applied);
  }

  private static Applied apply(KubernetesClient client, Spec spec) {
    GenericKubernetesResource resource =
        Serialization.jsonMapper().convertValue(spec.document(), GenericKubernetesResource.class);
    try {
      client.resource(resource).fieldManager("fuzz").forceConflicts().serverSideApply();
      return new Applied(spec, Optional.empty());
    } catch (KubernetesClientException e) {
      return new Applied(spec, Optional.of(e));
    }
  }

  /**
   * What the generator broke is refused, as 422 Invalid naming the broken field; what it did not
   * break is admitted.
   */
  private static void assertRefusedExactlyAsTheCrdsSay(
      KubernetesClient client, List<Applied> applied, String run) {
    List<String> wrong = new ArrayList<>();
    for (Applied a : applied) {
      Optional<String> expected = a.spec().refusedAt();
      if (a.refusal().isEmpty()) {
        expected.ifPresent(
            field -> wrong.add(a.spec() + ": admitted, expected refused at " + field));
      } else if (expected.isEmpty()) {
        wrong.add(a.spec() + ": refused: " + describe(a.refusal().get()));
      } else if (isTypedPatchFailure(a.refusal().get())) {
        typedPatchFailure(client, a.spec(), a.refusal().get()).ifPresent(wrong::add);
      } else if (!namesField(a.refusal().get(), expected.get())) {
        wrong.add(
            a.spec()
                + ": expected 422 Invalid naming "
                + expected.get()
                + ", got "
                + describe(a.refusal().get()));
      }
    }
    assertThat(wrong).as("admission decisions against the CRDs' rules; " + run).isEmpty();
  }

  /** 422 Invalid, every cause with a message, one of them naming the field. */
  private static boolean namesField(KubernetesClientException e, String field) {
    List<StatusCause> causes = causes(e);
    return e.getCode() == 422
        && "Invalid".equals(e.getStatus().getReason())
        && causes.stream().anyMatch(c -> c.getField() != null && c.getField().startsWith(field))
        && causes.stream().noneMatch(c -> c.getMessage() == null || c.getMessage().isBlank());
  }

  /**
   * A value of the wrong JSON type sent by server-side apply: the apiserver cannot build the typed
   * patch and answers 500 "failed to create typed patch object", naming the field, before any
   * validation runs (upstream behaviour, whatever the CRD says).
   */
  private static boolean isTypedPatchFailure(KubernetesClientException e) {
    return e.getCode() == 500
        && e.getStatus() != null
        && e.getStatus().getMessage() != null
        && e.getStatus().getMessage().startsWith("failed to create typed patch object");
  }

  /**
   * That answer must name the field, and the same document sent as a create must be refused with
   * 422 naming it: the schema does refuse it.
   */
  private static Optional<String> typedPatchFailure(
      KubernetesClient client, Spec spec, KubernetesClientException e) {
    String field = spec.refusedAt().orElseThrow();
    if (!e.getStatus().getMessage().contains("." + field + ":")) {
      return Optional.of(spec + ": server-side apply answered 500 without naming " + field);
    }
    try {
      client
          .resource(
              Serialization.jsonMapper()
                  .convertValue(spec.document(), GenericKubernetesResource.class))
          .create();
      return Optional.of(spec + ": admitted when created");
    } catch (KubernetesClientException created) {
      return namesField(created, field)
          ? Optional.empty()
          : Optional.of(spec + ": when created: " + describe(created));
    }
  }

  private static List<StatusCause> causes(KubernetesClientException e) {
    return e.getStatus() == null || e.getStatus().getDetails() == null
        ? List.of()
        : e.getStatus().getDetails().getCauses();
  }

  private static String describe(KubernetesClientException e) {
    List<StatusCause> causes = causes(e);
    return e.getCode()
        + " "
        + (causes.isEmpty()
            ? e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()
            : causes.stream()
                .map(c -> c.getField() + ": " + c.getMessage())
                .collect(Collectors.joining("; ")));
  }

  /** The last admitted spec of each object, by kind/namespace/name. */
  private static Map<String, Applied> admittedObjects(List<Applied> applied) {
    Map<String, Applied> objects = new LinkedHashMap<>();
    applied.stream()
        .filter(a -> a.refusal().isEmpty())
        .forEach(a -> objects.put(key(a.spec().kind(), a.spec().namespace(), a.spec().name()), a));
    return objects;
  }

  private static void assertEveryObjectHasAReadyReason(
      KubernetesClient client, Map<String, Applied> objects, String run) {
    Map<String, CustomResource<?, ? extends ObservedStatus>> live = live(client, objects);
    List<String> waiting = new ArrayList<>();
    objects.forEach(
        (key, a) -> {
          CustomResource<?, ? extends ObservedStatus> object = live.get(key);
          if (object == null) {
            waiting.add(a.spec() + ": gone");
            return;
          }
          ObservedStatus status = object.getStatus();
          Long generation = object.getMetadata().getGeneration();
          Optional<Condition> ready = ready(object);
          if (status == null
              || !generation.equals(status.getObservedGeneration())
              || ready.isEmpty()
              || ready.get().getReason() == null
              || ready.get().getReason().isBlank()
              || ready.get().getMessage() == null
              || ready.get().getMessage().isBlank()) {
            waiting.add(
                a.spec()
                    + ": generation "
                    + generation
                    + ", status "
                    + (status == null ? "none" : Serialization.asJson(status)));
          }
        });
    assertThat(waiting)
        .as("objects without a status for their generation with a Ready reason; " + run)
        .isEmpty();
  }

  private static void assertNoObjectShowsAnUnclassifiedFailure(
      KubernetesClient client, Map<String, Applied> objects, String run) {
    Map<String, CustomResource<?, ? extends ObservedStatus>> live = live(client, objects);
    List<String> failed = new ArrayList<>();
    live.forEach(
        (key, object) ->
            object.getStatus().getConditions().stream()
                .filter(c -> Reasons.RECONCILE_ERROR.equals(c.getReason()))
                .forEach(c -> failed.add(objects.get(key).spec() + ": " + c.getMessage())));
    assertThat(failed).as("conditions with reason ReconcileError; " + run).isEmpty();
  }

  /**
   * Every reconcile that JOSDK saw fail was failed by a classified AWS failure. The log capture is
   * checked against JOSDK's own failure meter, so a capture that missed failures cannot pass.
   */
  private static void assertNoReconcileFailedButOnAClassifiedAwsFailure(
      OperatorHarness operator, LoggedFailures logged, String run) {
    List<LoggedFailures.Failure> josdk =
        logged.all().stream().filter(f -> f.fromJosdk() && !f.causes().isEmpty()).toList();
    double metered =
        operator.registry.find("operator.sdk.reconciliations.failed").counters().stream()
            .mapToDouble(Counter::count)
            .sum();
    assertThat((double) josdk.size())
        .as("failed reconciles logged, against JOSDK's meter (%s); %s", metered, run)
        .isGreaterThanOrEqualTo(metered);
    assertThat(josdk)
        .filteredOn(f -> !f.classifiedAws())
        .as("reconciles failed by something else than a classified AWS failure; " + run)
        .isEmpty();
  }

  /**
   * Deletes what the run created, subscriptions and services before the DataStores they name, and
   * waits until every finalizer is done: no fuzzed spec may leave an object that cannot be deleted.
   * DataStores that keep deletion protection on would wait by design; their protection is turned
   * off first.
   */
  private static void deleteEverything(
      KubernetesClient client, List<String> namespaces, String run) {
    for (Class<? extends CustomResource<?, ? extends ObservedStatus>> kind :
        List.of(EventSubscription.class, Microservice.class, DataStore.class)) {
      for (String ns : namespaces) {
        if (kind == DataStore.class) {
          client.resources(DataStore.class).inNamespace(ns).list().getItems().stream()
              .filter(d -> !Boolean.FALSE.equals(d.getSpec().getDynamoDB().getDeletionProtection()))
              .forEach(
                  d ->
                      client
                          .resources(DataStore.class)
                          .inNamespace(ns)
                          .withName(d.getMetadata().getName())
                          .patch(
                              PatchContext.of(PatchType.JSON_MERGE),
                              "{\"spec\":{\"dynamoDB\":{\"deletionProtection\":false}}}"));
        }
        client.resources(kind).inNamespace(ns).delete();
      }
      Eventually.assertThat(
          Duration.ofMinutes(3),
          Duration.ofSeconds(1),
          () ->
              assertThat(
                      namespaces.stream()
                          .flatMap(
                              ns ->
                                  client.resources(kind).inNamespace(ns).list().getItems().stream())
                          .map(
                              o ->
                                  o.getMetadata().getName()
                                      + ": "
                                      + Serialization.asJson(o.getStatus()))
                          .toList())
                  .as("%s not deleted; %s", kind.getSimpleName(), run)
                  .isEmpty());
    }
  }

  private static void report(
      String run,
      List<Applied> applied,
      Map<String, Applied> objects,
      Map<String, Long> reasons,
      AwsErrorAnswers awsErrors,
      double applySeconds,
      double convergedSeconds,
      double deletedSeconds) {
    Map<String, Long> admitted = new TreeMap<>();
    Map<String, Long> refused = new TreeMap<>();
    applied.forEach(
        a -> (a.refusal().isEmpty() ? admitted : refused).merge(a.spec().kind(), 1L, Long::sum));
    Map<String, Long> refusals = new TreeMap<>();
    applied.stream()
        .flatMap(a -> a.refusal().stream())
        .forEach(e -> refusals.merge(refusalKind(e), 1L, Long::sum));
    Map<String, Long> awsCodes = new TreeMap<>();
    awsErrors.all().forEach(e -> awsCodes.merge(e.operation() + " " + e.code(), 1L, Long::sum));
    System.out.printf(
        "FuzzedSpecsIT %s: %d specs: admitted %s, refused %s as %s; %d objects; applied in %.1f s,"
            + " every status with a Ready reason %.1f s after the first apply; deleted in %.1f s;"
            + " Ready reasons %s; AWS error answers %s%n",
        run,
        applied.size(),
        admitted,
        refused,
        refusals,
        objects.size(),
        applySeconds,
        convergedSeconds,
        deletedSeconds,
        reasons,
        awsCodes);
  }

  /** What the apiserver said: its code and the reason of the first cause (or the typed patch). */
  private static String refusalKind(KubernetesClientException e) {
    if (isTypedPatchFailure(e)) {
      return e.getCode() + " typed patch";
    }
    List<StatusCause> causes = causes(e);
    return e.getCode() + " " + (causes.isEmpty() ? "no cause" : causes.get(0).getReason());
  }

  /** How many objects of each kind end with each Ready status and reason. */
  private static Map<String, Long> readyReasons(
      KubernetesClient client, Map<String, Applied> objects) {
    Map<String, Long> reasons = new TreeMap<>();
    live(client, objects)
        .forEach(
            (key, object) ->
                ready(object)
                    .ifPresent(
                        c ->
                            reasons.merge(
                                object.getKind() + " " + c.getStatus() + " " + c.getReason(),
                                1L,
                                Long::sum)));
    return reasons;
  }

  private static Map<String, CustomResource<?, ? extends ObservedStatus>> live(
      KubernetesClient client, Map<String, Applied> objects) {
    Map<String, CustomResource<?, ? extends ObservedStatus>> live = new LinkedHashMap<>();
    objects.values().stream()
        .map(a -> a.spec().namespace())
        .distinct()
        .forEach(
            ns -> {
              for (Class<? extends CustomResource<?, ? extends ObservedStatus>> kind : KINDS) {
                for (CustomResource<?, ? extends ObservedStatus> o :
                    client.resources(kind).inNamespace(ns).list().getItems()) {
                  live.put(key(HasMetadata.getKind(kind), ns, o.getMetadata().getName()), o);
                }
              }
            });
    return live;
  }

  private static boolean hasObjects(
      Map<String, Applied> objects, Class<? extends HasMetadata> kind) {
    return objects.values().stream()
        .anyMatch(a -> a.spec().kind().equals(HasMetadata.getKind(kind)));
  }

  /** The harness's own assertions do not know the seed: their failures are told it. */
  private static void withRun(String run, Runnable assertion) {
    try {
      assertion.run();
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; " + run, e);
    }
  }

  private static void cleanUp(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      System.out.println("FuzzedSpecsIT: cleaning up failed: " + e.getMessage());
    }
  }

  private static Optional<Condition> ready(CustomResource<?, ? extends ObservedStatus> object) {
    return object.getStatus() == null
        ? Optional.empty()
        : object.getStatus().getConditions().stream()
            .filter(c -> "Ready".equals(c.getType()))
            .findFirst();
  }

  private static String key(String kind, String ns, String name) {
    return kind + " " + ns + "/" + name;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
