package dev.msa.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The admission rule's map of fields per part and its message say what the enum says. */
class DriftPartTest {
  @Test
  void theCelMapAndTheMessageListEveryPartsFields() {
    Map<String, List<String>> cel = new LinkedHashMap<>();
    Matcher entry = Pattern.compile("'(\\w+)': \\[([^\\]]*)\\]").matcher(DriftPart.FIELDS_CEL);
    while (entry.find()) {
      cel.put(entry.group(1), List.of(entry.group(2).replace("'", "").split(",\\s*")));
    }
    Map<String, List<String>> parts = new LinkedHashMap<>();
    for (DriftPart part : DriftPart.values()) {
      parts.put(part.name(), part.fields().stream().map(DriftField::name).toList());
      assertThat(DriftPart.FIELDS_MESSAGE)
          .contains(part.name() + ": " + String.join(", ", parts.get(part.name())));
    }
    assertThat(cel).isEqualTo(parts);
  }
}
