package io.statecast.testing;

import io.statecast.artifact.ModelArtifact;
import io.statecast.model.CellSpec;
import io.statecast.model.Connection;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.RandomWeights;
import io.statecast.model.StackSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Small served models for registry and server tests: the target ({@code load}, scaled by mean 100
 * and std 20) and the day of the week (sin, cos) in, a 2-layer LSTM of hidden size 16, a head of
 * horizon 3. Random weights from a seed: reproducible, not trained.
 */
public final class ServingModels {

  private ServingModels() {}

  /** The spec of model {@code id} at {@code version}. */
  public static ModelSpec spec(String id, int version) {
    return spec(id, version, 16);
  }

  /** The spec with another hidden size (a different state layout). */
  public static ModelSpec spec(String id, int version, int hidden) {
    return new ModelSpec(
        ModelSpec.FORMAT,
        id,
        version,
        "test model",
        new InputSpec(
            List.of(
                new FeatureSpec("load", FeatureKind.TARGET, 0, 100.0, 20.0),
                new FeatureSpec("dow_sin", FeatureKind.DAY_OF_WEEK_SIN, 0, 0.0, 1.0),
                new FeatureSpec("dow_cos", FeatureKind.DAY_OF_WEEK_COS, 0, 0.0, 1.0))),
        CellSpec.fused(hidden),
        new StackSpec(2, Connection.PLAIN),
        new HeadSpec(3, 0, 0));
  }

  /** Writes the artifact of {@code id} v{@code version} to {@code dir}. */
  public static ModelArtifact write(Path dir, String id, int version, long seed)
      throws IOException {
    return write(dir, spec(id, version), seed, Map.of());
  }

  /** Writes an artifact of {@code spec} with extra files. */
  public static ModelArtifact write(Path dir, ModelSpec spec, long seed, Map<String, byte[]> extras)
      throws IOException {
    return ModelArtifact.write(dir, RandomWeights.of(spec, seed), extras);
  }
}
