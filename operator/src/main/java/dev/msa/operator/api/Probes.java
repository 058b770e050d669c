package dev.msa.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** HTTP probe paths; both probes call spec.port. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Probes {

  @Pattern("^/")
  @Size(max = 256)
  @JsonPropertyDescription("Path of the HTTP readiness probe, e.g. /ready. Absent means none.")
  private String readinessPath;

  @Pattern("^/")
  @Size(max = 256)
  @JsonPropertyDescription("Path of the HTTP liveness probe, e.g. /health. Absent means none.")
  private String livenessPath;

  public String getReadinessPath() {
    return readinessPath;
  }

  public void setReadinessPath(String readinessPath) {
    this.readinessPath = readinessPath;
  }

  public String getLivenessPath() {
    return livenessPath;
  }

  public void setLivenessPath(String livenessPath) {
    this.livenessPath = livenessPath;
  }
}
