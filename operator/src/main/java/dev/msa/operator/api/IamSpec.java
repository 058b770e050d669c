package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Extra IAM for the service's role, limited by the operator's allow-list. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IamSpec {

  @Size(max = 10)
  @JsonPropertyDescription(
      "Managed policy ARNs to attach to the role. Only ARNs in the operator's allow-list"
          + " (MSA_OPERATOR_ALLOWED_MANAGED_POLICY_ARNS) are attached; others are reported in a"
          + " condition.")
  private List<@Pattern("^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/[A-Za-z0-9+=,.@/_-]+$") String>
      managedPolicyArns = new ArrayList<>();

  public List<String> getManagedPolicyArns() {
    return managedPolicyArns;
  }

  public void setManagedPolicyArns(List<String> managedPolicyArns) {
    this.managedPolicyArns = managedPolicyArns;
  }
}
