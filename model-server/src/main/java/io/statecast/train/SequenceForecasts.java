package io.statecast.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.statecast.artifact.ModelArtifact;
import io.statecast.cell.djl.DjlRuntime;
import io.statecast.data.KeyedSeries;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.InvalidObservationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trained network run over whole sequences at once, as training runs it: every key's
 * observations encoded by the serving encoder into {@code x (T, K, I)}, and the stack unrolled over
 * all {@code T} steps in one pass from the zero state ({@link Unroll}), with the artifact's
 * (serving) spec. Serving, which steps one event at a time, must give the same forecasts; a test
 * holds the two together.
 */
public final class SequenceForecasts {

  private SequenceForecasts() {}

  /**
   * The head's raw (normalised) outputs after every observation.
   *
   * @param series keys of equal or different lengths (shorter ones are padded at the end)
   * @return per key, {@code out[t · w + i]}, {@code w} the head's outputs ({@code Q · h},
   *     level-major)
   */
  public static Map<String, float[]> run(ModelArtifact artifact, List<KeyedSeries> series) {
    FeatureEncoder encoder = FeatureEncoder.of(artifact);
    int in = encoder.size();
    int h = artifact.spec().head().outputs();
    int k = series.size();
    int steps = series.stream().mapToInt(KeyedSeries::size).max().orElse(0);
    float[] x = new float[steps * k * in];
    for (int r = 0; r < k; r++) {
      encode(encoder, series.get(r), x, r, k);
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    DjlRuntime.engine();
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        TrainableModel model = new TrainableModel(artifact.weights(), m)) {
      NDArray xs = m.create(x, new Shape(steps, k, in)); // (T, K, I)
      Unroll.Output o =
          Unroll.run(
              model.stack(m, artifact.spec(), TrainableModel.Weights.CURRENT),
              xs,
              Unroll.State.zeros(m, artifact.spec(), k),
              null,
              null);
      float[] f = o.forecasts().toFloatArray(); // (T, K, w)
      for (int r = 0; r < k; r++) {
        KeyedSeries s = series.get(r);
        float[] mine = new float[s.size() * h];
        for (int t = 0; t < s.size(); t++) {
          System.arraycopy(f, (t * k + r) * h, mine, t * h, h);
        }
        out.put(s.key(), mine);
      }
    }
    return out;
  }

  private static void encode(FeatureEncoder e, KeyedSeries s, float[] x, int row, int rows) {
    int in = e.size();
    for (int t = 0; t < s.size(); t++) {
      try {
        e.encode(
            s.observation(t),
            t == 0 ? FeatureEncoder.NO_PREVIOUS : s.time(t - 1),
            x,
            (t * rows + row) * in);
      } catch (InvalidObservationException ex) {
        throw new IllegalArgumentException(
            "key '" + s.key() + "', observation " + t + ": " + ex.getMessage(), ex);
      }
    }
  }
}
