package dev.msa.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.msa.operator.api.Adoption;
import dev.msa.operator.api.DataStore;
import dev.msa.operator.aws.QueueResource;
import dev.msa.operator.model.AttributeChanges;
import dev.msa.operator.model.AwsTags;
import dev.msa.operator.model.DesiredRole;
import dev.msa.operator.model.ObservedQueue;
import dev.msa.operator.model.RoleUpdate;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one lifecycle, against an in-memory resource: every branch and the calls it makes. */
class AwsSyncTest {
  private static final String CLUSTER = "prod";
  private static final QueueResource.Key KEY = new QueueResource.Key("q", Optional.empty());
  private static final Map<String, String> DESIRED = Map.of("VisibilityTimeout", "30");

  private final InMemoryAws aws = new InMemoryAws();
  private final InMemoryAws.Queues queues = aws.queues;
  private final DataStore owner = owner("orders", "uid-1");
  private final List<Change> changes = new ArrayList<>();
  private final AwsSync sync = new AwsSync(CLUSTER, owner, changes);

  @Test
  void aMissingResourceIsCreatedWithTheOwnershipTags() {
    AwsSync.Synced<ObservedQueue> synced = ensure(sync, false);

    assertThat(synced.created()).isTrue();
    assertThat(queues.tags.get("q")).isEqualTo(AwsTags.of(CLUSTER, owner));
    assertThat(changes).extracting(Change::kind).containsExactly(Change.Kind.CREATED);
    assertThat(aws.calls).containsExactly("read SQS queue q", "create SQS queue q");
  }

  @Test
  void aRecordedResourceThatIsGoneWasDeletedOutsideTheOperator() {
    ensure(sync, true);

    assertThat(changes)
        .extracting(Change::describe)
        .containsExactly("SQS queue q (deleted outside the operator)");
    assertThat(changes.get(0).isCreation()).isTrue();
    assertThat(changes.get(0).isCorrection()).isTrue();
  }

  @Test
  void aRecordedResourceGetsOnlyTheDeltaAndNoTagRead() {
    queues.existing(KEY, queue(Map.of("VisibilityTimeout", "60")), AwsTags.of(CLUSTER, owner));

    ensure(sync, true);
    ensure(sync, true);

    assertThat(aws.calls)
        .containsExactly("read SQS queue q", "update SQS queue q", "read SQS queue q");
    assertThat(changes)
        .extracting(Change::describe)
        .containsExactly("SQS queue q VisibilityTimeout");
    assertThat(queues.objects.get("q").attributes()).containsEntry("VisibilityTimeout", "30");
  }

  @Test
  void aResourceFoundByNameIsCheckedOnceAndLeftAloneWhenItIsNotOurs() {
    queues.existing(KEY, queue(Map.of("VisibilityTimeout", "60")), Map.of("team", "x"));

    assertThatThrownBy(() -> ensure(sync, false))
        .isInstanceOf(NameConflictException.class)
        .hasMessageContaining("SQS queue q")
        .hasMessageContaining("not created by msa-operator");
    assertThat(aws.count("update")).isZero();
    assertThat(sync.current()).isEqualTo("SQS queue q");
  }

  @Test
  void aResourceOfAnotherObjectIsANameConflictEvenWithAdoption() {
    queues.existing(KEY, queue(DESIRED), AwsTags.of(CLUSTER, owner("payments", "uid-9")));
    AwsSync adopting =
        new AwsSync(
            CLUSTER, owner, changes, Adoption.SAME_NAME, DriftDecisions.correctingAll(owner));

    assertThatThrownBy(() -> ensure(adopting, false))
        .isInstanceOf(NameConflictException.class)
        .hasMessageContaining("DataStore ns/payments");
  }

  @Test
  void aResourceRetainedByAnEarlierObjectOfTheSameNameIsAdoptedOnlyWhenAsked() {
    Map<String, String> predecessor = AwsTags.of(CLUSTER, owner("orders", "uid-0"));
    queues.existing(KEY, queue(DESIRED), predecessor);

    assertThatThrownBy(() -> ensure(sync, false)).isInstanceOf(NameConflictException.class);

    ensure(
        new AwsSync(
            CLUSTER, owner, changes, Adoption.SAME_NAME, DriftDecisions.correctingAll(owner)),
        false);
    assertThat(queues.tags.get("q")).containsEntry(AwsTags.UID, "uid-1");
    assertThat(changes)
        .extracting(Change::describe)
        .containsExactly(
            "SQS queue q adopted: it was retained by an earlier DataStore of this name (uid uid-0)");
  }

  @Test
  void aResourceRetainedWithoutItsUidTagIsAdoptedWithTrue() {
    Map<String, String> retained = new HashMap<>(AwsTags.of(CLUSTER, owner("orders", "uid-0")));
    retained.remove(AwsTags.UID);
    queues.existing(KEY, queue(DESIRED), retained);

    assertThatThrownBy(() -> ensure(sync, false))
        .isInstanceOf(NameConflictException.class)
        .hasMessageContaining("left by DataStore ns/orders (no msa.dev/uid tag")
        .hasMessageContaining("msa.dev/adopt: \"true\"");

    ensure(adopting(Adoption.SAME_NAME), false);
    assertThat(queues.tags.get("q")).isEqualTo(AwsTags.of(CLUSTER, owner));
    assertThat(changes)
        .extracting(Change::describe)
        .containsExactly(
            "SQS queue q adopted: it was retained by an earlier DataStore of this name (no uid"
                + " tag)");
  }

  @Test
  void aResourceWithNoOrForeignTagsIsTakenOnlyWithForce() {
    queues.existing(KEY, queue(DESIRED), Map.of("team", "x"));

    assertThatThrownBy(() -> ensure(adopting(Adoption.SAME_NAME), false))
        .isInstanceOf(NameConflictException.class);
    assertThat(aws.count("retag")).isZero();

    ensure(adopting(Adoption.FORCE), false);
    assertThat(queues.tags.get("q"))
        .containsAllEntriesOf(AwsTags.of(CLUSTER, owner))
        .containsEntry("team", "x");
    assertThat(changes)
        .extracting(Change::describe)
        .containsExactly(
            "SQS queue q adopted: msa.dev/adopt: force; it was not created by msa-operator (no"
                + " msa.dev/uid tag)");
  }

  @Test
  void forceIsRefusedWhenTheResourceCannotServeTheSpec() {
    queues.existing(KEY, queue(DESIRED), AwsTags.of(CLUSTER, owner("payments", "uid-9")));

    assertThatThrownBy(
            () ->
                adopting(Adoption.FORCE)
                    .ensureExists(
                        queues, KEY, "q", DESIRED, false, q -> Optional.of("its keys differ")))
        .isInstanceOf(NameConflictException.class)
        .hasMessageContaining("msa.dev/adopt: force is refused: its keys differ");
    assertThat(queues.tags.get("q")).containsEntry(AwsTags.UID, "uid-9");
    assertThat(aws.count("retag")).isZero();
  }

  @Test
  void anObjectThatAdoptsReadsBeforeItCreates() {
    InMemoryAws.Roles roles = aws.roles;
    roles.existing(
        "r", roles.build("r", role("trust")), AwsTags.of(CLUSTER, owner("orders", "uid-0")));
    adopting(Adoption.SAME_NAME)
        .ensureCreatingFirst(roles, "r", "r", role("trust"), (d, o) -> noRoleChange(), false);
    assertThat(aws.calls).containsExactly("read IAM role r", "retag IAM role r");
  }

  @Test
  void creatingFirstSkipsTheReadAndChecksOwnershipWhenTheNameIsTaken() {
    InMemoryAws.Roles roles = aws.roles;
    sync.ensureCreatingFirst(roles, "r", "r", role("trust"), (d, o) -> noRoleChange(), false);
    assertThat(aws.calls).containsExactly("create IAM role r");

    AwsSync other = new AwsSync(CLUSTER, owner("payments", "uid-9"), new ArrayList<>());
    assertThatThrownBy(
            () ->
                other.ensureCreatingFirst(
                    roles, "r", "r", role("trust"), (d, o) -> noRoleChange(), false))
        .isInstanceOf(NameConflictException.class);
    assertThat(aws.calls).endsWith("create IAM role r (taken)", "read IAM role r");
  }

  @Test
  void releasingKeepsWhatIsOursWithoutItsUidSoThatTrueAdoptsItAgain() {
    queues.existing(KEY, queue(DESIRED), Map.of());
    assertThat(sync.releaseIfOurs(queues, KEY, "q", false)).as("not ours").isFalse();

    queues.existing(KEY, queue(DESIRED), AwsTags.of(CLUSTER, owner));
    assertThat(sync.releaseIfOurs(queues, KEY, "q", false)).isTrue();
    assertThat(queues.objects).containsKey("q");
    assertThat(queues.tags.get("q")).doesNotContainKey(AwsTags.UID).containsKey(AwsTags.NAME);
    assertThat(changes)
        .extracting(Change::describe)
        .containsExactly("SQS queue q (kept, msa.dev/uid tag removed)");

    DataStore successor = owner("orders", "uid-2");
    assertThatThrownBy(() -> ensure(new AwsSync(CLUSTER, successor, changes), false))
        .isInstanceOf(NameConflictException.class);
    ensure(
        new AwsSync(
            CLUSTER,
            successor,
            changes,
            Adoption.SAME_NAME,
            DriftDecisions.correctingAll(successor)),
        false);
    assertThat(queues.tags.get("q")).containsEntry(AwsTags.UID, "uid-2");
  }

  @Test
  void defaultTagsAreSetAtCreationAndPutBackWhenRemovedWithoutTouchingOthers() {
    AwsSync tagging =
        new AwsSync(CLUSTER, owner, changes).withDefaultTags(() -> Map.of("team", "x"));
    ensure(tagging, false);
    assertThat(queues.tags.get("q")).containsEntry("team", "x").containsEntry(AwsTags.UID, "uid-1");

    Map<String, String> removed = new HashMap<>(queues.tags.get("q"));
    removed.remove("team");
    removed.put("someone-elses", "1");
    queues.tags.put("q", removed);
    aws.calls.clear();
    changes.clear();
    ensure(new AwsSync(CLUSTER, owner, changes).withDefaultTags(() -> Map.of("team", "x")), true);

    assertThat(queues.tags.get("q")).containsEntry("team", "x").containsEntry("someone-elses", "1");
    assertThat(aws.calls)
        .containsExactly("read SQS queue q", "tags SQS queue q", "retag SQS queue q");
    assertThat(changes).extracting(Change::describe).containsExactly("SQS queue q tag team");
  }

  @Test
  void withoutDefaultTagsTheSteadyStateReadsNoTags() {
    queues.existing(KEY, queue(DESIRED), AwsTags.of(CLUSTER, owner));
    ensure(sync, true);
    assertThat(aws.calls).containsExactly("read SQS queue q");
  }

  @Test
  void defaultTagsThatCannotBeReadFailTheStepBeforeAnyWrite() {
    AwsSync invalid =
        new AwsSync(CLUSTER, owner, changes)
            .withDefaultTags(
                () -> {
                  throw new InvalidDefaultTagsException("bad annotation");
                });
    assertThatThrownBy(() -> ensure(invalid, false))
        .isInstanceOf(InvalidDefaultTagsException.class);
    assertThat(queues.objects).isEmpty();
    assertThat(
            AwsPartFailure.of("QueueReady", "SQS queue q", new InvalidDefaultTagsException("bad"))
                .getReason())
        .isEqualTo("InvalidDefaultTags");
  }

  @Test
  void onlyWhatIsOursIsDeleted() {
    queues.existing(KEY, queue(DESIRED), Map.of());
    assertThat(sync.deleteIfOurs(queues, KEY, "q", false)).isFalse();
    assertThat(queues.objects).containsKey("q");

    assertThat(sync.deleteIfOurs(queues, KEY, "q", true)).isTrue();
    assertThat(queues.objects).isEmpty();
    assertThat(changes).extracting(Change::kind).containsExactly(Change.Kind.DELETED);
    assertThat(sync.deleteIfOurs(queues, KEY, "q", true)).as("gone").isFalse();
  }

  @Test
  void planningReadsAndRecordsACreationWithItsFieldsButSendsNothing() {
    AwsSync planning = planning();

    AwsSync.Synced<ObservedQueue> synced = ensure(planning, false);

    assertThat(synced.planned()).isTrue();
    assertThat(synced.resource()).isNull();
    assertThat(aws.calls).containsExactly("read SQS queue q");
    assertThat(queues.objects).isEmpty();
    assertThat(changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(Change.Kind.CREATED);
              assertThat(c.differences())
                  .extracting(d -> d.planned())
                  .containsExactly("VisibilityTimeout: 30");
            });
  }

  @Test
  void planningRecordsAnUpdateWithBothValuesAndLeavesTheResourceAsItIs() {
    queues.existing(KEY, queue(Map.of("VisibilityTimeout", "60")), AwsTags.of(CLUSTER, owner));

    AwsSync.Synced<ObservedQueue> synced = ensure(planning(), true);

    assertThat(synced.resource().attributes()).containsEntry("VisibilityTimeout", "60");
    assertThat(aws.count("update")).isZero();
    assertThat(changes)
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.differences())
                    .extracting(d -> d.planned())
                    .containsExactly("VisibilityTimeout: 60 → 30"));
  }

  @Test
  void planningReadsARoleItWouldCreateFirstAndStillFindsANameConflict() {
    AwsSync planning = planning();
    planning.ensureCreatingFirst(
        aws.roles, "r", "r", role("trust"), (d, o) -> noRoleChange(), false);
    assertThat(aws.calls).containsExactly("read IAM role r");
    assertThat(changes).extracting(Change::describe).containsExactly("IAM role r");

    aws.roles.existing(
        "r",
        new dev.msa.operator.model.ObservedRole("r", "arn:r", "{}", Optional.empty(), Map.of()),
        Map.of("team", "x"));
    assertThatThrownBy(
            () ->
                planning.ensureCreatingFirst(
                    aws.roles, "r", "r", role("trust"), (d, o) -> noRoleChange(), false))
        .isInstanceOf(NameConflictException.class);
    assertThat(aws.count("create")).isZero();
  }

  @Test
  void planningDeletesNothingAndWritesOnlyWhatItIsAllowedTo() {
    queues.existing(KEY, queue(DESIRED), AwsTags.of(CLUSTER, owner));
    AwsSync planning = new AwsSync(CLUSTER, owner, changes, true);

    assertThat(planning.deleteIfOurs(queues, KEY, "q", true)).isTrue();
    planning.deleteRecorded(queues, KEY, "q", queue(DESIRED));
    boolean written =
        planning.write(
            Change.of(dev.msa.operator.model.AwsPart.SQS_QUEUE, "q", Change.Kind.UPDATED),
            () -> {
              throw new AssertionError("no write while planning");
            });

    assertThat(written).isFalse();
    assertThat(queues.objects).containsKey("q");
    assertThat(aws.count("delete")).isZero();
    assertThat(changes)
        .extracting(Change::kind)
        .containsExactly(Change.Kind.DELETED, Change.Kind.DELETED, Change.Kind.UPDATED);
  }

  private AwsSync adopting(Adoption adoption) {
    return new AwsSync(CLUSTER, owner, changes, adoption, DriftDecisions.correctingAll(owner));
  }

  private AwsSync planning() {
    return new AwsSync(
        CLUSTER, owner, changes, Adoption.NONE, DriftDecisions.correctingAll(owner), true);
  }

  private AwsSync.Synced<ObservedQueue> ensure(AwsSync sync, boolean recorded) {
    return sync.ensure(
        queues, KEY, "q", DESIRED, (d, o) -> AttributeChanges.ofQueue(d, o.attributes()), recorded);
  }

  private static ObservedQueue queue(Map<String, String> attributes) {
    return new ObservedQueue("https://sqs.local/1/q", new HashMap<>(attributes));
  }

  private static DesiredRole role(String trust) {
    return new DesiredRole("{\"Statement\":[\"" + trust + "\"]}", Optional.empty(), "d");
  }

  private static RoleUpdate noRoleChange() {
    return new RoleUpdate(Optional.empty(), Optional.empty());
  }

  private static DataStore owner(String name, String uid) {
    DataStore dataStore = new DataStore();
    dataStore.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace("ns").withUid(uid).build());
    return dataStore;
  }
}
