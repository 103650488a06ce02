package io.statecast.testing;

import io.statecast.artifact.ModelArtifact;
import io.statecast.model.Adaptation;
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
 * Models with a quantile head whose quantiles are known without training: a small LSTM (random
 * weights) whose dense head is zero, so that the forecast is the autoregressive term alone, over a
 * window of one normalised target: {@code q_τ(t + 1) = x_t + b_τ} in normalised units, that is
 * {@code y_t + σ b_τ} in the target's units: persistence plus a fixed offset per level. With {@code
 * σ b_τ} the empirical τ-quantile of a series' one-step differences, the intervals are those of a
 * random walk fitted to the series.
 */
public final class QuantileModels {

  /** Levels 0.05, 0.1, 0.5, 0.9, 0.95: intervals of coverage 0.9 and 0.8, widest first. */
  public static final List<Double> LEVELS = List.of(0.05, 0.1, 0.5, 0.9, 0.95);

  private QuantileModels() {}

  /**
   * Writes a one-step quantile model of target mean {@code mean} and scale {@code std} whose
   * quantile at {@code LEVELS.get(q)} is the last target plus {@code offsets[q]} (target units).
   */
  public static ModelArtifact write(Path dir, double mean, double std, double[] offsets)
      throws IOException {
    return write(dir, mean, std, offsets, null);
  }

  /**
   * As {@link #write(Path, double, double, double[])}, its forecasts adapted online per key as
   * {@code adaptation} says ({@link HeadSpec#adaptation()}; null: not at all).
   */
  public static ModelArtifact write(
      Path dir, double mean, double std, double[] offsets, Adaptation adaptation)
      throws IOException {
    if (offsets.length != LEVELS.size()) {
      throw new IllegalArgumentException("one offset per level of " + LEVELS);
    }
    ModelSpec spec =
        new ModelSpec(
            ModelSpec.FORMAT,
            "quantile-test-model",
            1,
            "test model: random LSTM, zero dense head, persistence plus a fixed offset per level",
            new InputSpec(List.of(new FeatureSpec("value", FeatureKind.TARGET, 0, mean, std))),
            CellSpec.fused(4),
            new StackSpec(1, Connection.PLAIN),
            new HeadSpec(1, 1, 0, LEVELS, false, adaptation));
    Map<String, Tensor> tensors = new HashMap<>(RandomWeights.of(spec, 5).tensors());
    int outputs = spec.head().outputs(); // (levels × horizon 1)
    int r = spec.outputSize();
    tensors.put(
        WeightNames.HEAD_WEIGHT, Tensor.ofFloats(new int[] {outputs, r}, new float[outputs * r]));
    tensors.put(WeightNames.HEAD_BIAS, Tensor.ofFloats(new int[] {outputs}, new float[outputs]));
    float[] ar = new float[outputs];
    float[] bias = new float[outputs];
    for (int q = 0; q < outputs; q++) {
      ar[q] = 1f;
      bias[q] = (float) (offsets[q] / std);
    }
    tensors.put(WeightNames.AR_WEIGHT, Tensor.ofFloats(new int[] {outputs, 1}, ar));
    tensors.put(WeightNames.AR_BIAS, Tensor.ofFloats(new int[] {outputs}, bias));
    return ModelArtifact.write(
        dir, ModelWeights.bind(spec, tensors, "quantile test model"), Map.of());
  }
}
