package io.statecast.eval;

import io.statecast.model.HeadSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The quantile levels {@code τ_1 < … < τ_Q} every method with intervals is scored at, and the
 * central intervals they form: each {@code τ < 0.5} paired with {@code 1 − τ} is an interval of
 * nominal coverage {@code 1 − 2τ}, widest first. The levels are a quantile model's own ({@link
 * HeadSpec#quantiles()}), or {@link #DEFAULT} when the model forecasts a point.
 *
 * <p>The pinball (quantile) loss of a forecast {@code q} of level {@code τ} for the actual {@code
 * y} is {@code ρ_τ(y − q) = max(τ (y − q), (τ − 1)(y − q))} (Koenker and Bassett 1978).
 *
 * @param levels strictly increasing in (0, 1)
 */
public record QuantileLevels(double[] levels) {

  /** The levels used when the model has none: the 80% and 50% intervals and the median. */
  public static final QuantileLevels DEFAULT =
      new QuantileLevels(new double[] {0.1, 0.25, 0.5, 0.75, 0.9});

  public QuantileLevels {
    levels = levels.clone();
    double previous = 0;
    for (double q : levels) {
      if (!(q > previous && q < 1)) {
        throw new IllegalArgumentException(
            "quantile levels must be strictly increasing in (0, 1), got "
                + Arrays.toString(levels));
      }
      previous = q;
    }
  }

  /** The model's levels, or {@link #DEFAULT} for a point head. */
  public static QuantileLevels of(HeadSpec head) {
    if (!head.probabilistic()) {
      return DEFAULT;
    }
    return new QuantileLevels(head.quantiles().stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Number of levels {@code Q}. */
  public int size() {
    return levels.length;
  }

  public double level(int i) {
    return levels[i];
  }

  /** The central intervals, widest first. */
  public List<Interval> intervals() {
    List<Interval> out = new ArrayList<>();
    for (int lo = 0; lo < levels.length && levels[lo] < 0.5; lo++) {
      for (int hi = levels.length - 1; hi > lo; hi--) {
        if (Math.abs(levels[hi] - (1 - levels[lo])) < 1e-9) {
          out.add(new Interval(1 - 2 * levels[lo], lo, hi));
        }
      }
    }
    return out;
  }

  /** {@code ρ_τ(y − q)}. */
  public static double pinball(double tau, double actual, double quantile) {
    double u = actual - quantile;
    return u >= 0 ? tau * u : (tau - 1) * u;
  }

  @Override
  public double[] levels() {
    return levels.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuantileLevels q && Arrays.equals(levels, q.levels);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(levels);
  }

  @Override
  public String toString() {
    return Arrays.toString(levels);
  }

  /**
   * A central interval.
   *
   * @param coverage nominal coverage {@code 1 − 2τ}
   * @param lower index of its lower level {@code τ}
   * @param upper index of its upper level {@code 1 − τ}
   */
  public record Interval(double coverage, int lower, int upper) {

    /** Its name in reports: the coverage in percent, e.g. {@code "80"}. */
    public String name() {
      double pct = 100 * coverage;
      long r = Math.round(pct);
      return Math.abs(pct - r) < 1e-6 ? Long.toString(r) : Double.toString(pct);
    }
  }
}
