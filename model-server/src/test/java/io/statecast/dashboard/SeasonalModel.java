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
 * the last 7 targets. Daily ridership has a strong weekly cycle, so the fan looks like a week. Its
 * quantile variant ({@link #writeQuantile}) adds a fixed band around that forecast.
 */
final class SeasonalModel {

  static final int HORIZON = 7;

  private SeasonalModel() {}

  static ModelArtifact write(Path dir, String id, int version, long seed) throws IOException {
    return write(dir, id, version, seed, List.of(), new double[] {0});
  }

  /**
   * The same model with a quantile head of levels 0.1, 0.5 and 0.9: the seasonal-naive value minus,
   * plus and plus {@code halfWidth} (target units): an 80% interval of {@code 2 · halfWidth}.
   */
  static ModelArtifact writeQuantile(Path dir, String id, int version, long seed, double halfWidth)
      throws IOException {
    return write(
        dir, id, version, seed, List.of(0.1, 0.5, 0.9), new double[] {-halfWidth, 0, halfWidth});
  }

  private static ModelArtifact write(
      Path dir, String id, int version, long seed, List<Double> levels, double[] offsets)
      throws IOException {
    double std = 5.0;
    ModelSpec spec =
        new ModelSpec(
            ModelSpec.FORMAT,
            id,
            version,
            "test model: random LSTM, seasonal-naive autoregressive head (not trained)",
            new InputSpec(
                List.of(
                    new FeatureSpec("entries", FeatureKind.TARGET, 0, 10.0, std),
                    new FeatureSpec("dow_sin", FeatureKind.DAY_OF_WEEK_SIN, 0, 0.0, 1.0),
                    new FeatureSpec("dow_cos", FeatureKind.DAY_OF_WEEK_COS, 0, 0.0, 1.0))),
            CellSpec.fused(16),
            new StackSpec(2, Connection.PLAIN),
            new HeadSpec(HORIZON, HORIZON, 0, levels, false));
    ModelWeights random = RandomWeights.of(spec, seed);
    Map<String, Tensor> tensors = new HashMap<>(random.tensors());
    int outputs = spec.head().outputs(); // (levels × HORIZON), level-major
    int r = spec.outputSize();
    tensors.put(
        WeightNames.HEAD_WEIGHT, Tensor.ofFloats(new int[] {outputs, r}, new float[outputs * r]));
    tensors.put(WeightNames.HEAD_BIAS, Tensor.ofFloats(new int[] {outputs}, new float[outputs]));
    float[] ar = new float[outputs * HORIZON];
    float[] bias = new float[outputs];
    for (int q = 0; q < offsets.length; q++) {
      for (int j = 0; j < HORIZON; j++) {
        // window is oldest first: window[j] = x(t − 6 + j) = x(t + (j+1) − 7)
        ar[(q * HORIZON + j) * HORIZON + j] = 1f;
        bias[q * HORIZON + j] = (float) (offsets[q] / std);
      }
    }
    tensors.put(WeightNames.AR_WEIGHT, Tensor.ofFloats(new int[] {outputs, HORIZON}, ar));
    tensors.put(WeightNames.AR_BIAS, Tensor.ofFloats(new int[] {outputs}, bias));
    return ModelArtifact.write(
        dir, ModelWeights.bind(spec, tensors, "seasonal test model"), Map.of());
  }
}
