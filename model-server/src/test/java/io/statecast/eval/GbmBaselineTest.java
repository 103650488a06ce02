package io.statecast.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.data.KeyedSeries;
import io.statecast.data.SeriesSet;
import io.statecast.features.HolidayCalendar;
import io.statecast.model.HeadSpec;
import io.statecast.testing.TestSeries;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boosted baseline on keys that follow one known lag relation at different levels and scales:
 * {@code x_t = −0.7 x_{t−1} + c x_{t−7} + ε_t} with {@code c = 0.6} after a positive value and
 * {@code −0.2} otherwise, {@code y = μ_k + σ_k x}, {@code ε ~ N(0, 0.2²)}. The best one-step
 * forecast errs by {@code |ε|}, whose mean is {@code 0.2 √(2/π) σ_k}.
 */
class GbmBaselineTest {

  @TempDir Path dir;

  private static final double NOISE = 0.2;

  @Test
  void learnsAKnownLagRelationAcrossKeysAndBeatsPersistence() throws Exception {
    List<KeyedSeries> keys = new ArrayList<>();
    double oracle = 0;
    for (int k = 0; k < 6; k++) {
      double scale = 1 + k;
      keys.add(TestSeries.daily("k" + k, series(700, 10 * k, scale, k)));
      oracle += NOISE * Math.sqrt(2 / Math.PI) * scale / 6;
    }
    var options =
        new Evaluation.Options(
            0.8, new int[] {1, 7}, 7, EnumSet.of(Baseline.PERSISTENCE, Baseline.GBM));
    EvaluationReport r =
        Evaluation.run(
            EvaluationTestModels.persistence(dir, new HeadSpec(7, 1, 0), null),
            new SeriesSet(keys, List.of()),
            options);
    double gbm = r.get(1, "gbm").mae();
    double persistence = r.get(1, "persistence").mae();
    System.out.printf(
        "lag relation: gbm h1 MAE %.4f (oracle %.4f), persistence %.4f; h7 gbm %.4f, persistence"
            + " %.4f%n",
        gbm, oracle, persistence, r.get(7, "gbm").mae(), r.get(7, "persistence").mae());
    assertThat(r.get(1, "gbm").n()).isEqualTo(r.get(1, "persistence").n());
    assertThat(gbm).isLessThan(1.35 * oracle);
    assertThat(gbm).isLessThan(0.5 * persistence);
    assertThat(r.get(7, "gbm").mae()).isLessThan(r.get(7, "persistence").mae());
    // its quantile model: intervals sharper than persistence's; quantiles fitted in-sample by deep
    // trees are somewhat narrow, so the coverage is bounded loosely
    for (int h : new int[] {1, 7}) {
      Metrics m = r.get(h, "gbm");
      System.out.printf(
          "gbm h%d: coverage 80%% %.3f, 50%% %.3f, pinball %.4f (persistence %.4f)%n",
          h, m.coverage(0), m.coverage(1), m.pinball(), r.get(h, "persistence").pinball());
      assertThat(m.coverage(0)).as("h%d 80%%", h).isBetween(0.55, 0.9);
      assertThat(m.coverage(1)).as("h%d 50%%", h).isBetween(0.3, 0.6);
      assertThat(m.pinball()).isLessThan(r.get(h, "persistence").pinball());
    }
  }

  /**
   * Keys at level 10 that drop to 2 on US public holidays: without the calendar the trees cannot
   * know a target day is a holiday (about 3% of days, each erring by about 8); with it they can.
   */
  @Test
  void readsTheHolidaysOfTheTargetDayWhenGivenTheCalendar() throws Exception {
    HolidayCalendar us = HolidayCalendar.of("US");
    List<KeyedSeries> keys = new ArrayList<>();
    Random random = new Random(3);
    for (int k = 0; k < 3; k++) {
      double[] y = new double[1500];
      KeyedSeries dates = TestSeries.daily("k" + k, y);
      for (int t = 0; t < y.length; t++) {
        LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(dates.time(t), 86_400_000L));
        y[t] = (us.isHoliday(d) ? 2 : 10) + 0.1 * random.nextGaussian();
      }
      keys.add(TestSeries.daily("k" + k, y));
    }
    var options = new Evaluation.Options(0.8, new int[] {1, 7}, 7, EnumSet.of(Baseline.GBM));
    var model = EvaluationTestModels.persistence(dir, new HeadSpec(7, 1, 0), null);
    SeriesSet data = new SeriesSet(keys, List.of());
    EvaluationReport without = Evaluation.run(model, data, options);
    EvaluationReport with = Evaluation.run(model, data, options.withHolidays(us));
    for (int h : new int[] {1, 7}) {
      assertThat(with.get(h, "gbm").mae())
          .as("h%d", h)
          .isLessThan(0.5 * without.get(h, "gbm").mae())
          .isLessThan(0.15);
    }
  }

  @Test
  void fitsDeterministically() {
    List<KeyedSeries> keys = List.of(TestSeries.daily("a", series(200, 3, 2, 9)));
    int[] nt = {160};
    GbmBaseline.Forecasts first;
    GbmBaseline.Forecasts second;
    try (GbmBaseline g = GbmBaseline.fit(keys, nt, new int[] {1, 3}, 7, fast(), LEVELS)) {
      first = g.forecasts(keys.get(0), 160, 159);
    }
    try (GbmBaseline g = GbmBaseline.fit(keys, nt, new int[] {1, 3}, 7, fast(), LEVELS)) {
      second = g.forecasts(keys.get(0), 160, 159);
    }
    assertThat(first.points()).hasNumberOfRows(40).isDeepEqualTo(second.points());
    assertThat(first.quantiles()).isDeepEqualTo(second.quantiles());
    for (double[][] origin : first.quantiles()) {
      for (double[] q : origin) {
        assertThat(q).hasSize(3).isSorted();
      }
    }
  }

  @Test
  void keepsTwoSeasonsOfLags() {
    assertThat(GbmBaseline.lags(7)).isEqualTo(28);
    assertThat(GbmBaseline.lags(24)).isEqualTo(48);
    assertThat(GbmBaseline.width(28)).isEqualTo(34);
  }

  @Test
  void calendarTermsComeFromTheEventTime() {
    // TestSeries starts on Monday 2020-01-06, day of year 6
    KeyedSeries s = TestSeries.daily("c", new double[] {1, 2, 3});
    float[] x = new float[GbmBaseline.width(28)];
    GbmBaseline.features(s, new double[] {1, 2, 3}, 2, 28, x, 0);
    assertThat(x[0]).isEqualTo(3f); // lag 1
    assertThat(x[27]).isEqualTo(1f); // before the first observation: the first one
    assertThat(x[28]).isEqualTo((float) ((3 + 2 + 1 * 5) / 7.0));
    double dow = 2; // Wednesday
    assertThat(x[30]).isEqualTo((float) Math.sin(2 * Math.PI * dow / 7));
    assertThat(x[33]).isEqualTo((float) Math.cos(2 * Math.PI * 7 / 365.25));
  }

  private static final QuantileLevels LEVELS = new QuantileLevels(new double[] {0.1, 0.5, 0.9});

  private static GbmSettings fast() {
    return new GbmSettings(30, 0.2, 4, 1, 7, 20, 0.2);
  }

  private static double[] series(int n, double mean, double scale, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n];
    double[] y = new double[n];
    for (int t = 0; t < n; t++) {
      double v = NOISE * r.nextGaussian();
      if (t >= 7) {
        v += -0.7 * x[t - 1] + (x[t - 7] > 0 ? 0.6 : -0.2) * x[t - 7];
      } else {
        v += r.nextGaussian();
      }
      x[t] = v;
      y[t] = mean + scale * v;
    }
    return y;
  }
}
