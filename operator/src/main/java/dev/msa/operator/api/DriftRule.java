package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * What to do about drift of one part, or of some of its fields: an entry of {@code
 * spec.driftPolicy}. Inside a list, so it has no schema defaults: absent fields mean every field of
 * the part.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.fields) || self.fields.all(f, f in " + DriftPart.FIELDS_CEL + "[self.part])",
    message = DriftPart.FIELDS_MESSAGE,
    fieldPath = ".fields",
    reason = "FieldValueInvalid")
public class DriftRule {
  /**
   * Each part has at most one rule without fields, and each field of a part is named by at most one
   * rule: no two rules of a spec ever disagree about a field.
   */
  static final String ONE_RULE_PER_FIELD =
      "self.all(r, self.filter(o, o.part == r.part && (has(r.fields) ? has(o.fields) &&"
          + " o.fields.exists(f, f in r.fields) : !has(o.fields))).size() == 1)";

  static final String ONE_RULE_PER_FIELD_MESSAGE =
      "driftPolicy: a part may have one rule without fields, and each field of a part may be named"
          + " by one rule only";

  @Required
  @JsonPropertyDescription("The part of the AWS side the rule is about.")
  private DriftPart part;

  @Size(min = 1, max = 10)
  @JsonPropertyDescription(
      "The fields of the part the rule is about; absent means every field of the part. A rule"
          + " that names a field wins over the part's rule without fields.")
  private List<DriftField> fields;

  @Required
  @JsonPropertyDescription(
      "What a resync does when a field differs from the spec: Correct puts the spec's value back"
          + " (what happens to every field no rule names); Report leaves it, records a"
          + " DriftDetected Event and sets the Drifted condition; Ignore leaves it and says"
          + " nothing. A change of the field's value in the spec is still applied.")
  private DriftAction action;

  public DriftRule() {}

  public DriftRule(DriftPart part, List<DriftField> fields, DriftAction action) {
    this.part = part;
    this.fields = fields;
    this.action = action;
  }

  public DriftPart getPart() {
    return part;
  }

  public void setPart(DriftPart part) {
    this.part = part;
  }

  public List<DriftField> getFields() {
    return fields;
  }

  public void setFields(List<DriftField> fields) {
    this.fields = fields;
  }

  public DriftAction getAction() {
    return action;
  }

  public void setAction(DriftAction action) {
    this.action = action;
  }
}
