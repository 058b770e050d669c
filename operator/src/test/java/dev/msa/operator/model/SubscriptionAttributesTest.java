package dev.msa.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.msa.operator.api.EventSubscriptionSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionAttributesTest {

  private static EventSubscriptionSpec spec(String yaml) {
    return Serialization.unmarshal(
        "subscriber: notifications\nsource: {topicArn: arn:aws:sns:eu-west-1:123456789012:t}\n"
            + yaml,
        EventSubscriptionSpec.class);
  }

  @Test
  void theFilterPolicyIsSentAsCompactJsonAfterItsScope() {
    Map<String, String> attributes =
        SubscriptionAttributes.sns(
            spec(
                """
                filterPolicy:
                  eventType: [OrderCreated, OrderPaid]
                  amount: [{numeric: [">=", 100]}]
                filterPolicyScope: MessageBody
                rawMessageDelivery: true
                """));
    assertThat(attributes)
        .containsExactly(
            Map.entry("FilterPolicyScope", "MessageBody"),
            Map.entry(
                "FilterPolicy",
                "{\"eventType\":[\"OrderCreated\",\"OrderPaid\"],"
                    + "\"amount\":[{\"numeric\":[\">=\",100]}]}"),
            Map.entry("RawMessageDelivery", "true"));
  }

  @Test
  void theScopeDefaultsToMessageAttributesAndRawDeliveryToFalse() {
    assertThat(SubscriptionAttributes.sns(spec("filterPolicy: {eventType: [OrderCreated]}\n")))
        .containsExactly(
            Map.entry("FilterPolicyScope", "MessageAttributes"),
            Map.entry("FilterPolicy", "{\"eventType\":[\"OrderCreated\"]}"),
            Map.entry("RawMessageDelivery", "false"));
  }

  @Test
  void withoutAFilterPolicyNothingIsFilteredAndSubscribeSendsOnlyWhatDiffersFromDefaults() {
    Map<String, String> desired = SubscriptionAttributes.sns(spec(""));
    assertThat(desired)
        .containsExactly(Map.entry("FilterPolicy", "{}"), Map.entry("RawMessageDelivery", "false"));
    assertThat(SubscriptionAttributes.atSubscribe(desired)).isEmpty();
    assertThat(
            SubscriptionAttributes.atSubscribe(
                SubscriptionAttributes.sns(
                    spec("filterPolicy: {a: [b]}\nrawMessageDelivery: true\n"))))
        .containsExactly(
            Map.entry("FilterPolicyScope", "MessageAttributes"),
            Map.entry("FilterPolicy", "{\"a\":[\"b\"]}"),
            Map.entry("RawMessageDelivery", "true"));
  }

  @Test
  void onlyWhatDiffersIsChangedAndPoliciesCompareByMeaning() {
    Map<String, String> desired =
        SubscriptionAttributes.sns(spec("filterPolicy: {a: [b], c: [d]}\n"));
    Map<String, String> observed = new LinkedHashMap<>();
    observed.put("FilterPolicy", "{\"c\": [\"d\"], \"a\": [\"b\"]}");
    observed.put("FilterPolicyScope", "MessageAttributes");
    observed.put("RawMessageDelivery", "false");
    observed.put("TopicArn", "arn:aws:sns:eu-west-1:123456789012:t");
    assertThat(SubscriptionAttributes.changed(desired, observed)).isEmpty();

    observed.put("FilterPolicy", "{\"a\": [\"x\"]}");
    observed.put("RawMessageDelivery", "true");
    assertThat(SubscriptionAttributes.changed(desired, observed))
        .containsExactly(
            Map.entry("FilterPolicy", "{\"a\":[\"b\"],\"c\":[\"d\"]}"),
            Map.entry("RawMessageDelivery", "false"));
  }

  @Test
  void aNewScopeIsSetBeforeThePolicy() {
    Map<String, String> desired =
        SubscriptionAttributes.sns(
            spec("filterPolicy: {a: [b]}\nfilterPolicyScope: MessageBody\n"));
    assertThat(
            SubscriptionAttributes.changed(
                desired, Map.of("FilterPolicy", "{\"a\":[\"z\"]}", "RawMessageDelivery", "false")))
        .containsExactly(
            Map.entry("FilterPolicyScope", "MessageBody"),
            Map.entry("FilterPolicy", "{\"a\":[\"b\"]}"));
  }

  @Test
  void removingTheFilterPolicySendsAnEmptyObjectAndAbsentMeansNone() {
    Map<String, String> desired = SubscriptionAttributes.sns(spec(""));
    assertThat(
            SubscriptionAttributes.changed(
                desired, Map.of("FilterPolicy", "{\"a\":[\"b\"]}", "RawMessageDelivery", "false")))
        .containsExactly(Map.entry("FilterPolicy", "{}"));
    assertThat(SubscriptionAttributes.changed(desired, Map.of("RawMessageDelivery", "false")))
        .isEmpty();
    assertThat(SubscriptionAttributes.changed(desired, Map.of("FilterPolicy", "{}"))).isEmpty();
  }

  /**
   * Found by FuzzedSpecsIT: server-side apply turns a filter policy its owner empties ({}) into
   * null, which the schema now accepts; null means no filter, as absent and {} do.
   */
  @Test
  void aNullFilterPolicyIsNoFilter() {
    EventSubscriptionSpec spec = spec("filterPolicy: null\nfilterPolicyScope: MessageBody");
    assertThat(spec.getFilterPolicy() == null || spec.getFilterPolicy().isNull())
        .as("read as JSON null")
        .isTrue();

    assertThat(SubscriptionAttributes.sns(spec))
        .containsExactly(Map.entry("FilterPolicy", "{}"), Map.entry("RawMessageDelivery", "false"));
  }

  @Test
  void theEventPatternIsTheSpecsJsonAndComparesByMeaning() {
    var pattern =
        Serialization.unmarshal(
                "subscriber: s\nsource: {eventBus: {name: default, pattern:"
                    + " {source: [com.acme.orders], detail-type: [OrderPlaced],"
                    + " detail: {amount: [{numeric: [\">\", 0]}]}}}}\n",
                EventSubscriptionSpec.class)
            .getSource()
            .getEventBus()
            .getPattern();
    String json = SubscriptionAttributes.eventPattern(pattern);
    assertThat(json)
        .isEqualTo(
            "{\"source\":[\"com.acme.orders\"],\"detail-type\":[\"OrderPlaced\"],"
                + "\"detail\":{\"amount\":[{\"numeric\":[\">\",0]}]}}");
    assertThat(
            SubscriptionAttributes.samePattern(
                json,
                "{\"detail-type\": [\"OrderPlaced\"], \"detail\": {\"amount\": [{\"numeric\":"
                    + " [\">\", 0]}]}, \"source\": [\"com.acme.orders\"]}"))
        .isTrue();
    assertThat(SubscriptionAttributes.samePattern(json, "{\"source\":[\"com.acme.orders\"]}"))
        .isFalse();
    assertThat(SubscriptionAttributes.samePattern(json, null)).isFalse();
  }
}
