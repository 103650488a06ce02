package io.statecast.eval;

/**
 * Pooled point-forecast errors over {@code n} scored points {@code (y, ŷ)}:
 *
 * <pre>
 * MAE   = Σ|y − ŷ| / n
 * RMSE  = √(Σ(y − ŷ)² / n)
 * sMAPE = 100 · Σ 2|y − ŷ| / (|y| + |ŷ|) / n      (a term with y = ŷ = 0 counts 0)
 * </pre>
 *
 * sMAPE in percent, in the form of Makridakis (1993) used by the M3/M4 competitions, on a 0–200
 * scale.
 */
public final class Metrics {

  private long n;
  private double absolute;
  private double squared;
  private double symmetric;

  /** Scores one forecast. */
  public void add(double actual, double forecast) {
    double e = actual - forecast;
    n++;
    absolute += Math.abs(e);
    squared += e * e;
    double d = Math.abs(actual) + Math.abs(forecast);
    symmetric += d == 0 ? 0 : 2 * Math.abs(e) / d;
  }

  /** Adds another accumulator's points. */
  public void addAll(Metrics other) {
    n += other.n;
    absolute += other.absolute;
    squared += other.squared;
    symmetric += other.symmetric;
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
}
