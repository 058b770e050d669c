package dev.msa.operator.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tags an organisation adds to every AWS resource the operator creates, written {@code
 * team=x,cost-center=y}: the operator setting {@code MSA_OPERATOR_DEFAULT_TAGS} and a namespace's
 * annotation {@code msa.dev/default-tags} (docs/organisations.md). The operator's own keys cannot
 * be set here, and AWS's limits hold: 50 tags per resource (the operator's own take 6), keys of at
 * most 128 characters, values of at most 256, and AWS's tag character set.
 */
public final class DefaultTags {
  /** 50 tags per resource, less the operator's own six. */
  public static final int MAX_TAGS = 44;

  static final int MAX_KEY = 128;
  static final int MAX_VALUE = 256;
  private static final Pattern CHARACTERS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  private DefaultTags() {}

  /**
   * The tags of {@code text}, in their order; blank is none.
   *
   * @throws IllegalArgumentException saying which entry is wrong and why
   */
  public static Map<String, String> parse(String text) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return tags;
    }
    for (String entry : text.split(",")) {
      int equals = entry.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException(
            "'" + entry.strip() + "' is not key=value (entries are separated by commas)");
      }
      String key = entry.substring(0, equals).strip();
      String value = entry.substring(equals + 1).strip();
      check(key, value);
      if (tags.put(key, value) != null) {
        throw new IllegalArgumentException("the key '" + key + "' is given twice");
      }
    }
    checkCount(tags);
    return Collections.unmodifiableMap(tags);
  }

  /** {@code general} with {@code specific} over it (a namespace's over the operator's). */
  public static Map<String, String> merge(
      Map<String, String> general, Map<String, String> specific) {
    Map<String, String> merged = new LinkedHashMap<>(general);
    merged.putAll(specific);
    checkCount(merged);
    return Collections.unmodifiableMap(merged);
  }

  private static void check(String key, String value) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("an entry has an empty key");
    }
    if (key.startsWith("msa.dev/") || key.equals("app.kubernetes.io/managed-by")) {
      throw new IllegalArgumentException(
          "the key '" + key + "' is the operator's own (msa.dev/*, app.kubernetes.io/managed-by)");
    }
    if (key.toLowerCase().startsWith("aws:")) {
      throw new IllegalArgumentException("the key '" + key + "': the prefix aws: is AWS's own");
    }
    if (key.length() > MAX_KEY) {
      throw new IllegalArgumentException(
          "the key '" + key + "' is longer than " + MAX_KEY + " characters");
    }
    if (value.length() > MAX_VALUE) {
      throw new IllegalArgumentException(
          "the value of '" + key + "' is longer than " + MAX_VALUE + " characters");
    }
    if (!CHARACTERS.matcher(key).matches() || !CHARACTERS.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "'"
              + key
              + "="
              + value
              + "' has a character AWS refuses in tags (letters, digits, spaces and _ . : / = +"
              + " - @ are allowed)");
    }
  }

  private static void checkCount(Map<String, String> tags) {
    if (tags.size() > MAX_TAGS) {
      throw new IllegalArgumentException(
          tags.size()
              + " tags: at most "
              + MAX_TAGS
              + " (AWS allows 50 per resource and the operator's own take 6)");
    }
  }
}
