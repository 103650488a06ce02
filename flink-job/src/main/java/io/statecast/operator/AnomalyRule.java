package io.statecast.operator;

import io.statecast.avro.ForecastInterval;
import io.statecast.features.ForecastIntervals;
import java.io.Serializable;
import java.util.List;

/**
 * When an actual is an anomaly: the interval it is compared with and the score it must exceed.
 *
 * <p><b>Which forecast.</b> A forecast made at a key's event {@code t₀} predicts, in its first
 * step, the key's next event. When that next event {@code t₁} comes with a target {@code y}, it is
 * compared with the first step of one of the forecast's central intervals: the widest (the default)
 * or the one of the given coverage. It is not compared when the key paused: when {@code t₁ − t₀}
 * exceeds {@value #STEP_TOLERANCE} times the key's gap before {@code t₀} (the cadence the key last
 * showed), since the first step then forecast a time that passed without an event. At a key's
 * second event, whose cadence is not known yet, any gap is compared.
 *
 * <p><b>Score.</b> With {@code [l, u]} the interval and {@code w = u − l} its width: {@code s = 0}
 * for {@code l ≤ y ≤ u}, {@code s = (l − y) / w} below it and {@code s = (y − u) / w} above it: how
 * far outside the interval the actual lies, in widths of the interval, so that one threshold suits
 * keys of any scale and models of any spread. A degenerate interval ({@code w ≤ 0}) scores an
 * actual outside it as infinite. The actual is an anomaly when {@code s > threshold}.
 *
 * @param threshold the score above which an actual is an anomaly (0: every actual outside the
 *     interval)
 * @param coverage the coverage of the interval compared with, e.g. 0.8; 0: the widest the model has
 */
public record AnomalyRule(double threshold, double coverage) implements Serializable {

  /** The default threshold: half the interval's width beyond it (see docs/operations.md). */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** Compares with the widest interval, above {@link #DEFAULT_THRESHOLD}. */
  public static final AnomalyRule DEFAULT = new AnomalyRule(DEFAULT_THRESHOLD, 0);

  /** How much longer than the key's last gap the step may be and still be compared. */
  static final double STEP_TOLERANCE = 1.5;

  private static final double SAME_COVERAGE = 1e-4;

  public AnomalyRule {
    if (!(threshold >= 0) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException(
          "the anomaly threshold must be a finite number at least 0, got " + threshold);
    }
    if (!(coverage >= 0 && coverage < 1)) {
      throw new IllegalArgumentException(
          "the anomaly coverage must be in (0, 1), or 0 for the widest interval, got " + coverage);
    }
  }

  /** The interval to compare with among a forecast's (widest first), or null if it has none. */
  ForecastInterval choose(List<ForecastInterval> intervals) {
    if (intervals == null || intervals.isEmpty()) {
      return null;
    }
    if (coverage == 0) {
      return intervals.get(0);
    }
    for (ForecastInterval in : intervals) {
      if (Math.abs(in.getCoverage() - coverage) < SAME_COVERAGE) {
        return in;
      }
    }
    return null;
  }

  /**
   * The score of {@code actual} against {@code [lower, upper]} (see the class comment; {@link
   * ForecastIntervals#outside}).
   */
  static double score(double actual, double lower, double upper) {
    return ForecastIntervals.outside(actual, lower, upper);
  }

  /**
   * Whether an event {@code gap} after the forecast's event is the step it forecast, the key's gap
   * before that event having been {@code gapBefore} (0 or less: not known).
   */
  static boolean isNextStep(long gap, long gapBefore) {
    return gapBefore <= 0 || gap <= STEP_TOLERANCE * gapBefore;
  }
}
