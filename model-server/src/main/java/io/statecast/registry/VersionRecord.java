package io.statecast.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One version of a model in the registry.
 *
 * @param version the version number, as in the artifact's {@code model.json}
 * @param manifestSha256 SHA-256 of the artifact's manifest: its identity
 * @param addedAt when it was uploaded (ISO-8601 instant)
 * @param retiredAt when it was retired, or null while it is active
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionRecord(int version, String manifestSha256, String addedAt, String retiredAt) {

  public VersionRecord {
    if (version < 1) {
      throw new IllegalArgumentException("a version must be at least 1, got " + version);
    }
    if (manifestSha256 == null || !manifestSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("version " + version + " needs a SHA-256 manifest digest");
    }
  }

  /** Whether it has been retired (it then can neither be promoted nor served). */
  @JsonIgnore
  public boolean retired() {
    return retiredAt != null;
  }

  /** {@code "active"} or {@code "retired"}. */
  @JsonProperty(value = "status", access = JsonProperty.Access.READ_ONLY)
  public String status() {
    return retired() ? "retired" : "active";
  }

  VersionRecord retire(String when) {
    return new VersionRecord(version, manifestSha256, addedAt, when);
  }
}
