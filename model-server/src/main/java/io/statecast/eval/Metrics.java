package io.statecast.eval;

import java.util.List;

/**
 * Pooled forecast errors over {@code n} scored points {@code (y, ŷ)}:
 *
 * <pre>
 * MAE   = Σ|y − ŷ| / n
 * RMSE  = √(Σ(y − ŷ)² / n)
 * sMAPE = 100 · Σ 2|y − ŷ| / (|y| + |ŷ|) / n      (a term with y = ŷ = 0 counts 0)
 * MASE  = Σ |y − ŷ| / s_k / n                       (s_k: the key's scale, below)
 * </pre>
 *
 * sMAPE in percent, in the form of Makridakis (1993) used by the M3/M4 competitions, on a 0–200
 * scale. MASE is the mean absolute scaled error of Hyndman and Koehler (2006), each error divided
 * by its key's in-sample MAE of the seasonal naive forecast at lag {@code m} on the training part,
 * {@code s_k = Σ_{t=m}^{n_train−1} |y_t − y_{t−m}| / (n_train − m)}; it stays meaningful on series
 * with zeros, where sMAPE does not. Points of a key whose scale is zero (a constant training part)
 * are left out of MASE only.
 *
 * <p>For a method with quantiles at {@link QuantileLevels} {@code τ_1 … τ_Q}, also:
 *
 * <pre>
 * coverage of each central interval [q_τ, q_{1−τ}]  = share of points with q_τ ≤ y ≤ q_{1−τ}
 * pinball = Σ_points (1/Q) Σ_q ρ_{τ_q}(y − q_{τ_q}) / n
 * CRPS    ≈ Σ_points (2/Q) Σ_q ρ_{τ_q}(y − q_{τ_q}) / n = 2 · pinball
 * </pre>
 *
 * The CRPS is the quantile approximation of {@code CRPS(F, y) = 2 ∫_0^1 ρ_τ(y − F^{-1}(τ)) dτ}
 * (Gneiting and Raftery 2007; Gneiting and Ranjan 2011), exact as the levels fill (0, 1) evenly.
 */
public final class Metrics {

  private final QuantileLevels levels;
  private final List<QuantileLevels.Interval> intervals;
  private long n;
  private double absolute;
  private double squared;
  private double symmetric;
  private long scaledN;
  private double scaled;
  private long quantileN;
  private double pinball;
  private final long[] inside;

  /** Point metrics only. */
  public Metrics() {
    this(null);
  }

  /** Point metrics, and interval metrics at {@code levels} (null: none). */
  public Metrics(QuantileLevels levels) {
    this.levels = levels;
    this.intervals = levels == null ? List.of() : levels.intervals();
    this.inside = new long[intervals.size()];
  }

  /** Scores one point forecast. */
  public void add(double actual, double forecast) {
    double e = actual - forecast;
    n++;
    absolute += Math.abs(e);
    squared += e * e;
    double d = Math.abs(actual) + Math.abs(forecast);
    symmetric += d == 0 ? 0 : 2 * Math.abs(e) / d;
  }

  /** Scores one point forecast of a key whose MASE scale is {@code scale}. */
  public void add(double actual, double forecast, double scale) {
    add(actual, forecast);
    if (scale > 0 && Double.isFinite(scale)) {
      scaledN++;
      scaled += Math.abs(actual - forecast) / scale;
    }
  }

  /**
   * Scores one forecast's quantiles.
   *
   * @param q the quantiles at the levels, {@code q[i]} of level {@code τ_i}, non-decreasing
   */
  public void addQuantiles(double actual, double[] q) {
    if (levels == null || q.length != levels.size()) {
      throw new IllegalArgumentException("quantiles do not match the levels " + levels);
    }
    quantileN++;
    double sum = 0;
    for (int i = 0; i < q.length; i++) {
      sum += QuantileLevels.pinball(levels.level(i), actual, q[i]);
    }
    pinball += sum / q.length;
    for (int k = 0; k < inside.length; k++) {
      QuantileLevels.Interval iv = intervals.get(k);
      if (q[iv.lower()] <= actual && actual <= q[iv.upper()]) {
        inside[k]++;
      }
    }
  }

  /** Adds another accumulator's points (both at the same levels). */
  public void addAll(Metrics other) {
    n += other.n;
    absolute += other.absolute;
    squared += other.squared;
    symmetric += other.symmetric;
    scaledN += other.scaledN;
    scaled += other.scaled;
    quantileN += other.quantileN;
    pinball += other.pinball;
    for (int k = 0; k < inside.length && k < other.inside.length; k++) {
      inside[k] += other.inside[k];
    }
  }

  public long n() {
    return n;
  }

  public double mae() {
    return n == 0 ? Double.NaN : absolute / n;
  }

  public double rmse() {
    return n == 0 ? Double.NaN : Math.sqrt(squared / n);
  }

  public double smape() {
    return n == 0 ? Double.NaN : 100 * symmetric / n;
  }

  /** Mean absolute scaled error; NaN when no point had a scale. */
  public double mase() {
    return scaledN == 0 ? Double.NaN : scaled / scaledN;
  }

  /** Whether quantiles were scored. */
  public boolean hasQuantiles() {
    return quantileN > 0;
  }

  /** The central intervals scored (empty without levels). */
  public List<QuantileLevels.Interval> intervals() {
    return intervals;
  }

  /** Empirical coverage of interval {@code k} of {@link #intervals()}. */
  public double coverage(int k) {
    return quantileN == 0 ? Double.NaN : (double) inside[k] / quantileN;
  }

  /** Mean pinball loss over points and levels. */
  public double pinball() {
    return quantileN == 0 ? Double.NaN : pinball / quantileN;
  }

  /** The quantile approximation of the mean CRPS, {@code 2 · pinball}. */
  public double crps() {
    return 2 * pinball();
  }
}
