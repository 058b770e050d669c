package dev.msa.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DefaultTagsTest {

  @Test
  void parsesKeyValuePairsInTheirOrder() {
    assertThat(DefaultTags.parse(" team=payments , cost-center=42,empty= "))
        .containsExactly(
            Map.entry("team", "payments"), Map.entry("cost-center", "42"), Map.entry("empty", ""));
    assertThat(DefaultTags.parse("")).isEmpty();
    assertThat(DefaultTags.parse(null)).isEmpty();
    assertThat(DefaultTags.parse("url=https://x.example/a=b"))
        .containsEntry("url", "https://x.example/a=b");
  }

  @Test
  void theOperatorsOwnKeysAndAwsKeysAreRefused() {
    assertThatThrownBy(() -> DefaultTags.parse("team=x,msa.dev/uid=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'msa.dev/uid' is the operator's own");
    assertThatThrownBy(() -> DefaultTags.parse("app.kubernetes.io/managed-by=me"))
        .hasMessageContaining("the operator's own");
    assertThatThrownBy(() -> DefaultTags.parse("AWS:created=me"))
        .hasMessageContaining("the prefix aws: is AWS's own");
  }

  @Test
  void malformedEntriesAreNamed() {
    assertThatThrownBy(() -> DefaultTags.parse("team=x,oops"))
        .hasMessageContaining("'oops' is not key=value");
    assertThatThrownBy(() -> DefaultTags.parse("=x")).hasMessageContaining("empty key");
    assertThatThrownBy(() -> DefaultTags.parse("a=1,a=2")).hasMessageContaining("given twice");
    assertThatThrownBy(() -> DefaultTags.parse("team=a;b"))
        .hasMessageContaining("a character AWS refuses");
  }

  @Test
  void awsLimitsHold() {
    assertThat(DefaultTags.parse("k".repeat(128) + "=" + "v".repeat(256))).hasSize(1);
    assertThatThrownBy(() -> DefaultTags.parse("k".repeat(129) + "=v"))
        .hasMessageContaining("longer than 128 characters");
    assertThatThrownBy(() -> DefaultTags.parse("k=" + "v".repeat(257)))
        .hasMessageContaining("longer than 256 characters");
    String many =
        IntStream.range(0, 45).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","));
    assertThatThrownBy(() -> DefaultTags.parse(many)).hasMessageContaining("45 tags: at most 44");
  }

  @Test
  void theSpecificOnesWinAndTheMergeIsCountedToo() {
    assertThat(DefaultTags.merge(Map.of("team", "a", "env", "prod"), Map.of("team", "b")))
        .containsEntry("team", "b")
        .containsEntry("env", "prod");
    Map<String, String> general = new HashMap<>();
    Map<String, String> specific = new HashMap<>();
    IntStream.range(0, 30).forEach(i -> general.put("g" + i, "v"));
    IntStream.range(0, 30).forEach(i -> specific.put("s" + i, "v"));
    assertThatThrownBy(() -> DefaultTags.merge(general, specific))
        .hasMessageContaining("60 tags: at most 44");
  }
}
