package io.statecast.dashboard;

import io.statecast.artifact.ModelArtifact;
import io.statecast.model.CellSpec;
import io.statecast.model.Connection;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StackSpec;
import io.statecast.model.WeightNames;
import io.statecast.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test model whose forecasts are readable without training: a 2-layer LSTM (hidden 16, random
 * weights: its gates are what the dashboard histograms) whose head ignores the LSTM and forecasts
 * seasonal-naively through the autoregressive term: {@code ŷ(t + j) = x(t + j − 7)}, j = 1…7, over
 * the last 7 targets. Daily ridership has a strong weekly cycle, so the fan looks like a week.
 */
final class SeasonalModel {

  static final int HORIZON = 7;

  private SeasonalModel() {}

  static ModelArtifact write(Path dir, String id, int version, long seed) throws IOException {
    ModelSpec spec =
        new ModelSpec(
            ModelSpec.FORMAT,
            id,
            version,
            "test model: random LSTM, seasonal-naive autoregressive head (not trained)",
            new InputSpec(
                List.of(
                    new FeatureSpec("entries", FeatureKind.TARGET, 0, 10.0, 5.0),
                    new FeatureSpec("dow_sin", FeatureKind.DAY_OF_WEEK_SIN, 0, 0.0, 1.0),
                    new FeatureSpec("dow_cos", FeatureKind.DAY_OF_WEEK_COS, 0, 0.0, 1.0))),
            CellSpec.fused(16),
            new StackSpec(2, Connection.PLAIN),
            new HeadSpec(HORIZON, HORIZON, 0));
    ModelWeights random = RandomWeights.of(spec, seed);
    Map<String, Tensor> tensors = new HashMap<>(random.tensors());
    int r = spec.outputSize();
    tensors.put(
        WeightNames.HEAD_WEIGHT, Tensor.ofFloats(new int[] {HORIZON, r}, new float[HORIZON * r]));
    tensors.put(WeightNames.HEAD_BIAS, Tensor.ofFloats(new int[] {HORIZON}, new float[HORIZON]));
    float[] ar = new float[HORIZON * HORIZON];
    for (int j = 0; j < HORIZON; j++) {
      ar[j * HORIZON + j] =
          1f; // window is oldest first: window[j] = x(t − 6 + j) = x(t + (j+1) − 7)
    }
    tensors.put(WeightNames.AR_WEIGHT, Tensor.ofFloats(new int[] {HORIZON, HORIZON}, ar));
    tensors.put(WeightNames.AR_BIAS, Tensor.ofFloats(new int[] {HORIZON}, new float[HORIZON]));
    return ModelArtifact.write(
        dir, ModelWeights.bind(spec, tensors, "seasonal test model"), Map.of());
  }
}
