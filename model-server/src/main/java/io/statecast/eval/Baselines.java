package io.statecast.eval;

import java.util.Arrays;

/**
 * The naive baselines of the protocol, forecasting {@code y_{t+h}} from the observations up to the
 * origin {@code t} (positions are observation indices: for a key with missing periods, "m back" is
 * {@code m} observations back), with {@code m} the seasonal period (7 for daily data):
 *
 * <pre>
 * persistence     ŷ_{t+h} = y_t
 * seasonal naive  ŷ_{t+h} = y_{t+h−m⌈h/m⌉}        (m = 7: the same weekday last week)
 * mean of m       ŷ_{t+h} = (y_{t−m+1} + … + y_t) / m
 * </pre>
 *
 * (Hyndman and Athanasopoulos, "Forecasting: Principles and Practice", 3rd ed., §5.2.)
 *
 * <p>Their intervals are empirical: the {@code τ}-quantile of a method's forecast {@code h} steps
 * ahead is {@code ŷ_{t+h} + Q_τ(r^h)}, where {@code r^h} are the method's own {@code h}-step
 * residuals {@code y_{s+h} − ŷ_{s+h|s}} over the key's training part (every origin {@code s} with
 * {@code s + h} in it) and {@code Q_τ} the sample quantile with linear interpolation (Hyndman and
 * Fan 1996, type 7). They assume only that errors to come are distributed like past ones.
 */
public final class Baselines {

  /** The seasonal period of daily data. */
  public static final int PERIOD = 7;

  private Baselines() {}

  /** A naive forecast of {@code y_{t+h}} from {@code y[0 … t]}. */
  @FunctionalInterface
  public interface Naive {
    double forecast(double[] y, int t, int h);

    /** The first origin with enough history for it. */
    default int firstOrigin() {
      return 0;
    }
  }

  /** {@code ŷ_{t+h} = y_t}. */
  public static double persistence(double[] y, int t, int h) {
    return y[t];
  }

  /** {@code ŷ_{t+h} = y_{t+h−m⌈h/m⌉}}, weekly. */
  public static double seasonalNaive(double[] y, int t, int h) {
    return seasonalNaive(y, t, h, PERIOD);
  }

  /** {@code ŷ_{t+h} = y_{t+h−m⌈h/m⌉}}. */
  public static double seasonalNaive(double[] y, int t, int h, int m) {
    int back = m * ((h + m - 1) / m);
    return y[t + h - back];
  }

  /** The mean of the last 7 values. */
  public static double meanOfLast(double[] y, int t, int h) {
    return meanOf(y, t, PERIOD);
  }

  /** The mean of {@code y[t − w + 1 … t]}. */
  public static double meanOf(double[] y, int t, int w) {
    double s = 0;
    for (int i = t - w + 1; i <= t; i++) {
      s += y[i];
    }
    return s / w;
  }

  /** Persistence as a {@link Naive}. */
  public static Naive persistence() {
    return Baselines::persistence;
  }

  /** The seasonal naive of period {@code m} as a {@link Naive}. */
  public static Naive seasonalNaive(int m) {
    return new Naive() {
      @Override
      public double forecast(double[] y, int t, int h) {
        return seasonalNaive(y, t, h, m);
      }

      @Override
      public int firstOrigin() {
        return m - 1;
      }
    };
  }

  /** The mean of the last {@code w} values as a {@link Naive}. */
  public static Naive meanOf(int w) {
    return new Naive() {
      @Override
      public double forecast(double[] y, int t, int h) {
        return meanOf(y, t, w);
      }

      @Override
      public int firstOrigin() {
        return w - 1;
      }
    };
  }

  /**
   * The MASE scale: the in-sample MAE of the seasonal naive at lag {@code m} on {@code y[0 … n)},
   * {@code Σ_{t=m}^{n−1} |y_t − y_{t−m}| / (n − m)}; NaN when {@code n ≤ m}.
   */
  public static double scale(double[] y, int n, int m) {
    if (n <= m) {
      return Double.NaN;
    }
    double s = 0;
    for (int t = m; t < n; t++) {
      s += Math.abs(y[t] - y[t - m]);
    }
    return s / (n - m);
  }

  /**
   * The empirical residual quantiles of {@code f} on {@code y[0 … n)}.
   *
   * @return {@code out[h − 1][i]}: {@code Q_{τ_i}} of the {@code h}-step residuals, for {@code h =
   *     1 … maxH}; a row of NaN where the training part has no {@code h}-step residual
   */
  public static double[][] residualQuantiles(
      Naive f, double[] y, int n, int maxH, QuantileLevels levels) {
    double[][] out = new double[maxH][levels.size()];
    for (int h = 1; h <= maxH; h++) {
      int from = f.firstOrigin();
      int count = Math.max(0, n - h - from);
      double[] r = new double[count];
      for (int s = from; s < n - h; s++) {
        r[s - from] = y[s + h] - f.forecast(y, s, h);
      }
      Arrays.sort(r);
      for (int i = 0; i < levels.size(); i++) {
        out[h - 1][i] = quantile(r, levels.level(i));
      }
    }
    return out;
  }

  /** The type-7 sample quantile of sorted {@code v}: NaN when empty. */
  static double quantile(double[] sorted, double tau) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = tau * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
