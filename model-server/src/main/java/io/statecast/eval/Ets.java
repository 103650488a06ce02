package io.statecast.eval;

import java.util.Locale;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Additive exponential smoothing, the classical reference: ETS with additive errors, an optional
 * additive damped trend and an optional additive weekly season (Hyndman, Koehler, Ord and Snyder,
 * "Forecasting with Exponential Smoothing", 2008, §2.3; Gardner and McKenzie 1985 for the damped
 * trend). With the one-step error {@code e_t = y_t − ŷ_{t|t−1}}:
 *
 * <pre>
 * ŷ_{t|t−1} = ℓ_{t−1} + φ b_{t−1} + s_{t−m}
 * ℓ_t = ℓ_{t−1} + φ b_{t−1} + α e_t      b_t = φ b_{t−1} + β e_t      s_t = s_{t−m} + γ e_t
 * ŷ_{t+h|t} = ℓ_t + (φ + φ² + … + φ^h) b_t + s_{t+h−m⌈h/m⌉}
 * </pre>
 *
 * Four forms are fitted per key on its training part — A,N,N; A,Ad,N; A,N,A; A,Ad,A — each by
 * minimising the one-step sum of squared errors with the Nelder–Mead simplex of Apache Commons Math
 * over {@code 0 < α < 1}, {@code 0 < β < α}, {@code 0 < γ < 1 − α}, {@code 0.8 ≤ φ ≤ 0.98} (the
 * admissible region of R's {@code forecast::ets}), and the form with the lowest AIC {@code n
 * log(SSE/n) + 2k} is kept. Initial states come from the first seasons (level: their mean; season:
 * the mean deviation of each weekday; trend: the change between the first and last of them). The
 * parameters are then frozen and the filter runs through the test part, forecasting from every
 * origin.
 */
public final class Ets {

  /** The seasonal period. */
  public static final int M = 7;

  private static final int INIT_SEASONS = 4;

  /** The model forms. */
  public enum Form {
    ANN(false, false),
    AADN(true, false),
    ANA(false, true),
    AADA(true, true);

    final boolean trend;
    final boolean season;

    Form(boolean trend, boolean season) {
      this.trend = trend;
      this.season = season;
    }

    /** Free parameters and initial states, for the AIC. */
    int k() {
      return 2 + (trend ? 3 : 0) + (season ? M : 0);
    }

    @Override
    public String toString() {
      return "A," + (trend ? "Ad" : "N") + "," + (season ? "A" : "N");
    }
  }

  private final Form form;
  private final double alpha;
  private final double beta;
  private final double gamma;
  private final double phi;
  private final double[] init; // [ℓ0, b0, s_{1−m} … s_0]
  private final double aic;

  private Ets(Form form, double[] theta, double[] init, double aic) {
    this.form = form;
    this.alpha = theta[0];
    this.beta = theta[1];
    this.gamma = theta[2];
    this.phi = theta[3];
    this.init = init;
    this.aic = aic;
  }

  /** The form with the lowest AIC, fitted to {@code y[0 … n)}. */
  public static Ets fit(double[] y, int n) {
    Ets best = null;
    for (Form f : Form.values()) {
      if (f.season && n < 2 * M * INIT_SEASONS) {
        continue;
      }
      Ets e = fit(f, y, n);
      if (best == null || e.aic < best.aic) {
        best = e;
      }
    }
    return best;
  }

  /** One form fitted to {@code y[0 … n)} by minimising the one-step SSE. */
  public static Ets fit(Form form, double[] y, int n) {
    double[] init = initialStates(form, y, n);
    MultivariateFunction sse = u -> sse(form, params(u), init, y, n);
    double[] start = {0, -1, -2, 0.5};
    SimplexOptimizer opt = new SimplexOptimizer(1e-10, 1e-12);
    PointValuePair p = null;
    for (int restart = 0; restart < 2; restart++) {
      p =
          opt.optimize(
              new MaxEval(4000),
              new ObjectiveFunction(sse),
              GoalType.MINIMIZE,
              new InitialGuess(p == null ? start : p.getPoint()),
              new NelderMeadSimplex(new double[] {1, 1, 1, 1}));
    }
    double aic = n * Math.log(Math.max(p.getValue(), 1e-300) / n) + 2 * form.k();
    return new Ets(form, params(p.getPoint()), init, aic);
  }

  /** {@code (α, β, γ, φ)} from unconstrained {@code u}, inside the admissible region. */
  private static double[] params(double[] u) {
    double a = 0.0001 + 0.9998 * logistic(u[0]);
    return new double[] {
      a, a * logistic(u[1]), (1 - a) * logistic(u[2]), 0.8 + 0.18 * logistic(u[3])
    };
  }

  private static double logistic(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  private static double[] initialStates(Form form, double[] y, int n) {
    int len = Math.min(n, M * INIT_SEASONS);
    int seasons = Math.max(1, len / M);
    double[] init = new double[2 + M];
    double[] means = new double[seasons];
    for (int j = 0; j < seasons; j++) {
      for (int i = 0; i < M && j * M + i < n; i++) {
        means[j] += y[j * M + i] / M;
      }
    }
    double level = 0;
    for (double v : means) {
      level += v / seasons;
    }
    init[0] = level;
    init[1] = form.trend && seasons > 1 ? (means[seasons - 1] - means[0]) / ((seasons - 1) * M) : 0;
    if (form.season) {
      for (int i = 0; i < M; i++) {
        double d = 0;
        for (int j = 0; j < seasons; j++) {
          d += (y[j * M + i] - means[j]) / seasons;
        }
        init[2 + i] = d; // the seasonal of phase i (t ≡ i mod m)
      }
    }
    return init;
  }

  /** One-step SSE of {@code theta = (α, β, γ, φ)} over {@code y[0 … n)}. */
  private static double sse(Form f, double[] theta, double[] init, double[] y, int n) {
    Filter s = new Filter(f, theta, init);
    double sum = 0;
    for (int t = 0; t < n; t++) {
      double e = y[t] - s.forecast(t, 1);
      sum += e * e;
      s.update(t, e);
    }
    return Double.isFinite(sum) ? sum : Double.MAX_VALUE;
  }

  /**
   * Runs the fitted model through {@code y[0 … end)}, forecasting from every origin {@code t ≥
   * firstOrigin}.
   *
   * @return {@code f[t − firstOrigin][h − 1] = ŷ_{t+h|t}} for {@code h = 1 … maxH}
   */
  public double[][] forecasts(double[] y, int end, int firstOrigin, int maxH) {
    Filter s = new Filter(form, new double[] {alpha, beta, gamma, phi}, init);
    double[][] out = new double[Math.max(0, end - firstOrigin)][maxH];
    for (int t = 0; t < end; t++) {
      s.update(t, y[t] - s.forecast(t, 1));
      if (t >= firstOrigin) {
        for (int h = 1; h <= maxH; h++) {
          out[t - firstOrigin][h - 1] = s.forecast(t + 1, h);
        }
      }
    }
    return out;
  }

  public Form form() {
    return form;
  }

  /** For reports: form and parameters. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "ETS(%s) α=%.3f β=%.3f γ=%.3f φ=%.3f", form, alpha, beta, gamma, phi);
  }

  /** The state (ℓ, b, s) and its updates. */
  private static final class Filter {
    final Form f;
    final double alpha;
    final double beta;
    final double gamma;
    final double phi;
    double level;
    double trend;
    final double[] season = new double[M]; // season[i]: latest seasonal of phase i

    Filter(Form f, double[] theta, double[] init) {
      this.f = f;
      this.alpha = theta[0];
      this.beta = f.trend ? theta[1] : 0;
      this.gamma = f.season ? theta[2] : 0;
      this.phi = f.trend ? theta[3] : 1;
      this.level = init[0];
      this.trend = f.trend ? init[1] : 0;
      System.arraycopy(init, 2, season, 0, M);
    }

    /** {@code ŷ_{t−1+h}} from the state after {@code t − 1}: the forecast of position t−1+h. */
    double forecast(int t, int h) {
      double damp = 0;
      double p = 1;
      for (int i = 1; i <= h; i++) {
        p *= phi;
        damp += p;
      }
      return level + (f.trend ? damp * trend : 0) + season[Math.floorMod(t + h - 1, M)];
    }

    /** Applies observation {@code t}'s one-step error. */
    void update(int t, double e) {
      double grown = level + (f.trend ? phi * trend : 0);
      trend = f.trend ? phi * trend + beta * e : 0;
      level = grown + alpha * e;
      season[Math.floorMod(t, M)] += gamma * e;
    }
  }
}
