package io.statecast.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.artifact.ModelArtifact;
import io.statecast.artifact.SpecJson;
import io.statecast.cell.djl.DjlStepKernel;
import io.statecast.data.KeyedSeries;
import io.statecast.data.LoadedData;
import io.statecast.data.SeriesSet;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.KeyScaling;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelWeights;
import io.statecast.tensor.Tensor;
import io.statecast.testing.TestSeries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A quantile head trained on series whose distribution is known: {@code y_t = level_k + 2σ_k ·
 * sin(2π t / 7) + σ_k · ε_t} with {@code ε_t} i.i.d. standard normal, so the {@code τ}-quantile of
 * every future value is its weekly mean plus {@code Φ⁻¹(τ) σ_k}. Checked on the held-out last 20%
 * of each key (never seen in training or calibration), in target units, as served (finished).
 */
class QuantileTrainingTest {

  /** {@code Φ⁻¹(0.9)}. */
  private static final double Z90 = 1.2815515655446004;

  private static final double[] LEVEL = {10, 100, 1000, 50};
  private static final double[] SIGMA = {1, 5, 20, 2};
  private static final int LENGTH = 700;
  private static final int HELD_OUT_FROM = TrainingData.trainLength(LENGTH, 0.8);

  @TempDir static Path dir;

  private static LoadedData data;
  private static TrainConfig config;
  private static ModelTrainer.Outcome outcome;

  @BeforeAll
  static void train() throws Exception {
    data = new LoadedData(Path.of("gaussian.csv"), series(), List.of());
    config =
        TinyTraining.config(
            "model.autoregressive=0",
            "model.features=target,day_of_week",
            "training.epochs=40",
            "training.segment=20",
            "training.chunk=20",
            "training.batch=16",
            "training.validationWarmup=28");
    outcome = ModelTrainer.train(data, config, dir.resolve("q"), TrainingListener.NONE);
    System.out.printf(
        "trained %d epochs in %.1f s, kept %d%n",
        outcome.result().history().size(),
        outcome.result().seconds(),
        outcome.result().bestEpoch());
  }

  /**
   * The mean held-out offset of each level from the true mean, in units of {@code σ_k}, within 0.2
   * of {@code Φ⁻¹(τ)}: a level estimated from the ~1,800 fit points of a step has a sampling error
   * near 0.04σ; the rest allows for the small network's fit of the weekly mean.
   */
  @Test
  void theTenthAndNinetiethPercentilesAreTheNormalOnes() throws Exception {
    // the trained head itself, before calibration
    HeldOut h = heldOut(artifact(outcome.result().weights(), "raw"));
    System.out.printf(
        "held-out offsets in σ: q0.1 %.3f, q0.5 %.3f, q0.9 %.3f (expected ∓%.4f, 0; tolerance"
            + " 0.2)%n",
        h.offset(0), h.offset(2), h.offset(4), Z90);
    assertThat(h.offset(0)).isBetween(-Z90 - 0.2, -Z90 + 0.2);
    assertThat(h.offset(4)).isBetween(Z90 - 0.2, Z90 + 0.2);
    assertThat(h.offset(2)).isBetween(-0.2, 0.2);
  }

  @Test
  void theCalibratedEightyPercentIntervalCoversEightyPercentOfHeldOutPoints() throws Exception {
    HeldOut h = heldOut(outcome.artifact());
    System.out.printf(
        "held-out coverage: 80%% interval %.3f, 50%% interval %.3f (%d points)%n",
        h.coverage(0, 4), h.coverage(1, 3), h.points());
    assertThat(h.coverage(0, 4)).isBetween(0.75, 0.85);
    assertThat(h.coverage(1, 3)).isBetween(0.44, 0.56);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.6, -0.6})
  void calibrationBringsAMisCalibratedHeadToNominalCoverage(double shift) throws Exception {
    // shift > 0 narrows the 80% interval by 0.6 per-key σ of the series on each side, < 0 widens it
    ModelWeights wrong = shiftBias(outcome.result().weights(), shift);
    double before = heldOut(artifact(wrong, "wrong" + shift)).coverage(0, 4);
    ModelTrainer.Prepared p = ModelTrainer.prepare(data, config);
    Conformal.Calibration c =
        Conformal.calibrate(p.encoded(), wrong, p.zeros(), config.training().validationWarmup(), 1);
    double after = heldOut(artifact(c.weights(), "fixed" + shift)).coverage(0, 4);
    Conformal.IntervalCalibration eighty = c.intervals().get(0);
    System.out.printf(
        "shift %+.1f: held-out coverage %.3f → %.3f; validation %.3f → %.3f; q̂ %s%n",
        shift,
        before,
        after,
        eighty.meanCoverageBefore(),
        eighty.meanCoverageAfter(),
        eighty.steps().stream().map(s -> String.format("%.3f", s.qhat())).toList());
    assertThat(eighty.coverage()).isEqualTo(0.8, within(1e-12));
    if (shift > 0) {
      assertThat(before).isLessThan(0.6);
      assertThat(eighty.steps()).allMatch(s -> s.qhat() > 0);
    } else {
      assertThat(before).isGreaterThan(0.95);
      assertThat(eighty.steps()).allMatch(s -> s.qhat() < 0);
    }
    assertThat(after).isBetween(0.75, 0.85);
    assertThat(eighty.steps()).allMatch(s -> s.coverageAfter() >= 0.79 && s.coverageAfter() < 0.85);
  }

  @Test
  void aQuantileArtifactRoundTripsAndServesWhatWasTrained() throws Exception {
    ModelArtifact loaded = ModelArtifact.load(dir.resolve("q"));
    HeadSpec head = loaded.spec().head();
    assertThat(head.quantiles()).containsExactly(0.1, 0.25, 0.5, 0.75, 0.9);
    assertThat(head.outputs()).isEqualTo(5 * 3);
    Map<String, Tensor> saved = outcome.calibration().weights().tensors();
    for (Map.Entry<String, Tensor> e : loaded.weights().tensors().entrySet()) {
      assertThat(e.getValue().data()).as(e.getKey()).isEqualTo(saved.get(e.getKey()).data());
    }
    JsonNode report = SpecJson.mapper().readTree(loaded.extra(ModelTrainer.REPORT_FILE));
    assertThat(report.at("/config/training/loss").asText()).isEqualTo("pinball");
    assertThat(report.at("/calibration/0/coverage").asDouble()).isEqualTo(0.8, within(1e-12));
    assertThat(report.at("/calibration/1/coverage").asDouble()).isEqualTo(0.5, within(1e-12));
    assertThat(report.at("/calibration/0/steps/2/step").asInt()).isEqualTo(3);
    assertThat(report.at("/calibration/0/steps/2/coverageAfter").asDouble()).isBetween(0.78, 0.9);
    // the serving step kernel, one event at a time, against the whole sequence as trained
    KeyedSeries s = data.data().series().get(1);
    float[] whole = SequenceForecasts.run(loaded, List.of(s)).get(s.key());
    FeatureEncoder enc = FeatureEncoder.of(loaded);
    int w = head.outputs();
    float[] x = new float[enc.size()];
    float[] state = new float[loaded.spec().stateLayout().size()];
    float[] f = new float[w];
    double largest = 0;
    try (DjlStepKernel kernel = new DjlStepKernel(loaded.weights())) {
      for (int t = 0; t < s.size(); t++) {
        enc.encode(s.observation(t), t == 0 ? FeatureEncoder.NO_PREVIOUS : s.time(t - 1), x, 0);
        kernel.step(1, x, state, null, f);
        for (int i = 0; i < w; i++) {
          largest = Math.max(largest, Math.abs(f[i] - whole[t * w + i]));
        }
      }
    }
    System.out.printf("largest |stepped − whole sequence| %.2e (tolerance 1e-5)%n", largest);
    assertThat(largest).isLessThanOrEqualTo(1e-5);
  }

  /** The known-distribution series: weekly mean plus Gaussian noise. */
  private static SeriesSet series() {
    Random r = new Random(3);
    List<KeyedSeries> out = new ArrayList<>();
    for (int k = 0; k < LEVEL.length; k++) {
      double[] v = new double[LENGTH];
      for (int t = 0; t < LENGTH; t++) {
        v[t] = mean(k, t) + SIGMA[k] * r.nextGaussian();
      }
      out.add(TestSeries.daily("k" + k, v));
    }
    return new SeriesSet(out, List.of());
  }

  private static double mean(int k, int t) {
    return LEVEL[k] + 2 * SIGMA[k] * Math.sin(2 * Math.PI * t / 7);
  }

  /** Writes {@code w} as an artifact with the run's key statistics. */
  private static ModelArtifact artifact(ModelWeights w, String name) throws Exception {
    ModelArtifact trained = outcome.artifact();
    return ModelArtifact.write(
        dir.resolve(name), w, Map.of(KeyScaling.FILE, trained.extra(KeyScaling.FILE)));
  }

  /** {@code b_out} of the 0.1 block raised and of the 0.9 block lowered by {@code shift}. */
  private static ModelWeights shiftBias(ModelWeights w, double shift) {
    HeadSpec.Interval eighty = w.spec().head().intervals().get(0);
    double[][] q = new double[w.spec().head().intervals().size()][w.spec().head().horizon()];
    java.util.Arrays.fill(q[0], -shift);
    assertThat(eighty.coverage()).isEqualTo(0.8, within(1e-12));
    return Conformal.shifted(w, w.spec().head().intervals(), q);
  }

  /**
   * Served quantiles at every held-out target: {@code q[level][i]} in target units, and the
   * matching actual values and true means.
   */
  private record HeldOut(double[][] q, double[] actual, double[] mean, double[] sigma) {

    int points() {
      return actual.length;
    }

    /** Mean of {@code (q_level − mean) / σ}. */
    double offset(int level) {
      double s = 0;
      for (int i = 0; i < actual.length; i++) {
        s += (q[level][i] - mean[i]) / sigma[i];
      }
      return s / actual.length;
    }

    /** Share of actuals in {@code [q_lo, q_hi]}. */
    double coverage(int lo, int hi) {
      long in = 0;
      for (int i = 0; i < actual.length; i++) {
        in += q[lo][i] <= actual[i] && actual[i] <= q[hi][i] ? 1 : 0;
      }
      return in / (double) actual.length;
    }
  }

  private static HeldOut heldOut(ModelArtifact a) {
    HeadSpec head = a.spec().head();
    int h = head.horizon();
    int w = head.outputs();
    int levels = head.blocks();
    FeatureEncoder enc = FeatureEncoder.of(a);
    Map<String, float[]> raw = SequenceForecasts.run(a, data.data().series());
    List<double[]> rows = new ArrayList<>();
    float[] units = new float[w];
    for (int k = 0; k < LEVEL.length; k++) {
      KeyedSeries s = data.data().series().get(k);
      float[] out = raw.get(s.key());
      for (int t = HELD_OUT_FROM - h; t < LENGTH - 1; t++) {
        enc.forecastToUnits(s.key(), out, t * w, w, units, 0);
        for (int j = 0; j < h; j++) {
          int target = t + 1 + j;
          if (target < HELD_OUT_FROM || target >= LENGTH) {
            continue;
          }
          double[] row = new double[levels + 3];
          for (int q = 0; q < levels; q++) {
            row[q] = units[q * h + j];
          }
          row[levels] = s.value(target);
          row[levels + 1] = mean(k, target);
          row[levels + 2] = SIGMA[k];
          rows.add(row);
        }
      }
    }
    double[][] q = new double[levels][rows.size()];
    double[] actual = new double[rows.size()];
    double[] mean = new double[rows.size()];
    double[] sigma = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      double[] row = rows.get(i);
      for (int l = 0; l < levels; l++) {
        q[l][i] = row[l];
      }
      actual[i] = row[levels];
      mean[i] = row[levels + 1];
      sigma[i] = row[levels + 2];
    }
    return new HeldOut(q, actual, mean, sigma);
  }
}
