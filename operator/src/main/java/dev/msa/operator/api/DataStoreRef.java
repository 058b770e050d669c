package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A DataStore of the same namespace that the service uses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataStoreRef {

  @Required
  @Pattern(Names.DNS_LABEL)
  @Size(max = 63)
  @JsonPropertyDescription("Name of a DataStore in this namespace.")
  private String name;

  @JsonPropertyDescription("ReadWrite or ReadOnly. Absent means ReadWrite.")
  private DataStoreAccess access;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public DataStoreAccess getAccess() {
    return access;
  }

  public void setAccess(DataStoreAccess access) {
    this.access = access;
  }
}
