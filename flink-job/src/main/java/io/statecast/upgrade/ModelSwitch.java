package io.statecast.upgrade;

import io.statecast.avro.StatePolicy;
import java.util.Objects;

/**
 * One model the job has served: the epoch it started, its identity and artifact, and the policy
 * under which existing per-key states were carried over to it. A Flink POJO, kept in the operator's
 * broadcast state so that every subtask, restored or not, knows the same history.
 */
public class ModelSwitch {

  /** Position in the chain (0 = the model the job started with). */
  public int epoch;

  /** Model identity. */
  public String modelId;

  /** Model version. */
  public int version;

  /** Where the artifact is (a path or file: URI readable by every TaskManager). */
  public String artifactUri;

  /** SHA-256 of the artifact's manifest. */
  public String manifestSha256;

  /** What happens to states of earlier epochs; KEEP for epoch 0. */
  public StatePolicy policy;

  public ModelSwitch() {}

  public ModelSwitch(
      int epoch,
      String modelId,
      int version,
      String artifactUri,
      String manifestSha256,
      StatePolicy policy) {
    this.epoch = epoch;
    this.modelId = modelId;
    this.version = version;
    this.artifactUri = artifactUri;
    this.manifestSha256 = manifestSha256;
    this.policy = policy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSwitch s
        && s.epoch == epoch
        && s.version == version
        && Objects.equals(s.modelId, modelId)
        && Objects.equals(s.artifactUri, artifactUri)
        && Objects.equals(s.manifestSha256, manifestSha256)
        && s.policy == policy;
  }

  @Override
  public int hashCode() {
    return Objects.hash(epoch, modelId, version, artifactUri, manifestSha256, policy);
  }

  @Override
  public String toString() {
    return "epoch " + epoch + ": " + modelId + " v" + version + " (" + policy + ")";
  }
}
