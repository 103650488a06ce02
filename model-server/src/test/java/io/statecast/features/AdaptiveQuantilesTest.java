package io.statecast.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.statecast.model.Adaptation;
import io.statecast.model.HeadSpec;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The online adaptation of a quantile head's forecasts: its updates worked by hand, its long-run
 * share of actuals below each level against the guarantee of Angelopoulos, Candès and Tibshirani
 * (2023, Prop. 1) under a shift of level and of spread, and the rows it serves (sorted, clipped,
 * ties at zero moving nothing).
 */
class AdaptiveQuantilesTest {

  /** Levels 0.1, 0.5, 0.9, horizon 2; row layout {@code [q.1: j1 j2 | q.5: j1 j2 | q.9: j1 j2]}. */
  private static final HeadSpec HEAD = new HeadSpec(2, 0, 0, List.of(0.1, 0.5, 0.9), false);

  private static final int LOW = 0;
  private static final int MEDIAN = 1;
  private static final int HIGH = 2;

  private static AdaptiveQuantiles tracker(HeadSpec head, double median, double intervals) {
    return new AdaptiveQuantiles(head, new Adaptation(median, intervals));
  }

  @Test
  void eachLevelStepsAlongThePinballSubgradientOfTheForecastMadeThatManyEventsEarlier() {
    AdaptiveQuantiles a = tracker(HEAD, 0.1, 0.1);
    assertThat(a.stateSize()).isEqualTo(3 * 2 + 3 * 3);
    float[] s = a.initialState();
    double sigma = 2;

    // event 0: nothing pending; the row is served as forecast and becomes pending
    float[] r0 = {-1, -2, 0, 0, 1, 2};
    a.step(s, 5.0, sigma, r0, 0);
    assertThat(r0).containsExactly(-1, -2, 0, 0, 1, 2);

    // event 1: y = 3 is above event 0's step-1 values (−1, 0, 1): each offset += η τ, so
    // s.1 = 0.01, m = 0.05, s.9 = 0.09 at step 1; step 2 of event 0 is due at event 2.
    // Served step 1: −1 + (0.05 + 0.01)·2, 0 + 0.05·2, 1 + (0.05 + 0.09)·2.
    float[] r1 = {-1, -1, 0, 0, 1, 1};
    a.step(s, 3.0, sigma, r1, 0);
    assertThat(a.offset(s, LOW, 0)).isCloseTo(0.01f, within(1e-7f));
    assertThat(a.offset(s, MEDIAN, 0)).isCloseTo(0.05f, within(1e-7f));
    assertThat(a.offset(s, HIGH, 0)).isCloseTo(0.09f, within(1e-7f));
    assertThat(a.offset(s, MEDIAN, 1)).isZero();
    assertThat(r1).containsExactly(new float[] {-0.88f, -1, 0.1f, 0, 1.28f, 1}, within(1e-6f));

    // event 2: y = 1.5. Step 2 of event 0 (−2, 0, 2): above, above, below (s.9 −= η (1 − 0.9)).
    // Step 1 of event 1 as served (−0.88, 0.1, 1.28): above all three.
    float[] r2 = {-1, -1, 0, 0, 1, 1};
    a.step(s, 1.5, sigma, r2, 0);
    assertThat(a.offset(s, LOW, 1)).isCloseTo(0.01f, within(1e-7f));
    assertThat(a.offset(s, MEDIAN, 1)).isCloseTo(0.05f, within(1e-7f));
    assertThat(a.offset(s, HIGH, 1)).isCloseTo(-0.01f, within(1e-7f));
    assertThat(a.offset(s, LOW, 0)).isCloseTo(0.02f, within(1e-7f));
    assertThat(a.offset(s, MEDIAN, 0)).isCloseTo(0.1f, within(1e-7f));
    assertThat(a.offset(s, HIGH, 0)).isCloseTo(0.18f, within(1e-7f));
    assertThat(r2)
        .containsExactly(new float[] {-0.76f, -0.88f, 0.2f, 0.1f, 1.56f, 1.08f}, within(1e-6f));
  }

  @Test
  void anEventWithoutActualScoresNothingButStillAgesThePending() {
    AdaptiveQuantiles a = tracker(HEAD, 0.1, 0.1);
    float[] s = a.initialState();
    a.step(s, 0, 1, new float[] {-1, -1, 0, 0, 1, 1}, 0);
    a.step(s, Double.NaN, 1, new float[] {-1, -1, 0, 0, 1, 1}, 0);
    assertThat(a.offset(s, MEDIAN, 0)).isZero();
    // event 0's step 2 and event 1's step 1 are due at event 2: y = 9 is above both
    a.step(s, 9, 1, new float[] {-1, -1, 0, 0, 1, 1}, 0);
    for (int j = 0; j < 2; j++) {
      assertThat(a.offset(s, LOW, j)).isCloseTo(0.01f, within(1e-7f));
      assertThat(a.offset(s, MEDIAN, j)).isCloseTo(0.05f, within(1e-7f));
      assertThat(a.offset(s, HIGH, j)).isCloseTo(0.09f, within(1e-7f));
    }
  }

  /**
   * Forecasts built for N(0, 1) ({@code 0} and {@code ±1.2816}: the 0.1 / 0.5 / 0.9 quantiles)
   * while the actuals are N(3, 2²): the whole forecast is 3 too low and its spread half what it
   * needs. Every level's long-run share of actuals below it is within {@code (2 · LIMIT + η) / (η
   * T)} of {@code τ} at every step, the median's shift settles near 3 and the bounds' offsets near
   * ±1.28.
   */
  @Test
  void eachLevelsLongRunShareBelowMeetsTheGuaranteeAfterAShiftOfLevelAndSpread() {
    double eta = 0.05;
    int events = 20_000;
    AdaptiveQuantiles a = tracker(HEAD, eta, eta);
    float[] s = a.initialState();
    SplittableRandom random = new SplittableRandom(11);
    double[] y = new double[events];
    float[][] served = new float[events][];
    for (int t = 0; t < events; t++) {
      y[t] = 3 + 2 * random.nextGaussian();
      float[] row = {-1.2816f, -1.2816f, 0, 0, 1.2816f, 1.2816f};
      a.step(s, y[t], 1, row, 0);
      served[t] = row;
    }
    double bound = (2 * AdaptiveQuantiles.LIMIT + eta) / (eta * (events - 2));
    assertThat(bound).isLessThan(0.01);
    double[] tau = {0.1, 0.5, 0.9};
    for (int j = 0; j < 2; j++) {
      for (int q = 0; q < 3; q++) {
        int below = 0;
        int n = 0;
        for (int t = 0; t + j + 1 < events; t++) {
          below += y[t + j + 1] < served[t][q * 2 + j] ? 1 : 0;
          n++;
        }
        assertThat(below / (double) n)
            .as("level %s step %d", tau[q], j + 1)
            .isCloseTo(tau[q], within(bound));
      }
      assertThat(a.offset(s, MEDIAN, j)).as("shift, step %d", j + 1).isCloseTo(3f, within(0.4f));
      assertThat(a.offset(s, HIGH, j)).as("0.9, step %d", j + 1).isCloseTo(1.28f, within(0.4f));
      assertThat(a.offset(s, LOW, j)).as("0.1, step %d", j + 1).isCloseTo(-1.28f, within(0.4f));
    }
  }

  @Test
  void servedLevelsStayInOrder() {
    AdaptiveQuantiles a = tracker(new HeadSpec(1, 0, 0, List.of(0.1, 0.5, 0.9), false), 0, 0.5);
    float[] s = a.initialState();
    // actuals always at the median: each hit moves 0.1 up by η (1 − 0.1) · … past the median
    for (int t = 0; t < 40; t++) {
      float[] row = {9, 10, 11};
      a.step(s, 10, 1, row, 0);
      assertThat(row[0]).isLessThanOrEqualTo(row[1]);
      assertThat(row[1]).isLessThanOrEqualTo(row[2]);
    }
    // 10 > 9 + offset while it lasts: the 0.1 level climbs by 0.05 a step up to the median
    assertThat(a.offset(s, LOW, 0)).isGreaterThan(0.9f);
  }

  @Test
  void aNonNegativeHeadClipsAtZeroAndTiesAtZeroMoveNothing() {
    HeadSpec counts = new HeadSpec(1, 0, 0, List.of(0.1, 0.5, 0.9), true);
    AdaptiveQuantiles a = tracker(counts, 0.1, 0.1);
    float[] s = a.initialState();
    for (int t = 0; t < 10; t++) {
      float[] row = {0, 0, 2};
      a.step(s, 0, 1, row, 0);
    }
    // 9 zeros scored: tied with the 0.1 level and the median (no step), below the 0.9 level
    assertThat(a.offset(s, LOW, 0)).isZero();
    assertThat(a.offset(s, MEDIAN, 0)).isZero();
    assertThat(a.offset(s, HIGH, 0)).isCloseTo(-0.09f, within(1e-6f));
    float[] shifted = {0, 0, 2};
    a.step(s, 5, 1, shifted, 0); // above every level
    assertThat(a.offset(s, MEDIAN, 0)).isCloseTo(0.05f, within(1e-7f));
    assertThat(a.offset(s, HIGH, 0)).isCloseTo(0f, within(1e-6f));
    float[] row = {0.05f, 0.5f, 2};
    s[MEDIAN] = -1; // a shift down by one σ: the lower levels clip at zero
    a.step(s, Double.NaN, 1, row, 0);
    assertThat(row).containsExactly(new float[] {0, 0, 1.0f}, within(1e-6f));
  }

  @Test
  void refusesAPointHeadAndBadSteps() {
    assertThatThrownBy(() -> tracker(new HeadSpec(3, 0, 0), 0.1, 0.1))
        .hasMessageContaining("only a quantile head");
    assertThatThrownBy(() -> new Adaptation(-0.1, 0)).hasMessageContaining("median");
    assertThatThrownBy(() -> new Adaptation(0, 2)).hasMessageContaining("intervals");
    assertThat(AdaptiveQuantiles.of(HEAD)).isNull();
    assertThat(HEAD.withAdaptation(Adaptation.NONE).adaptation()).isNull();
    assertThatThrownBy(() -> new HeadSpec(3, 0, 0, List.of(), false, new Adaptation(0.1, 0)))
        .hasMessageContaining("needs a quantile head");
  }

  @Test
  void aStateOfAnotherShapeDoesNotFit() {
    AdaptiveQuantiles a = tracker(HEAD, 0.1, 0.1);
    assertThat(a.fits(a.initialState())).isTrue();
    assertThat(a.fits(null)).isFalse();
    HeadSpec five = new HeadSpec(2, 0, 0, List.of(0.1, 0.25, 0.5, 0.75, 0.9), false);
    assertThat(a.fits(tracker(five, 0.1, 0.1).initialState())).isFalse();
  }
}
