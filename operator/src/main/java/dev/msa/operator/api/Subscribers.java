package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** The cross-namespace allow-list of a topic: the only reference that crosses namespaces. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Subscribers {

  @Size(max = 50)
  @JsonPropertyDescription(
      "Namespaces (names of namespaces) whose EventSubscriptions may subscribe to this topic,"
          + " besides its own.")
  private List<@Pattern(Names.NAMESPACE) @Size(max = 63) String> namespaces = new ArrayList<>();

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }
}
