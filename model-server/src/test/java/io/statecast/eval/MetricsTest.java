package io.statecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private static final QuantileLevels TENTHS = new QuantileLevels(new double[] {0.1, 0.5, 0.9});

  @Test
  void masePoolsErrorsScaledByTheInSampleSeasonalNaive() {
    double[] y = {1, 3, 2, 5, 4, 6};
    // lag 2: |2 − 1| + |5 − 3| + |4 − 2| + |6 − 5| = 6 over 4 differences
    assertThat(Baselines.scale(y, 6, 2)).isEqualTo(1.5);
    assertThat(Baselines.scale(y, 2, 2)).isNaN();
    Metrics m = new Metrics();
    m.add(10, 7, 1.5); // |e| / s = 2
    m.add(4, 4, 1.5); // 0
    m.add(9, 1, 0); // a constant key: in MAE, not in MASE
    assertThat(m.mase()).isEqualTo(1.0);
    assertThat(m.mae()).isEqualTo(11.0 / 3);
    assertThat(new Metrics().mase()).isNaN();
  }

  @Test
  void coverageCountsActualsInsideTheIntervalBoundsIncluded() {
    Metrics m = new Metrics(TENTHS);
    assertThat(m.intervals())
        .singleElement()
        .extracting(QuantileLevels.Interval::name)
        .isEqualTo("80");
    double[] q = {3, 4, 6};
    m.addQuantiles(5, q); // inside
    m.addQuantiles(10, q); // above
    m.addQuantiles(3, q); // on the lower bound: inside
    assertThat(m.coverage(0)).isEqualTo(2.0 / 3);
  }

  @Test
  void pinballAndCrpsMatchHandComputedValues() {
    Metrics m = new Metrics(TENTHS);
    double[] q = {3, 4, 6};
    // y = 5: 0.1·2 + 0.5·1 + 0.1·1 = 0.8
    m.addQuantiles(5, q);
    // y = 10: 0.1·7 + 0.5·6 + 0.9·4 = 7.3
    m.addQuantiles(10, q);
    // y = 3: 0 + 0.5·1 + 0.1·3 = 0.8
    m.addQuantiles(3, q);
    assertThat(m.pinball()).isCloseTo((0.8 + 7.3 + 0.8) / 9, within(1e-12));
    assertThat(m.crps()).isCloseTo(2 * (0.8 + 7.3 + 0.8) / 9, within(1e-12));
    assertThat(QuantileLevels.pinball(0.9, 1, 4)).isCloseTo(0.3, within(1e-12));
  }

  @Test
  void quantileCrpsApproachesTheGaussianClosedForm() {
    // CRPS(N(μ, σ²), y) = σ [z (2Φ(z) − 1) + 2φ(z) − 1/√π], z = (y − μ) / σ (Gneiting and
    // Raftery 2007, eq. 21); levels (i − 0.5) / Q fill (0, 1) evenly
    int levels = 999;
    double[] taus = new double[levels];
    double[] q = new double[levels];
    NormalDistribution n = new NormalDistribution(null, 2, 3);
    for (int i = 0; i < levels; i++) {
      taus[i] = (i + 0.5) / levels;
      q[i] = n.inverseCumulativeProbability(taus[i]);
    }
    Metrics m = new Metrics(new QuantileLevels(taus));
    double y = 4.1;
    m.addQuantiles(y, q);
    NormalDistribution std = new NormalDistribution(null, 0, 1);
    double z = (y - 2) / 3;
    double exact =
        3
            * (z * (2 * std.cumulativeProbability(z) - 1)
                + 2 * std.density(z)
                - 1 / Math.sqrt(Math.PI));
    assertThat(m.crps()).isCloseTo(exact, within(2e-3 * exact));
  }

  @Test
  void defaultLevelsFormTheEightyAndFiftyPercentIntervals() {
    assertThat(QuantileLevels.DEFAULT.intervals())
        .extracting(QuantileLevels.Interval::name)
        .containsExactly("80", "50");
    assertThat(QuantileLevels.DEFAULT.intervals().get(1))
        .isEqualTo(new QuantileLevels.Interval(0.5, 1, 3));
  }

  @Test
  void residualQuantilesInterpolateLinearly() {
    double[] y = {0, 1, 3, 6, 10};
    // persistence, one step: residuals 1, 2, 3, 4
    double[][] r =
        Baselines.residualQuantiles(
            Baselines.persistence(), y, 5, 2, new QuantileLevels(new double[] {0.1, 0.5}));
    assertThat(r[0][0]).isCloseTo(1.3, within(1e-12)); // 1 + 0.3 · (2 − 1)
    assertThat(r[0][1]).isCloseTo(2.5, within(1e-12));
    // two steps: 3, 5, 7
    assertThat(r[1][1]).isCloseTo(5, within(1e-12));
  }
}
