package io.statecast.eval;

import io.statecast.artifact.ModelArtifact;
import io.statecast.data.KeyedSeries;
import io.statecast.data.SeriesSet;
import io.statecast.features.FeatureEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The evaluation protocol. For every key with {@code n} observations:
 *
 * <ol>
 *   <li>split: the first {@code n_train = floor(0.8 · n)} observations are the training part, the
 *       rest the test part;
 *   <li>rolling origin: every origin {@code t} from {@code n_train − 1} (the last training
 *       observation) to {@code n − 1 − h} forecasts {@code y_{t+h}}, so every test observation from
 *       position {@code n_train + h − 1} on is scored once per horizon {@code h}, by every method
 *       on the same points;
 *   <li>the model streams the key from its first observation, one event at a time ({@link
 *       StreamingRun}); its forecast from origin {@code t} is the head's output {@code j = h − 1}
 *       after observation {@code t}, in target units;
 *   <li>the baselines ({@link Baselines}) and the ETS reference ({@link Ets}, fitted on the
 *       training part only) forecast from the same origins.
 * </ol>
 *
 * Keys with fewer than {@value #MIN_TRAIN} training observations or no test part are skipped and
 * listed. Errors are pooled over keys ({@link Metrics}).
 */
public final class Evaluation {

  /** The protocol's training fraction. */
  public static final double TRAIN_FRACTION = 0.8;

  /** The protocol's horizons. */
  public static final int[] HORIZONS = {1, 7};

  static final int MIN_TRAIN = 14;

  /**
   * What to compute.
   *
   * @param trainFraction the split (the protocol: 0.8)
   * @param horizons forecast horizons to score
   * @param ets whether to fit the ETS reference
   */
  public record Options(double trainFraction, int[] horizons, boolean ets) {
    /** The protocol with the ETS reference. */
    public static Options protocol() {
      return new Options(TRAIN_FRACTION, HORIZONS, true);
    }
  }

  private Evaluation() {}

  /** Scores {@code artifact} and the baselines on {@code data}. */
  public static EvaluationReport run(ModelArtifact artifact, SeriesSet data, Options o) {
    int maxH = 0;
    for (int h : o.horizons()) {
      maxH = Math.max(maxH, h);
    }
    List<String> methods =
        new ArrayList<>(
            List.of(
                EvaluationReport.MODEL,
                EvaluationReport.PERSISTENCE,
                EvaluationReport.SEASONAL_NAIVE,
                EvaluationReport.MEAN7));
    if (o.ets()) {
      methods.add(EvaluationReport.ETS);
    }
    var scores = EvaluationReport.empty(o.horizons(), methods);
    List<KeyedSeries> kept = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (KeyedSeries s : data.series()) {
      int nt = trainLength(s.size(), o.trainFraction());
      if (nt < MIN_TRAIN || nt >= s.size()) {
        skipped.add(s.key() + " (" + s.size() + " observations: too short to split)");
      } else {
        kept.add(s);
      }
    }
    Map<String, float[]> head = StreamingRun.headOutputs(artifact, kept);
    FeatureEncoder encoder = FeatureEncoder.of(artifact);
    int modelH = artifact.spec().head().horizon();
    Map<String, Integer> forms = new java.util.TreeMap<>();
    for (KeyedSeries s : kept) {
      Ets ets = o.ets() ? Ets.fit(s.values(), trainLength(s.size(), o.trainFraction())) : null;
      if (ets != null) {
        forms.merge(ets.form().toString(), 1, Integer::sum);
      }
      scoreKey(s, o, maxH, head.get(s.key()), modelH, encoder, ets, scores);
    }
    return new EvaluationReport(scores, kept.size(), skipped, forms);
  }

  /** {@code floor(fraction · n)}. */
  public static int trainLength(int n, double fraction) {
    return (int) Math.floor(fraction * n);
  }

  private static void scoreKey(
      KeyedSeries s,
      Options o,
      int maxH,
      float[] head,
      int modelH,
      FeatureEncoder encoder,
      Ets fitted,
      Map<String, Map<String, Metrics>> scores) {
    double[] y = s.values();
    int n = y.length;
    int nt = trainLength(n, o.trainFraction());
    int first = nt - 1;
    double[][] ets = fitted == null ? null : fitted.forecasts(y, n, first, maxH);
    float[] units = new float[modelH];
    for (int t = first; t < n - 1; t++) {
      encoder.forecastToUnits(s.key(), head, t * modelH, modelH, units, 0);
      for (int h : o.horizons()) {
        if (t + h >= n) {
          continue;
        }
        Map<String, Metrics> m = scores.get("h" + h);
        double actual = y[t + h];
        if (h <= modelH) {
          m.get(EvaluationReport.MODEL).add(actual, units[h - 1]);
        }
        m.get(EvaluationReport.PERSISTENCE).add(actual, Baselines.persistence(y, t, h));
        m.get(EvaluationReport.SEASONAL_NAIVE).add(actual, Baselines.seasonalNaive(y, t, h));
        m.get(EvaluationReport.MEAN7).add(actual, Baselines.meanOfLast(y, t, h));
        if (ets != null) {
          m.get(EvaluationReport.ETS).add(actual, ets[t - first][h - 1]);
        }
      }
    }
  }
}
