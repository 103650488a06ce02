package io.statecast.eval;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.cell.djl.DjlStepKernel;
import io.statecast.data.KeyedSeries;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.InvalidObservationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams every key's observations through a served model one event at a time, exactly as the
 * streaming operator does: each key starts from the zero state at its first observation, each
 * observation is encoded by {@link FeatureEncoder#of(ModelArtifact)} with the key's previous event
 * time and stepped once by a {@link DjlStepKernel}. Keys are stepped together as one batch (a row's
 * result does not depend on its batch), the longest first, so the keys still running at step {@code
 * i} are a prefix of the batch.
 */
public final class StreamingRun {

  private StreamingRun() {}

  /**
   * The head's raw (normalised) outputs after every observation of every key.
   *
   * @return per key, {@code out[t · w + i]} with {@code w} the head's {@link
   *     io.statecast.model.HeadSpec#outputs() outputs}: output {@code i} after observation {@code
   *     t} (for a point head, {@code i = j} forecasts {@code z_{t+1+j}}; a quantile head has one
   *     block of the horizon per level)
   */
  public static Map<String, float[]> headOutputs(ModelArtifact artifact, List<KeyedSeries> series) {
    FeatureEncoder encoder = FeatureEncoder.of(artifact);
    int inputs = encoder.size();
    int width = artifact.spec().head().outputs();
    int size = artifact.spec().stateLayout().size();
    List<KeyedSeries> keys = new ArrayList<>(series);
    keys.sort(Comparator.comparingInt(KeyedSeries::size).reversed());
    int k = keys.size();
    float[] x = new float[k * inputs];
    float[] state = new float[k * size];
    float[] forecast = new float[k * width];
    Map<String, float[]> out = new LinkedHashMap<>();
    for (KeyedSeries s : keys) {
      out.put(s.key(), new float[s.size() * width]);
    }
    int steps = keys.isEmpty() ? 0 : keys.get(0).size();
    try (DjlStepKernel kernel = new DjlStepKernel(artifact.weights())) {
      int active = k;
      for (int i = 0; i < steps; i++) {
        while (active > 0 && keys.get(active - 1).size() <= i) {
          active--;
        }
        for (int r = 0; r < active; r++) {
          encode(encoder, keys.get(r), i, x, r * inputs);
        }
        kernel.step(active, x, state, null, forecast);
        for (int r = 0; r < active; r++) {
          System.arraycopy(forecast, r * width, out.get(keys.get(r).key()), i * width, width);
        }
      }
    }
    return out;
  }

  private static void encode(FeatureEncoder e, KeyedSeries s, int i, float[] x, int at) {
    Observation o = s.observation(i);
    long previous = i == 0 ? FeatureEncoder.NO_PREVIOUS : s.time(i - 1);
    try {
      e.encode(o, previous, x, at);
    } catch (InvalidObservationException ex) {
      throw new IllegalArgumentException(
          "key '"
              + s.key()
              + "', observation "
              + i
              + ": the model cannot use it: "
              + ex.getMessage(),
          ex);
    }
  }
}
