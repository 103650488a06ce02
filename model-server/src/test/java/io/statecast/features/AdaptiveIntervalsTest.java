package io.statecast.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.statecast.model.HeadSpec;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The online calibration of a quantile head's intervals: its updates worked by hand, its long-run
 * coverage against the guarantee of Angelopoulos, Candès and Tibshirani (2023, Prop. 1), and the
 * rows it serves (nested, clipped, ties at zero not counted).
 */
class AdaptiveIntervalsTest {

  /**
   * Levels 0.1, 0.5, 0.9: one 80% interval; row layout {@code [lo_1 lo_2 | m_1 m_2 | hi_1 hi_2]}.
   */
  private static final HeadSpec ONE = new HeadSpec(2, 0, 0, List.of(0.1, 0.5, 0.9), false);

  private static final HeadSpec FIVE =
      new HeadSpec(1, 0, 0, List.of(0.1, 0.25, 0.5, 0.75, 0.9), false);

  @Test
  void scoresEachStepAgainstTheForecastMadeThatManyEventsEarlier() {
    AdaptiveIntervals a = new AdaptiveIntervals(ONE, 0.1);
    assertThat(a.stateSize()).isEqualTo(1 * 2 + 1 * 2 * 3);
    float[] s = a.initialState();
    double sigma = 2;

    // event 0: nothing pending; the row is served as forecast, its bounds become pending
    float[] r0 = {-1, -2, 0, 0, 1, 2};
    a.step(s, 5.0, sigma, r0, 0);
    assertThat(r0).containsExactly(-1, -2, 0, 0, 1, 2);
    assertThat(a.offset(s, 0, 0)).isZero();
    assertThat(a.offset(s, 0, 1)).isZero();

    // event 1: y = 3 is outside event 0's step-1 interval [-1, 1]: δ_1 = 0.1 (1 − 0.2) = 0.08;
    // step 2 of event 0 is due at event 2. The row is widened by δ σ = 0.16 at step 1.
    float[] r1 = {-1, -1, 0, 0, 1, 1};
    a.step(s, 3.0, sigma, r1, 0);
    assertThat(a.offset(s, 0, 0)).isCloseTo(0.08f, within(1e-7f));
    assertThat(a.offset(s, 0, 1)).isZero();
    assertThat(r1).containsExactly(new float[] {-1.16f, -1, 0, 0, 1.16f, 1}, within(1e-6f));

    // event 2: y = 1.5 is inside event 0's step-2 interval [-2, 2] (δ_2 = 0 − 0.02) and inside
    // event 1's served step-1 interval [-1.16, 1.16]? No: 1.5 > 1.16, a miss (δ_1 = 0.16).
    float[] r2 = {-1, -1, 0, 0, 1, 1};
    a.step(s, 1.5, sigma, r2, 0);
    assertThat(a.offset(s, 0, 0)).isCloseTo(0.16f, within(1e-7f));
    assertThat(a.offset(s, 0, 1)).isCloseTo(-0.02f, within(1e-7f));
    assertThat(r2).containsExactly(new float[] {-1.32f, -0.96f, 0, 0, 1.32f, 0.96f}, within(1e-6f));

    // event 3: y = 0 inside event 2's step 1 [-1.32, 1.32] (δ_1 = 0.16 − 0.02) and event 1's
    // step 2 [-1, 1] (δ_2 = −0.02 − 0.02)
    float[] r3 = {-1, -1, 0, 0, 1, 1};
    a.step(s, 0, sigma, r3, 0);
    assertThat(a.offset(s, 0, 0)).isCloseTo(0.14f, within(1e-6f));
    assertThat(a.offset(s, 0, 1)).isCloseTo(-0.04f, within(1e-6f));
  }

  @Test
  void anEventWithoutActualScoresNothingButStillAgesThePending() {
    AdaptiveIntervals a = new AdaptiveIntervals(ONE, 0.1);
    float[] s = a.initialState();
    a.step(s, 0, 1, new float[] {-1, -1, 0, 0, 1, 1}, 0);
    a.step(s, Double.NaN, 1, new float[] {-1, -1, 0, 0, 1, 1}, 0);
    assertThat(a.offset(s, 0, 0)).isZero();
    // event 0's step 2 was due at event 2, event 1's step 1 too: y = 9 misses both
    a.step(s, 9, 1, new float[] {-1, -1, 0, 0, 1, 1}, 0);
    assertThat(a.offset(s, 0, 0)).isCloseTo(0.08f, within(1e-7f));
    assertThat(a.offset(s, 0, 1)).isCloseTo(0.08f, within(1e-7f));
  }

  /**
   * Intervals built for N(0, 1) errors (±1.2816: 80%) while the errors are N(0, 2²) (they cover
   * 47%): the served intervals' long-run miss rate is within the bound {@code (2 · LIMIT + η) / (η
   * T)} of α at every step, and the offset settles near the width the new errors need.
   */
  @Test
  void longRunCoverageMeetsTheGuaranteeUnderDrift() {
    double rate = 0.05;
    int events = 20_000;
    AdaptiveIntervals a = new AdaptiveIntervals(ONE, rate);
    float[] s = a.initialState();
    SplittableRandom random = new SplittableRandom(11);
    double[] y = new double[events];
    float[][] served = new float[events][];
    for (int t = 0; t < events; t++) {
      y[t] = 2 * random.nextGaussian();
      float[] row = {-1.2816f, -1.2816f, 0, 0, 1.2816f, 1.2816f};
      a.step(s, y[t], 1, row, 0);
      served[t] = row;
    }
    double bound = (2 * AdaptiveIntervals.LIMIT + rate) / (rate * (events - 2));
    for (int j = 0; j < 2; j++) {
      int misses = 0;
      int n = 0;
      for (int t = 0; t + j + 1 < events; t++) {
        double v = y[t + j + 1];
        misses += v < served[t][j] || v > served[t][4 + j] ? 1 : 0;
        n++;
      }
      assertThat(misses / (double) n).as("step %d", j + 1).isCloseTo(0.2, within(bound));
      // 2 · 1.2816 is the 80% half-width of N(0, 2²): δ ≈ 1.28 standard deviations
      assertThat(a.offset(s, 0, j)).as("step %d offset", j + 1).isCloseTo(1.28f, within(0.4f));
    }
    assertThat(bound).isLessThan(0.01);
  }

  @Test
  void servedIntervalsStayNestedAroundTheMedian() {
    AdaptiveIntervals a = new AdaptiveIntervals(FIVE, 0.5);
    float[] s = a.initialState();
    // levels 0.1 0.25 0.5 0.75 0.9, one step; actual always at the median: both intervals narrow
    for (int t = 0; t < 60; t++) {
      float[] row = {8, 9, 10, 11, 12};
      a.step(s, 10, 1, row, 0);
      assertThat(row[0]).isLessThanOrEqualTo(row[1]);
      assertThat(row[1]).isLessThanOrEqualTo(row[2]);
      assertThat(row[2]).isEqualTo(10f);
      assertThat(row[3]).isGreaterThanOrEqualTo(row[2]);
      assertThat(row[4]).isGreaterThanOrEqualTo(row[3]);
    }
    // every hit narrows by η α: the offsets reach their bound, the intervals the median
    assertThat(a.offset(s, 0, 0)).isEqualTo(-AdaptiveIntervals.LIMIT);
    assertThat(a.offset(s, 1, 0)).isEqualTo(-AdaptiveIntervals.LIMIT);
    float[] row = {8, 9, 10, 11, 12};
    a.step(s, 10, 1, row, 0);
    assertThat(row).containsExactly(10, 10, 10, 10, 10);
  }

  @Test
  void aNonNegativeHeadClipsAtZeroAndDoesNotCountTiesThere() {
    HeadSpec counts = new HeadSpec(1, 0, 0, List.of(0.1, 0.5, 0.9), true);
    AdaptiveIntervals a = new AdaptiveIntervals(counts, 0.1);
    float[] s = a.initialState();
    for (int t = 0; t < 10; t++) {
      float[] row = {0, 0, 2};
      a.step(s, 0, 1, row, 0);
      assertThat(row[0]).isZero();
    }
    assertThat(a.offset(s, 0, 0)).as("zeros at the interval's floor are ties: no update").isZero();
    a.step(s, 5, 1, new float[] {0, 0, 2}, 0); // a miss above: widens
    assertThat(a.offset(s, 0, 0)).isCloseTo(0.08f, within(1e-7f));
    float[] row = {0.05f, 0.5f, 2};
    a.step(s, 1, 1, row, 0);
    assertThat(row[0]).as("widened below zero, clipped").isZero();
    assertThat(row[2])
        .as("1 was inside [0, 2.08]: δ = 0.08 − 0.02")
        .isCloseTo(2.06f, within(1e-6f));
  }

  @Test
  void refusesAHeadWithoutIntervalsAndABadRate() {
    assertThatThrownBy(() -> new AdaptiveIntervals(new HeadSpec(3, 0, 0), 0.1))
        .hasMessageContaining("only a quantile head");
    assertThatThrownBy(() -> new AdaptiveIntervals(ONE, 0))
        .hasMessageContaining("must be in (0, 1]");
    assertThat(AdaptiveIntervals.of(ONE)).isNull();
    assertThat(AdaptiveIntervals.of(ONE.withAdaptiveRate(0.02)).rate()).isEqualTo(0.02);
    assertThatThrownBy(() -> new HeadSpec(3, 0, 0, List.of(0.1, 0.5), false, 0.02))
        .hasMessageContaining("needs a quantile head with a central interval");
  }

  @Test
  void aStateOfAnotherShapeDoesNotFit() {
    AdaptiveIntervals a = new AdaptiveIntervals(ONE, 0.1);
    assertThat(a.fits(a.initialState())).isTrue();
    assertThat(a.fits(null)).isFalse();
    assertThat(a.fits(new AdaptiveIntervals(FIVE, 0.1).initialState())).isFalse();
  }
}
