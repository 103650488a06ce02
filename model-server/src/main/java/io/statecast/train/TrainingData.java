package io.statecast.train;

import io.statecast.avro.Observation;
import io.statecast.data.KeyedSeries;
import io.statecast.data.SeriesSet;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.InvalidObservationException;
import io.statecast.features.KeyScaling;
import java.util.ArrayList;
import java.util.List;

/**
 * The training parts of all keys, encoded once with the serving {@link FeatureEncoder} (the
 * embeddings as their codes, which {@link EmbeddedInputs} looks up in the graph). Each key's
 * training part is the first {@code floor(trainFraction · n)} observations (the evaluation
 * protocol's split); its last {@code ceil(validation · n_train)} observations are the validation
 * part, used only to decide when to stop.
 */
final class TrainingData {

  private final List<KeyData> keys;
  private final int inputs;
  private final int targetIndex;

  private TrainingData(List<KeyData> keys, int inputs, int targetIndex) {
    this.keys = List.copyOf(keys);
    this.inputs = inputs;
    this.targetIndex = targetIndex;
  }

  /** The training part of a series: its first {@code floor(fraction · n)} observations. */
  static int trainLength(int n, double fraction) {
    return (int) Math.floor(fraction * n);
  }

  /**
   * Encodes {@code train} (training parts only).
   *
   * @param minLength keys shorter than this are left out (too short for a validation part)
   */
  static TrainingData encode(
      SeriesSet train, FeatureEncoder encoder, double validation, int minLength) {
    List<KeyData> out = new ArrayList<>();
    int width = encoder.codedSize();
    for (KeyedSeries s : train.series()) {
      int n = s.size();
      int fitEnd = n - (int) Math.ceil(validation * n);
      if (n < minLength || fitEnd < 2) {
        continue;
      }
      float[] x = new float[n * width];
      float[] z = new float[n];
      long previous = FeatureEncoder.NO_PREVIOUS;
      for (int t = 0; t < n; t++) {
        Observation o = s.observation(t);
        try {
          encoder.encodeCoded(o, previous, x, t * width);
        } catch (InvalidObservationException e) {
          throw new IllegalArgumentException(
              "key '" + s.key() + "', observation " + t + ": " + e.getMessage(), e);
        }
        previous = o.getEventTime();
        z[t] = x[t * width]; // the target is input 0
      }
      out.add(new KeyData(s.key(), x, z, fitEnd, 1.0));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "no key has enough observations to train on (at least " + minLength + " needed)");
    }
    return new TrainingData(out, width, 0);
  }

  List<KeyData> keys() {
    return keys;
  }

  /**
   * The same data with each key's errors weighted as {@code weights} says ({@link KeyWeights}),
   * from the keys' training statistics {@code scaling}.
   */
  TrainingData weighted(KeyWeights weights, KeyScaling scaling) {
    double[] w = weights.of(keys.stream().map(k -> scaling.get(k.key())).toList());
    List<KeyData> out = new ArrayList<>(keys.size());
    for (int k = 0; k < keys.size(); k++) {
      out.add(keys.get(k).withWeight(w[k]));
    }
    return new TrainingData(out, inputs, targetIndex);
  }

  /** Width of an encoded row: the numeric features and one code per embedding, {@code F + M}. */
  int inputs() {
    return inputs;
  }

  /** Position of the normalised target among the inputs. */
  int targetIndex() {
    return targetIndex;
  }

  /** Observations in fit parts. */
  long fitObservations() {
    long n = 0;
    for (KeyData k : keys) {
      n += k.fitEnd();
    }
    return n;
  }
}
