package dev.msa.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.msa.operator.api.FilterPolicyScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Filter policies and event patterns AWS takes pass; those it refuses — which FuzzedSpecsIT sent to
 * SNS and had answered InvalidParameter — are caught, naming the offending value.
 */
class EventFiltersTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{eventType: [OrderCreated, OrderCancelled]}",
        "{store: [{prefix: eu-}], price: [{numeric: ['>=', 0, '<', 100]}], vip: [true, null]}",
        "{customer: [{anything-but: [a, b]}], region: [{suffix: '-1'}], ip: [{cidr: 10.0.0.0/24}]}",
        "{name: [{equals-ignore-case: ÜNÏ}], flag: [{exists: false}], n: [{numeric: ['=', 5]}]}",
        "{a: [1], b: [2], c: [3], d: [4], e: ['日本語 🚀']}"
      })
  void snsTakesThesePoliciesInEitherScope(String policy) {
    for (FilterPolicyScope scope : FilterPolicyScope.values()) {
      assertThat(EventFilters.snsFilterPolicyProblem(json(policy), scope))
          .as(scope.name())
          .isEmpty();
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{eventType: OrderCreated}| eventType: must be a list",
        "{a: [1], b: [1], c: [1], d: [1], e: [1], f: [1]}| at most 5 attribute names",
        "{a: [1,2,3,4,5,6], b: [1,2,3,4,5,6], c: [1,2,3,4,5]}| 180 combinations",
        "{a: []}| a: an empty list",
        "{a: [{unknown-operator: 1}]}| a[0]: unknown operator unknown-operator",
        "{a: [{numeric: ['<']}]}| a[0].numeric: must be [op, number]",
        "{a: [{numeric: ['>', 5, '<', 1]}]}| low below high",
        "{a: [{numeric: ['!=', 5]}]}| a[0].numeric: must be",
        "{a: [{exists: 'yes'}]}| a[0].exists: must be true or false",
        "{a: [1000000000]}| a[0]: SNS compares numbers between -1e9 and 1e9 only",
        "{a: [[1]]}| a[0]: must be a string, number",
        "{a: [{wildcard: 'x*'}]}| SNS has no wildcard",
        "{order: {status: [new]}}| order: nested properties need filterPolicyScope MessageBody"
      })
  void snsWouldRefuseTheseAsMessageAttributes(String policy, String problem) {
    assertThat(
            EventFilters.snsFilterPolicyProblem(json(policy), FilterPolicyScope.MessageAttributes))
        .hasValueSatisfying(p -> assertThat(p).contains(problem));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{order: {status: [new], total: [{numeric: ['>', 0]}]}}|",
        "{$or: [{a: [1]}, {b: {c: [2]}}]}|",
        "{order: {status: new}}| order.status: must be a list",
        "{$or: [{a: [1]}]}| $or: $or takes a list of at least two objects"
      })
  void messageBodyPoliciesNest(String policy, String problem) {
    var found = EventFilters.snsFilterPolicyProblem(json(policy), FilterPolicyScope.MessageBody);
    if (problem == null) {
      assertThat(found).isEmpty();
    } else {
      assertThat(found).hasValueSatisfying(p -> assertThat(p).contains(problem));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{source: [com.acme.orders]}",
        "{source: [com.acme], detail-type: ['Order Placed'], detail: {status: [new, {prefix: o}]}}",
        "{detail: {amount: [{numeric: ['>', 0, '<=', 5000000000]}], id: [{wildcard: 'o-*'}]}}",
        "{detail: {user: [{exists: true}], note: ['עברית', 5, true, null]}}"
      })
  void eventBridgeTakesThesePatterns(String pattern) {
    assertThat(EventFilters.eventPatternProblem(json(pattern))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{source: com.acme}| source: must be a list",
        "{source: []}| source: an empty list",
        "{detail: {amount: [{numeric: ['>', x]}]}}| detail.amount[0].numeric: must be",
        "{detail: {x: [{nope: 1}]}}| detail.x[0]: unknown operator nope",
        "{source: [a], detail: {}}| detail: empty objects are not allowed",
        "{}| the pattern: empty objects are not allowed"
      })
  void eventBridgeWouldRefuseThesePatterns(String pattern, String problem) {
    assertThat(EventFilters.eventPatternProblem(json(pattern)))
        .hasValueSatisfying(p -> assertThat(p).contains(problem));
  }

  @Test
  void aPatternLongerThanPutRuleTakesIsCaught() {
    JsonNode pattern = json("{source: ['" + "x".repeat(4100) + "']}");
    assertThat(EventFilters.eventPatternProblem(pattern))
        .hasValueSatisfying(p -> assertThat(p).contains("at most 4096 characters"));
  }

  /** Flow-style YAML, as users write these in a spec. */
  private static JsonNode json(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
