package io.statecast.features;

import io.statecast.avro.ForecastInterval;
import io.statecast.model.HeadSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of a head's output in target units, {@code v[from … from + outputs())} as {@link
 * FeatureEncoder#forecastToUnits} finished it, as the Avro {@code Forecast} carries it: the point
 * forecast (a quantile head's median block, a point head's only block) and a quantile head's
 * central intervals ({@link HeadSpec#intervals()}, widest first).
 */
public final class ForecastIntervals {

  private ForecastIntervals() {}

  /** The point forecast: {@code horizon} values, step 1 first. */
  public static List<Float> point(HeadSpec head, float[] v, int from) {
    return block(v, from + head.pointOffset(), head.horizon());
  }

  /** The central intervals of a quantile head; null for a point head. */
  public static List<ForecastInterval> of(HeadSpec head, float[] v, int from) {
    if (!head.probabilistic()) {
      return null;
    }
    List<ForecastInterval> out = new ArrayList<>();
    for (HeadSpec.Interval in : head.intervals()) {
      out.add(
          new ForecastInterval(
              (float) in.coverage(),
              block(v, from + in.lowerOffset(), head.horizon()),
              block(v, from + in.upperOffset(), head.horizon())));
    }
    return out;
  }

  /**
   * How far outside {@code [lower, upper]} the actual lies, in widths of the interval: 0 inside,
   * {@code (lower − y) / w} below, {@code (y − upper) / w} above, with {@code w = upper − lower};
   * infinite outside a degenerate interval ({@code w ≤ 0}). The score of an anomaly flag.
   */
  public static double outside(double actual, double lower, double upper) {
    double width = upper - lower;
    double outside = actual < lower ? lower - actual : actual > upper ? actual - upper : 0;
    if (outside == 0) {
      return 0;
    }
    return width > 0 ? outside / width : Double.POSITIVE_INFINITY;
  }

  private static List<Float> block(float[] v, int from, int n) {
    List<Float> out = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      out.add(v[from + j]);
    }
    return out;
  }
}
