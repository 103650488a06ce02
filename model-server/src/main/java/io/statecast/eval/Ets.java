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
 * additive damped trend and an optional additive season of period {@code m} (Hyndman, Koehler, Ord
 * and Snyder, "Forecasting with Exponential Smoothing", 2008, §2.3; Gardner and McKenzie 1985 for
 * the damped trend). With the one-step error {@code e_t = y_t − ŷ_{t|t−1}}:
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
 * the mean deviation of each phase; trend: the change between the first and last of them). The
 * parameters are then frozen and the filter runs through the test part, forecasting from every
 * origin.
 *
 * <p>Prediction intervals are the analytic ones of the class-1 (additive error) models (Hyndman et
 * al. 2008, ch. 6, Table 6.1): with {@code σ² = SSE / n} the one-step variance on the training
 * part, the {@code h}-step forecast error has variance
 *
 * <pre>
 * v_h = σ² [1 + Σ_{j=1}^{h−1} c_j²]      c_j = α + β (φ + φ² + … + φ^j) + γ · 1{j mod m = 0}
 * </pre>
 *
 * (A,N,N: {@code σ²[1 + α²(h−1)]}; A,N,A: {@code σ²[1 + Σ (α + γ·1{j mod m = 0})²]}), and the
 * errors are Gaussian, so the {@code τ}-quantile is {@code ŷ_{t+h|t} + Φ^{-1}(τ) √v_h}.
 */
public final class Ets {

  /** The default seasonal period (daily data, a weekly season). */
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
    int k(int m) {
      return 2 + (trend ? 3 : 0) + (season ? m : 0);
    }

    @Override
    public String toString() {
      return "A," + (trend ? "Ad" : "N") + "," + (season ? "A" : "N");
    }
  }

  private final Form form;
  private final int m;
  private final double sigma2;
  private final double alpha;
  private final double beta;
  private final double gamma;
  private final double phi;
  private final double[] init; // [ℓ0, b0, s_{1−m} … s_0]
  private final double aic;

  private Ets(Form form, int m, double[] theta, double[] init, double sse, int n) {
    this.form = form;
    this.m = m;
    this.sigma2 = sse / n;
    this.alpha = theta[0];
    this.beta = theta[1];
    this.gamma = theta[2];
    this.phi = theta[3];
    this.init = init;
    this.aic = n * Math.log(Math.max(sse, 1e-300) / n) + 2 * form.k(m);
  }

  /** The form with the lowest AIC, fitted to {@code y[0 … n)}, weekly season. */
  public static Ets fit(double[] y, int n) {
    return fit(y, n, M);
  }

  /** The form with the lowest AIC, fitted to {@code y[0 … n)}, season of period {@code m}. */
  public static Ets fit(double[] y, int n, int m) {
    Ets best = null;
    for (Form f : Form.values()) {
      if (f.season && n < 2 * m * INIT_SEASONS) {
        continue;
      }
      Ets e = fit(f, y, n, m);
      if (best == null || e.aic < best.aic) {
        best = e;
      }
    }
    return best;
  }

  /** One form fitted to {@code y[0 … n)} by minimising the one-step SSE. */
  public static Ets fit(Form form, double[] y, int n, int m) {
    if (m < 1) {
      throw new IllegalArgumentException("seasonal period must be at least 1, got " + m);
    }
    double[] init = initialStates(form, y, n, m);
    MultivariateFunction sse = u -> sse(form, m, params(u), init, y, n);
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
    return new Ets(form, m, params(p.getPoint()), init, p.getValue(), n);
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

  private static double[] initialStates(Form form, double[] y, int n, int m) {
    int len = Math.min(n, m * INIT_SEASONS);
    int seasons = Math.max(1, len / m);
    double[] init = new double[2 + m];
    double[] means = new double[seasons];
    for (int j = 0; j < seasons; j++) {
      for (int i = 0; i < m && j * m + i < n; i++) {
        means[j] += y[j * m + i] / m;
      }
    }
    double level = 0;
    for (double v : means) {
      level += v / seasons;
    }
    init[0] = level;
    init[1] = form.trend && seasons > 1 ? (means[seasons - 1] - means[0]) / ((seasons - 1) * m) : 0;
    if (form.season) {
      for (int i = 0; i < m; i++) {
        double d = 0;
        for (int j = 0; j < seasons; j++) {
          d += (y[j * m + i] - means[j]) / seasons;
        }
        init[2 + i] = d; // the seasonal of phase i (t ≡ i mod m)
      }
    }
    return init;
  }

  /** One-step SSE of {@code theta = (α, β, γ, φ)} over {@code y[0 … n)}. */
  private static double sse(Form f, int m, double[] theta, double[] init, double[] y, int n) {
    Filter s = new Filter(f, m, theta, init);
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
    Filter s = new Filter(form, m, new double[] {alpha, beta, gamma, phi}, init);
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

  /** The one-step error variance {@code σ² = SSE / n} on the training part. */
  public double sigma2() {
    return sigma2;
  }

  /** {@code v_h} for {@code h = 1 … maxH}: {@code out[h − 1]}. */
  public double[] forecastVariances(int maxH) {
    double[] v = new double[maxH];
    for (int h = 1; h <= maxH; h++) {
      v[h - 1] =
          sigma2
              * varianceFactor(
                  alpha,
                  form.trend ? beta : 0,
                  form.season ? gamma : 0,
                  form.trend ? phi : 1,
                  m,
                  h);
    }
    return v;
  }

  /** {@code v_h / σ² = 1 + Σ_{j=1}^{h−1} c_j²} of the class-1 models (see the class comment). */
  static double varianceFactor(double alpha, double beta, double gamma, double phi, int m, int h) {
    double sum = 1;
    double damp = 0;
    double p = 1;
    for (int j = 1; j < h; j++) {
      p *= phi;
      damp += p;
      double c = alpha + beta * damp + (j % m == 0 ? gamma : 0);
      sum += c * c;
    }
    return sum;
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
    final int m;
    final double[] season; // season[i]: latest seasonal of phase i

    Filter(Form f, int m, double[] theta, double[] init) {
      this.f = f;
      this.m = m;
      this.season = new double[m];
      this.alpha = theta[0];
      this.beta = f.trend ? theta[1] : 0;
      this.gamma = f.season ? theta[2] : 0;
      this.phi = f.trend ? theta[3] : 1;
      this.level = init[0];
      this.trend = f.trend ? init[1] : 0;
      System.arraycopy(init, 2, season, 0, m);
    }

    /** {@code ŷ_{t−1+h}} from the state after {@code t − 1}: the forecast of position t−1+h. */
    double forecast(int t, int h) {
      double damp = 0;
      double p = 1;
      for (int i = 1; i <= h; i++) {
        p *= phi;
        damp += p;
      }
      return level + (f.trend ? damp * trend : 0) + season[Math.floorMod(t + h - 1, m)];
    }

    /** Applies observation {@code t}'s one-step error. */
    void update(int t, double e) {
      double grown = level + (f.trend ? phi * trend : 0);
      trend = f.trend ? phi * trend + beta * e : 0;
      level = grown + alpha * e;
      season[Math.floorMod(t, m)] += gamma * e;
    }
  }
}
