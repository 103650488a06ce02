package io.statecast.serve;

import io.statecast.model.HeadSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the APIs return of one row of a head's output, {@code v[from … from + outputs())} in target
 * units as {@link io.statecast.features.FeatureEncoder#forecastToUnits} finished it (each step's
 * quantiles sorted, clipped where the head is non-negative): the point forecast — a quantile head's
 * median block, a point head's only block — and, for a quantile head, its central intervals ({@link
 * HeadSpec#intervals()}, widest first), each the blocks of its levels {@code τ} and {@code 1 − τ}.
 */
final class HeadOutputs {

  /** The point forecast's tensor in the Open Inference Protocol. */
  static final String FORECAST = "forecast";

  private HeadOutputs() {}

  /** The point forecast, {@code horizon} values, step 1 first. */
  static float[] point(HeadSpec head, float[] v, int from) {
    int start = from + head.pointOffset();
    return Arrays.copyOfRange(v, start, start + head.horizon());
  }

  /** The head's central intervals in {@code v}; null for a point head. */
  static List<IntervalValues> intervals(HeadSpec head, float[] v, int from) {
    if (!head.probabilistic()) {
      return null;
    }
    List<IntervalValues> out = new ArrayList<>();
    for (HeadSpec.Interval in : head.intervals()) {
      int lo = from + in.lowerOffset();
      int hi = from + in.upperOffset();
      out.add(
          new IntervalValues(
              coverage(in),
              Arrays.copyOfRange(v, lo, lo + head.horizon()),
              Arrays.copyOfRange(v, hi, hi + head.horizon())));
    }
    return out;
  }

  /**
   * The nominal coverage {@code 1 − 2τ}, rounded to 9 decimals so that the levels' binary rounding
   * does not show (0.8, not 0.8000000000000002).
   */
  static double coverage(HeadSpec.Interval in) {
    return Math.round(in.coverage() * 1e9) / 1e9;
  }

  /**
   * The lower bound's tensor name: {@code lower_} and the coverage in percent, a fraction's point
   * written {@code _} ({@code lower_80}, {@code lower_97_5}).
   */
  static String lowerName(HeadSpec.Interval in) {
    return "lower_" + percent(in);
  }

  /** The upper bound's tensor name: {@code upper_80}, as {@link #lowerName}. */
  static String upperName(HeadSpec.Interval in) {
    return "upper_" + percent(in);
  }

  private static String percent(HeadSpec.Interval in) {
    double p = Math.round(in.coverage() * 1e6) / 1e4; // at most 4 decimals of a percent
    return BigDecimal.valueOf(p).stripTrailingZeros().toPlainString().replace('.', '_');
  }

  /**
   * One central interval of a forecast, in the stateful API's JSON.
   *
   * @param coverage its nominal coverage, e.g. 0.8 for the levels 0.1 and 0.9
   * @param lower the lower bound per step (level {@code τ}), in target units
   * @param upper the upper bound per step (level {@code 1 − τ})
   */
  record IntervalValues(double coverage, float[] lower, float[] upper) {}
}
