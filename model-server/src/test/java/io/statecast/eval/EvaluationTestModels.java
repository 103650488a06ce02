package io.statecast.eval;

import io.statecast.artifact.ModelArtifact;
import io.statecast.features.KeyScaling;
import io.statecast.model.CellSpec;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.StackSpec;
import io.statecast.model.WeightNames;
import io.statecast.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built artifacts with known forecasts for the evaluation's tests. */
final class EvaluationTestModels {

  private EvaluationTestModels() {}

  /**
   * A model whose every output is the last value, {@code z_t}, plus {@code arBias[i]} (null: 0):
   * zero LSTM and head weights, and an autoregressive term of window 1 with weight 1. Its forecasts
   * in units are {@code (z_t + b_i) σ + μ = y_t + b_i σ}.
   *
   * @param head a head with {@code autoregressive = 1} on feature 0
   * @param scales the keys' target scaling (null: none, the target feature's (0, 1))
   */
  static ModelArtifact persistence(
      Path dir, HeadSpec head, Map<String, KeyScaling.Scale> scales, double... arBias)
      throws Exception {
    ModelSpec spec =
        new ModelSpec(
            null,
            "persistence",
            1,
            null,
            new InputSpec(List.of(new FeatureSpec("value", FeatureKind.TARGET, 0, 0, 1))),
            CellSpec.fused(2),
            new StackSpec(1, null),
            head);
    Map<String, Tensor> t = new LinkedHashMap<>();
    WeightNames.expected(spec)
        .forEach((n, shape) -> t.put(n, Tensor.zeros(Tensor.DType.FLOAT32, shape)));
    int outputs = head.outputs();
    double[] ones = new double[outputs];
    Arrays.fill(ones, 1);
    t.put(WeightNames.AR_WEIGHT, new Tensor(Tensor.DType.FLOAT32, new int[] {outputs, 1}, ones));
    if (arBias != null && arBias.length > 0) {
      t.put(WeightNames.AR_BIAS, new Tensor(Tensor.DType.FLOAT32, new int[] {outputs}, arBias));
    }
    KeyScaling scaling = scales == null ? KeyScaling.none() : KeyScaling.of(scales);
    return ModelArtifact.write(
        dir.resolve("p" + System.nanoTime()),
        ModelWeights.bind(spec, t, "test"),
        Map.of(KeyScaling.FILE, scaling.toJson()));
  }
}
