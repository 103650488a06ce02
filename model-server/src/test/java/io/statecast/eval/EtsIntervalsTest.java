package io.statecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ETS's analytic forecast variances against a Monte Carlo simulation of the state-space model
 * itself: paths are simulated forward from a known state with Gaussian errors and the variance of
 * {@code y_{t+h} − ŷ_{t+h|t}} is estimated per horizon. With {@value #PATHS} paths the relative
 * standard error of a variance estimate is {@code √(2 / PATHS)} ≈ 0.4%; the tolerance is 2.5%.
 */
class EtsIntervalsTest {

  private static final int PATHS = 120_000;
  private static final double TOLERANCE = 0.025;

  @Test
  void annVarianceMatchesSimulation() {
    double alpha = 0.35;
    assertMatchesSimulation(alpha, 0, 0, 1, 7, 10, false);
    for (int h = 1; h <= 10; h++) {
      assertThat(Ets.varianceFactor(alpha, 0, 0, 1, 7, h))
          .isCloseTo(1 + alpha * alpha * (h - 1), within(1e-12));
    }
  }

  @Test
  void anaVarianceMatchesSimulation() {
    assertMatchesSimulation(0.2, 0, 0.3, 1, 7, 16, true);
  }

  @Test
  void dampedTrendWithSeasonVarianceMatchesSimulation() {
    assertMatchesSimulation(0.25, 0.1, 0.2, 0.9, 5, 12, true);
  }

  @Test
  void fittedVariancesStartAtTheOneStepSigma() {
    double[] y = new double[300];
    Random r = new Random(11);
    double level = 10;
    for (int t = 0; t < y.length; t++) {
      double e = r.nextGaussian();
      y[t] = level + e;
      level += 0.3 * e;
    }
    Ets ets = Ets.fit(y, 240, 5);
    double[] v = ets.forecastVariances(3);
    assertThat(v[0]).isEqualTo(ets.sigma2());
    assertThat(ets.sigma2()).isCloseTo(1.0, within(0.25));
    assertThat(v[2]).isGreaterThan(v[1]).isGreaterThan(v[0]);
  }

  /**
   * Simulates {@code y_t = ℓ_{t−1} + φ b_{t−1} + s_{t−m} + ε_t}, {@code ℓ_t = ℓ_{t−1} + φ b_{t−1} +
   * α ε_t}, {@code b_t = φ b_{t−1} + β ε_t}, {@code s_t = s_{t−m} + γ ε_t} from a fixed state.
   */
  private static void assertMatchesSimulation(
      double alpha, double beta, double gamma, double phi, int m, int maxH, boolean season) {
    double sigma = 1.7;
    double[] sum = new double[maxH];
    double[] sumSq = new double[maxH];
    Random r = new Random(42);
    double[] s0 = new double[m];
    for (int i = 0; i < m; i++) {
      s0[i] = season ? Math.sin(i) : 0;
    }
    for (int p = 0; p < PATHS; p++) {
      double level = 5;
      double trend = 0.4;
      double[] s = s0.clone();
      double damp = 0;
      double pw = 1;
      for (int h = 1; h <= maxH; h++) {
        pw *= phi;
        damp += pw;
        double forecast = 5 + damp * 0.4 + s0[(h - 1) % m];
        double e = sigma * r.nextGaussian();
        double y = level + phi * trend + s[(h - 1) % m] + e;
        level = level + phi * trend + alpha * e;
        trend = phi * trend + beta * e;
        s[(h - 1) % m] += gamma * e;
        double err = y - forecast;
        sum[h - 1] += err;
        sumSq[h - 1] += err * err;
      }
    }
    for (int h = 1; h <= maxH; h++) {
      double mean = sum[h - 1] / PATHS;
      double simulated = sumSq[h - 1] / PATHS - mean * mean;
      double analytic = sigma * sigma * Ets.varianceFactor(alpha, beta, gamma, phi, m, h);
      assertThat(simulated).as("h = %d", h).isCloseTo(analytic, within(TOLERANCE * analytic));
    }
  }
}
