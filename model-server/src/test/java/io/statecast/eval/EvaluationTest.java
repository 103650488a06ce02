package io.statecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.statecast.artifact.ModelArtifact;
import io.statecast.data.KeyedSeries;
import io.statecast.data.SeriesSet;
import io.statecast.features.KeyScaling;
import io.statecast.model.Adaptation;
import io.statecast.model.HeadSpec;
import io.statecast.testing.TestSeries;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {

  @TempDir Path dir;

  /** y_t = t, 50 observations: training part 40, test part 10. */
  private final KeyedSeries line = TestSeries.daily("line", ramp(50));

  @Test
  void splitsAtTheFloorOfEightyPercentAndScoresEveryMethodOnTheSamePoints() throws Exception {
    KeyedSeries tooShort = TestSeries.daily("short", ramp(10));
    EvaluationReport r =
        Evaluation.run(
            persistenceModel(),
            new SeriesSet(List.of(line, tooShort), List.of()),
            new Evaluation.Options(0.8, new int[] {1, 7}, false));
    assertThat(Evaluation.trainLength(50, 0.8)).isEqualTo(40);
    assertThat(Evaluation.trainLength(49, 0.8)).isEqualTo(39);
    assertThat(r.keys()).isEqualTo(1);
    assertThat(r.skipped()).singleElement().asString().startsWith("short");
    // h1: origins 39 … 48 score y_40 … y_49; h7: origins 39 … 42 score y_46 … y_49
    for (String m : List.of("model", "persistence", "seasonal_naive", "mean7")) {
      assertThat(r.get(1, m).n()).as(m).isEqualTo(10);
      assertThat(r.get(7, m).n()).as(m).isEqualTo(4);
    }
    assertThat(r.get(1, "persistence").mae()).isEqualTo(1.0);
    assertThat(r.get(7, "persistence").mae()).isEqualTo(7.0);
    assertThat(r.get(1, "seasonal_naive").mae()).isEqualTo(7.0);
    assertThat(r.get(7, "seasonal_naive").rmse()).isEqualTo(7.0);
    assertThat(r.get(1, "mean7").mae()).isEqualTo(4.0);
    assertThat(r.get(7, "mean7").mae()).isEqualTo(10.0);
    double smape = 0;
    for (int t = 39; t <= 48; t++) {
      smape += 200.0 / (2 * t + 1);
    }
    assertThat(r.get(1, "persistence").smape()).isCloseTo(smape / 10, within(1e-12));
    // the model under test forecasts the last value: it must score as persistence does
    double err = Math.abs(r.get(1, "model").mae() - 1.0) + Math.abs(r.get(7, "model").mae() - 7.0);
    System.out.printf("persistence model vs persistence baseline: |ΔMAE| %.2e%n", err);
    assertThat(err).isLessThan(1e-4);
    assertThat(r.toJson()).contains("\"h1\"", "\"seasonal_naive\"", "\"smape\"", "\"n\" : 10");
  }

  @Test
  void etsRecoversAWeeklyPatternThatPersistenceCannot() throws Exception {
    double[] pattern = {0, 1, 2, 3, 2, 1, -3};
    double[] y = new double[280];
    Random r = new Random(3);
    for (int t = 0; t < y.length; t++) {
      y[t] = 20 + 0.01 * t + pattern[t % 7] + 0.1 * r.nextGaussian();
    }
    EvaluationReport rep =
        Evaluation.run(
            persistenceModel(),
            new SeriesSet(List.of(TestSeries.daily("w", y)), List.of()),
            Evaluation.Options.protocol());
    double ets = rep.get(1, "ets").mae();
    double naive = rep.get(1, "persistence").mae();
    System.out.printf(
        "weekly pattern: ETS h1 MAE %.4f, h7 %.4f; persistence h1 %.4f%n",
        ets, rep.get(7, "ets").mae(), naive);
    assertThat(ets).isLessThan(0.15);
    assertThat(rep.get(7, "ets").mae()).isLessThan(0.15);
    assertThat(naive).isGreaterThan(1.0);
    assertThat(Ets.fit(y, 224).form().toString()).endsWith(",A");
  }

  @Test
  void aQuantileModelIsScoredOnItsMedianAndItsIntervals() throws Exception {
    KeyScaling.Scale scale = KeyScaling.fit(line.values(), 40);
    double c = 3 / scale.std(); // the 0.1 and 0.9 blocks sit 3 units below and above y_t
    double[] bias = new double[21];
    Arrays.fill(bias, 0, 7, -c);
    Arrays.fill(bias, 14, 21, c);
    HeadSpec head = new HeadSpec(7, 1, 0, List.of(0.1, 0.5, 0.9), false);
    EvaluationReport r =
        Evaluation.run(
            EvaluationTestModels.persistence(dir, head, Map.of("line", scale), bias),
            new SeriesSet(List.of(line), List.of()),
            new Evaluation.Options(0.8, new int[] {1, 7}, false));
    Metrics h1 = r.get(1, "model");
    Metrics h7 = r.get(7, "model");
    // the median is y_t: the model scores as persistence does
    assertThat(h1.mae()).isCloseTo(1.0, within(1e-4));
    assertThat(h7.mae()).isCloseTo(7.0, within(1e-4));
    assertThat(h1.n()).isEqualTo(10);
    // [y_t − 3, y_t + 3] holds y_t + 1, never y_t + 7
    assertThat(h1.intervals()).extracting(QuantileLevels.Interval::name).containsExactly("80");
    assertThat(h1.coverage(0)).isEqualTo(1.0);
    assertThat(h7.coverage(0)).isEqualTo(0.0);
    // h1: 0.1·4 + 0.5·1 + 0.1·2; h7: 0.1·10 + 0.5·7 + 0.9·4
    assertThat(h1.pinball()).isCloseTo(1.1 / 3, within(1e-4));
    assertThat(h7.pinball()).isCloseTo(8.1 / 3, within(1e-4));
    assertThat(h7.crps()).isCloseTo(2 * 8.1 / 3, within(2e-4));
    // persistence's residuals on the ramp are exactly h: every quantile is the actual
    Metrics p = r.get(1, "persistence");
    assertThat(p.coverage(0)).isEqualTo(1.0);
    assertThat(p.pinball()).isEqualTo(0.0);
    assertThat(r.toJson()).contains("\"coverage\"", "\"80\"", "\"pinball\"", "\"crps\"");
    assertThat(r.table()).contains("cov80%", "CRPS~");
  }

  /**
   * A persistence model whose 80% interval {@code y_t ± 3} is too narrow for noise of standard
   * deviation 4 (the residual {@code y_{t+h} − y_t} has 4√2: it covers 41%): scored as served with
   * its online adaptation, it covers 80% of the test part at both horizons; with the adaptation off
   * ({@code withAdaptation(NONE)}) it covers what it forecasts. Only the bounds adapt here, so the
   * median and its errors are the same.
   */
  @Test
  void aModelWhoseIntervalsAdaptOnlineIsScoredAsServed() throws Exception {
    double[] y = new double[3000];
    Random rnd = new Random(8);
    for (int t = 0; t < y.length; t++) {
      y[t] = 50 + 4 * rnd.nextGaussian();
    }
    KeyedSeries noise = TestSeries.daily("noise", y);
    KeyScaling.Scale scale = KeyScaling.fit(y, 2400);
    double c = 3 / scale.std();
    double[] bias = new double[21];
    Arrays.fill(bias, 0, 7, -c);
    Arrays.fill(bias, 14, 21, c);
    HeadSpec head =
        new HeadSpec(7, 1, 0, List.of(0.1, 0.5, 0.9), false)
            .withAdaptation(new Adaptation(0, 0.05));
    ModelArtifact model = EvaluationTestModels.persistence(dir, head, Map.of("noise", scale), bias);
    SeriesSet data = new SeriesSet(List.of(noise), List.of());
    Evaluation.Options o = new Evaluation.Options(0.8, new int[] {1, 7}, false);
    EvaluationReport adapted = Evaluation.run(model, data, o);
    EvaluationReport fixed = Evaluation.run(model, data, o.withAdaptation(Adaptation.NONE));
    // 600 test points: a coverage's standard error is about 0.016, the tracker's wander adds some
    for (int h : new int[] {1, 7}) {
      assertThat(fixed.get(h, "model").coverage(0))
          .as("h%d fixed", h)
          .isCloseTo(0.41, within(0.05));
      assertThat(adapted.get(h, "model").coverage(0))
          .as("h%d adapted", h)
          .isCloseTo(0.8, within(0.05));
      assertThat(adapted.get(h, "model").mae()).isEqualTo(fixed.get(h, "model").mae());
    }
  }

  @Test
  void theSeasonalPeriodSetsTheSeasonalLagTheMeanWindowAndTheMaseScale() throws Exception {
    EvaluationReport r =
        Evaluation.run(
            persistenceModel(),
            new SeriesSet(List.of(line), List.of()),
            new Evaluation.Options(0.8, new int[] {1, 7}, false).withSeasonalPeriod(5));
    assertThat(r.scores().get("h1"))
        .containsOnlyKeys("model", "persistence", "seasonal_naive", "mean5");
    assertThat(r.get(1, "seasonal_naive").mae()).isEqualTo(5.0); // y_{t+1−5}
    assertThat(r.get(7, "seasonal_naive").mae()).isEqualTo(10.0); // y_{t+7−10}
    assertThat(r.get(1, "mean5").mae()).isEqualTo(3.0); // mean of y_{t−4} … y_t = t − 2
    // scale: the lag-5 naive errs by 5 on the training ramp
    assertThat(r.get(1, "persistence").mase()).isCloseTo(0.2, within(1e-12));
    assertThat(r.get(7, "persistence").mase()).isCloseTo(1.4, within(1e-12));
    assertThat(r.toJson()).contains("\"mase\"");
  }

  @Test
  void residualAndEtsIntervalsAreCalibratedOnWhiteNoise() throws Exception {
    double[] y = new double[3000];
    Random rnd = new Random(5);
    for (int t = 0; t < y.length; t++) {
      y[t] = 10 + rnd.nextGaussian();
    }
    KeyedSeries noise = TestSeries.daily("noise", y);
    double[][] q =
        Baselines.residualQuantiles(Baselines.persistence(), y, 2400, 1, QuantileLevels.DEFAULT);
    // persistence's residual y_{t+1} − y_t is N(0, 2): its 0.1-quantile is −1.2816 √2
    assertThat(q[0][0]).isCloseTo(-1.2816 * Math.sqrt(2), within(0.12));
    assertThat(q[0][2]).isCloseTo(0, within(0.08));
    EvaluationReport r =
        Evaluation.run(
            persistenceModel(),
            new SeriesSet(List.of(noise), List.of()),
            Evaluation.Options.protocol()
                .withBaselines(EnumSet.of(Baseline.PERSISTENCE, Baseline.SEASONAL, Baseline.ETS)));
    // 600 test points: a coverage's standard error is about 0.016 (0.8) and 0.02 (0.5)
    for (String m : List.of("persistence", "seasonal_naive", "ets")) {
      for (int h : new int[] {1, 7}) {
        Metrics s = r.get(h, m);
        assertThat(s.coverage(0)).as("%s h%d 80%%", m, h).isCloseTo(0.8, within(0.06));
        assertThat(s.coverage(1)).as("%s h%d 50%%", m, h).isCloseTo(0.5, within(0.07));
      }
    }
    // the point model has no intervals
    assertThat(r.get(1, "model").hasQuantiles()).isFalse();
    assertThat(r.table()).contains("ets");
  }

  private static double[] ramp(int n) {
    double[] v = new double[n];
    Arrays.setAll(v, i -> i);
    return v;
  }

  private ModelArtifact persistenceModel() throws Exception {
    return EvaluationTestModels.persistence(
        dir, new HeadSpec(7, 1, 0), Map.of("line", KeyScaling.fit(line.values(), 40)));
  }
}
