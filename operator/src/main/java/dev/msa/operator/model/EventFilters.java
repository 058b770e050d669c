package dev.msa.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.msa.operator.api.FilterPolicyScope;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules SNS applies to a filter policy and EventBridge to an event pattern, as their
 * documentation states them ("Amazon SNS subscription filter policy constraints", "Amazon
 * EventBridge event patterns"). Both are free-form objects in the CRD, which no schema rule can
 * walk; checking them here lets a subscription report what AWS would refuse, with the path of the
 * offending value, instead of sending it and being answered InvalidParameter or
 * InvalidEventPatternException.
 */
public final class EventFilters {
  /** SNS: attribute names at the top of a policy; of a nested policy only the top counts. */
  static final int SNS_MAX_KEYS = 5;

  /** SNS: the product over the policy's value lists of their length times their depth. */
  static final int SNS_MAX_COMBINATIONS = 150;

  /** SNS numeric values lie strictly between minus and plus one billion. */
  static final double SNS_MAX_NUMBER = 1e9;

  static final int SNS_MAX_BYTES = 256 * 1024;

  /** PutRule takes an EventPattern of at most 4,096 characters. */
  static final int EVENTBRIDGE_MAX_LENGTH = 4096;

  private static final String OR = "$or";
  private static final Set<String> NUMERIC_OPERATORS = Set.of("<", "<=", "=", ">", ">=");

  private EventFilters() {}

  /** Why SNS would refuse this filter policy, or empty. */
  public static Optional<String> snsFilterPolicyProblem(JsonNode policy, FilterPolicyScope scope) {
    if (!policy.isObject()) {
      return Optional.of("a filter policy is a JSON object");
    }
    if (SubscriptionAttributes.json(policy).getBytes(StandardCharsets.UTF_8).length
        > SNS_MAX_BYTES) {
      return Optional.of("a filter policy is at most 256 KB");
    }
    if (policy.size() > SNS_MAX_KEYS) {
      return Optional.of(
          "a filter policy has at most "
              + SNS_MAX_KEYS
              + " attribute names at its top, this one "
              + policy.size());
    }
    Walk walk = new Walk(true, scope == FilterPolicyScope.MessageBody);
    Optional<String> problem = walk.object(policy, "", 1);
    if (problem.isEmpty() && walk.combinations > SNS_MAX_COMBINATIONS) {
      problem =
          Optional.of(
              "its values make "
                  + walk.combinations
                  + " combinations, SNS takes at most "
                  + SNS_MAX_COMBINATIONS
                  + " (the product of each list's length times its depth)");
    }
    return problem;
  }

  /** Why EventBridge would refuse this event pattern, or empty. */
  public static Optional<String> eventPatternProblem(JsonNode pattern) {
    if (!pattern.isObject()) {
      return Optional.of("an event pattern is a JSON object");
    }
    if (SubscriptionAttributes.json(pattern).length() > EVENTBRIDGE_MAX_LENGTH) {
      return Optional.of(
          "an event pattern is at most " + EVENTBRIDGE_MAX_LENGTH + " characters as JSON");
    }
    return new Walk(false, true).object(pattern, "", 1);
  }

  /** One pass over a policy or pattern, counting SNS's combinations on the way. */
  private static final class Walk {
    private final boolean sns;
    private final boolean nesting;
    private long combinations = 1;

    Walk(boolean sns, boolean nesting) {
      this.sns = sns;
      this.nesting = nesting;
    }

    Optional<String> object(JsonNode object, String path, int depth) {
      if (object.isEmpty() && !(sns && path.isEmpty())) {
        // SNS reads an empty policy as no filter; EventBridge matches on something or refuses
        return Optional.of(
            (path.isEmpty() ? "the pattern" : path) + ": empty objects are not allowed");
      }
      for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        JsonNode value = field.getValue();
        Optional<String> problem =
            OR.equals(field.getKey()) ? or(value, at, depth) : field(value, at, depth);
        if (problem.isPresent()) {
          return problem;
        }
      }
      return Optional.empty();
    }

    private Optional<String> field(JsonNode value, String at, int depth) {
      if (value.isObject()) {
        if (!nesting) {
          return Optional.of(
              at
                  + ": nested properties need filterPolicyScope MessageBody; with"
                  + " MessageAttributes every value is a list");
        }
        return object(value, at, depth + 1);
      }
      if (!value.isArray()) {
        return Optional.of(at + ": must be a list (or an object of nested properties)");
      }
      if (value.isEmpty()) {
        return Optional.of(at + ": an empty list matches nothing and is not allowed");
      }
      combinations *= (long) value.size() * depth;
      for (int i = 0; i < value.size(); i++) {
        Optional<String> problem = match(value.get(i), at + "[" + i + "]");
        if (problem.isPresent()) {
          return problem;
        }
      }
      return Optional.empty();
    }

    /** {@code "$or": [{...}, {...}]}: each alternative is a policy of its own. */
    private Optional<String> or(JsonNode alternatives, String at, int depth) {
      if (!alternatives.isArray() || alternatives.size() < 2) {
        return Optional.of(at + ": $or takes a list of at least two objects");
      }
      for (int i = 0; i < alternatives.size(); i++) {
        JsonNode alternative = alternatives.get(i);
        if (!alternative.isObject()) {
          return Optional.of(at + "[" + i + "]: each $or alternative is an object");
        }
        Optional<String> problem = object(alternative, at + "[" + i + "]", depth + 1);
        if (problem.isPresent()) {
          return problem;
        }
      }
      return Optional.empty();
    }

    /** One value of a list: a literal, or an object with one matching operator. */
    private Optional<String> match(JsonNode value, String at) {
      if (value.isTextual() || value.isBoolean() || value.isNull()) {
        return Optional.empty();
      }
      if (value.isNumber()) {
        return number(value, at);
      }
      if (!value.isObject() || value.size() != 1) {
        return Optional.of(
            at + ": must be a string, number, true, false, null or an object with one operator");
      }
      String operator = value.fieldNames().next();
      JsonNode operand = value.get(operator);
      return switch (operator) {
        case "prefix", "suffix" -> textOrIgnoringCase(operand, at + "." + operator);
        case "equals-ignore-case", "cidr" ->
            operand.isTextual()
                ? Optional.empty()
                : Optional.of(at + "." + operator + ": must be a string");
        case "wildcard" ->
            sns
                ? Optional.of(at + ": SNS has no wildcard matching")
                : operand.isTextual()
                    ? Optional.empty()
                    : Optional.of(at + ".wildcard: must be a string");
        case "exists" ->
            operand.isBoolean()
                ? Optional.empty()
                : Optional.of(at + ".exists: must be true or false");
        case "anything-but" -> anythingBut(operand, at + ".anything-but");
        case "numeric" -> numeric(operand, at + ".numeric");
        default -> Optional.of(at + ": unknown operator " + operator);
      };
    }

    private Optional<String> textOrIgnoringCase(JsonNode operand, String at) {
      if (operand.isTextual()
          || (operand.isObject()
              && operand.size() == 1
              && operand.has("equals-ignore-case")
              && operand.get("equals-ignore-case").isTextual())) {
        return Optional.empty();
      }
      return Optional.of(at + ": must be a string");
    }

    private Optional<String> anythingBut(JsonNode operand, String at) {
      if (operand.isTextual() || operand.isObject()) {
        return Optional.empty();
      }
      if (operand.isNumber()) {
        return number(operand, at);
      }
      if (operand.isArray() && !operand.isEmpty()) {
        for (JsonNode value : operand) {
          if (!value.isTextual() && !value.isNumber()) {
            return Optional.of(at + ": lists only strings or numbers");
          }
        }
        return Optional.empty();
      }
      return Optional.of(at + ": must be a string, a number or a non-empty list of them");
    }

    /** {@code [op, n]} or {@code [">"|">=", low, "<"|"<=", high]} with low below high. */
    private Optional<String> numeric(JsonNode operand, String at) {
      String grammar =
          at
              + ": must be [op, number] or [\">\"|\">=\", low, \"<\"|\"<=\", high], op one of "
              + List.of("<", "<=", "=", ">", ">=");
      if (!operand.isArray() || (operand.size() != 2 && operand.size() != 4)) {
        return Optional.of(grammar);
      }
      for (int i = 0; i < operand.size(); i += 2) {
        if (!operand.get(i).isTextual()
            || !NUMERIC_OPERATORS.contains(operand.get(i).asText())
            || !operand.get(i + 1).isNumber()) {
          return Optional.of(grammar);
        }
        Optional<String> problem = number(operand.get(i + 1), at + "[" + (i + 1) + "]");
        if (problem.isPresent()) {
          return problem;
        }
      }
      if (operand.size() == 4
          && (!operand.get(0).asText().startsWith(">")
              || !operand.get(2).asText().startsWith("<")
              || operand.get(1).asDouble() >= operand.get(3).asDouble())) {
        return Optional.of(
            at + ": a range is [\">\"|\">=\", low, \"<\"|\"<=\", high], low below high");
      }
      return Optional.empty();
    }

    private Optional<String> number(JsonNode value, String at) {
      if (sns && Math.abs(value.asDouble()) >= SNS_MAX_NUMBER) {
        return Optional.of(at + ": SNS compares numbers between -1e9 and 1e9 only");
      }
      return Optional.empty();
    }
  }
}
