package dev.msa.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.DataStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsTagsTest {
  private static final DataStore OWNER = owner();

  @Test
  void defaultTagsGoUnderTheOwnershipTags() {
    Map<String, String> tags =
        AwsTags.of("prod", OWNER, Map.of("team", "x", AwsTags.UID, "forged", AwsTags.CLUSTER, "x"));
    assertThat(tags)
        .containsEntry("team", "x")
        .containsEntry(AwsTags.UID, "uid-1")
        .containsEntry(AwsTags.CLUSTER, "prod")
        .hasSize(7);
  }

  @Test
  void whatIsMissingIsWhatLacksOrDiffersAndOtherTagsStay() {
    Map<String, String> wanted = AwsTags.of("prod", OWNER, Map.of("team", "x", "env", "prod"));
    Map<String, String> observed = new java.util.HashMap<>(wanted);
    observed.remove("team");
    observed.put("env", "dev");
    observed.put("someone-elses", "1");
    assertThat(AwsTags.missing(wanted, observed))
        .containsExactlyInAnyOrderEntriesOf(Map.of("team", "x", "env", "prod"));
    assertThat(AwsTags.missing(wanted, wanted)).isEmpty();
  }

  @Test
  void aResourceLeftWithoutItsUidIsDescribedAsLeftByItsFormerOwner() {
    Map<String, String> left = new java.util.HashMap<>(AwsTags.of("prod", OWNER));
    left.remove(AwsTags.UID);
    assertThat(AwsTags.describeOwner(left))
        .isEqualTo("left by DataStore shop/orders (no msa.dev/uid tag, cluster prod)");
    assertThat(AwsTags.describeOwner(Map.of("team", "x")))
        .isEqualTo("not created by msa-operator (no msa.dev/uid tag)");
    assertThat(Ownership.of(left, "prod", OWNER)).isEqualTo(Ownership.RETAINED_BY_PREDECESSOR);
  }

  private static DataStore owner() {
    DataStore dataStore = new DataStore();
    dataStore.setMetadata(
        new ObjectMetaBuilder().withName("orders").withNamespace("shop").withUid("uid-1").build());
    return dataStore;
  }
}
