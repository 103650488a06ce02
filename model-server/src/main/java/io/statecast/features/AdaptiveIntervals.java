package io.statecast.features;

import io.statecast.model.HeadSpec;
import java.util.Arrays;
import java.util.List;

/**
 * Online calibration of a quantile head's central intervals per key, as actuals arrive: the
 * quantile tracker of conformal PID control (Angelopoulos, Candès and Tibshirani 2023), the
 * score-scale form of adaptive conformal inference (Gibbs and Candès 2021). The static conformal
 * adjustment that training folds into the head ({@code io.statecast.train.Conformal}) calibrates
 * the validation part; when a key's errors later grow or shrink, this keeps its coverage at the
 * nominal level.
 *
 * <p>For each interval {@code i} of nominal coverage {@code 1 − α_i} and each step {@code j}, a key
 * keeps an offset {@code δ_ij} (in its standard deviations {@code σ_k}, so one rate suits keys of
 * any scale) and serves
 *
 * <pre>
 * [lo_ij − δ_ij σ_k,  hi_ij + δ_ij σ_k]          lo, hi: the row as the head finished it
 * </pre>
 *
 * kept nested (every interval inside the wider ones, the median inside every interval) and clipped
 * at zero for a non-negative head. When the actual {@code y} for the forecast made {@code j} events
 * earlier arrives, its served step-{@code j} interval is scored, {@code e = 1} when {@code y} lies
 * outside it and 0 inside, and
 *
 * <pre>
 * δ_ij ← clamp(δ_ij + η (e − α_i), −{@value #LIMIT}, {@value #LIMIT})
 * </pre>
 *
 * so each miss widens by {@code η (1 − α)} and each hit narrows by {@code η α}: the long-run share
 * of misses of every key tends to {@code α} whatever the errors do (Angelopoulos et al., Prop. 1:
 * within {@code (2 · LIMIT + η) / (η T)} after {@code T} actuals while the offset stays inside its
 * bounds). A miss or hit that no offset can change is not counted: an actual at a non-negative
 * head's zero with the interval's lower bound there too (a count series' zeros tie with the
 * interval's floor, see docs/evaluation.md).
 *
 * <p>"The forecast made {@code j} events earlier" counts the key's observations, as training and
 * the evaluation count steps. Per key the tracker keeps, as a flat {@code float[]}:
 *
 * <pre>
 * offsets  (I, H)          δ_ij
 * pending  (I, 2, H(H+1)/2) for every step j and every d ≤ j, the bounds that the forecast made
 *                          j − d events ago served for its step j, due at the key's d-th next
 *                          event; NaN where none (the key's first events)
 * </pre>
 *
 * Immutable and thread-safe; the per-key arrays are the caller's.
 */
public final class AdaptiveIntervals {

  /** The offsets' bound, in the key's standard deviations. */
  public static final float LIMIT = 4f;

  private final HeadSpec head;
  private final int horizon;
  private final int intervals;
  private final int[] lower;
  private final int[] upper;
  private final double[] alpha;
  private final int median;
  private final int triangle;
  private final double rate;

  /**
   * The tracker of a quantile head.
   *
   * @param rate the step {@code η} in standard deviations, in (0, 1]
   */
  public AdaptiveIntervals(HeadSpec head, double rate) {
    if (!head.probabilistic()) {
      throw new IllegalArgumentException("only a quantile head has intervals to adapt");
    }
    if (!(rate > 0 && rate <= 1)) {
      throw new IllegalArgumentException("the adaptation rate must be in (0, 1], got " + rate);
    }
    this.head = head;
    this.rate = rate;
    this.horizon = head.horizon();
    List<HeadSpec.Interval> list = head.intervals();
    this.intervals = list.size();
    this.lower = new int[intervals];
    this.upper = new int[intervals];
    this.alpha = new double[intervals];
    for (int i = 0; i < intervals; i++) {
      lower[i] = list.get(i).lowerOffset();
      upper[i] = list.get(i).upperOffset();
      alpha[i] = 1 - list.get(i).coverage();
    }
    this.median = head.pointOffset();
    this.triangle = horizon * (horizon + 1) / 2;
  }

  /** The tracker the model's head declares ({@link HeadSpec#adaptiveRate()}), or null for none. */
  public static AdaptiveIntervals of(HeadSpec head) {
    return head.adaptiveRate() > 0 ? new AdaptiveIntervals(head, head.adaptiveRate()) : null;
  }

  /** The rate {@code η}. */
  public double rate() {
    return rate;
  }

  /** Floats per key: {@code I·H} offsets and {@code I·2·H(H+1)/2} pending bounds. */
  public int stateSize() {
    return intervals * horizon + intervals * 2 * triangle;
  }

  /** A key's state before its first event: no offset, nothing pending. */
  public float[] initialState() {
    float[] s = new float[stateSize()];
    Arrays.fill(s, intervals * horizon, s.length, Float.NaN);
    return s;
  }

  /** Whether {@code s} is a state of this tracker (its size), so that a model change resets it. */
  public boolean fits(float[] s) {
    return s != null && s.length == stateSize();
  }

  /** The offset {@code δ_ij} (0-based interval and step) in {@code s}. */
  public float offset(float[] s, int interval, int step) {
    return s[interval * horizon + step];
  }

  /**
   * One event of a key: scores {@code actual} against the intervals due now and updates the
   * offsets, then adapts the row just forecast, {@code row[at … at + outputs)} in target units as
   * the head finished it, in place, and keeps its intervals pending.
   *
   * @param s the key's tracker state ({@link #initialState()} at its first event), updated
   * @param actual the event's target in units (NaN: none, nothing is scored)
   * @param scale the key's standard deviation {@code σ_k} in target units
   */
  public void step(float[] s, double actual, double scale, float[] row, int at) {
    if (!Double.isNaN(actual)) {
      score(s, actual);
    }
    shift(s);
    adapt(s, scale, row, at);
    for (int i = 0; i < intervals; i++) {
      for (int j = 0; j < horizon; j++) {
        int e = pending(i, j, j); // due at the key's (j + 1)-th next event
        s[e] = row[at + lower[i] + j];
        s[e + triangle] = row[at + upper[i] + j];
      }
    }
  }

  /** Offsets from the intervals due at this event ({@code d = 0}). */
  private void score(float[] s, double y) {
    for (int i = 0; i < intervals; i++) {
      for (int j = 0; j < horizon; j++) {
        int e = pending(i, j, 0);
        float lo = s[e];
        float hi = s[e + triangle];
        if (Float.isNaN(lo) || Float.isNaN(hi) || tiedAtZero(y, lo)) {
          continue;
        }
        double miss = y < lo || y > hi ? 1 : 0;
        int o = i * horizon + j;
        s[o] = (float) Math.max(-LIMIT, Math.min(LIMIT, s[o] + rate * (miss - alpha[i])));
      }
    }
  }

  private boolean tiedAtZero(double y, float lo) {
    return head.nonNegative() && y <= 0 && lo <= 0;
  }

  /** Every pending bound moves one event closer; those due now are consumed. */
  private void shift(float[] s) {
    for (int i = 0; i < intervals; i++) {
      for (int side = 0; side < 2; side++) {
        for (int j = 0; j < horizon; j++) {
          int from = pending(i, j, 0) + side * triangle;
          System.arraycopy(s, from + 1, s, from, j);
          s[from + j] = Float.NaN;
        }
      }
    }
  }

  /** Widens (or narrows) each interval by its offset, nested and clipped as the head's rows are. */
  private void adapt(float[] s, double scale, float[] row, int at) {
    for (int j = 0; j < horizon; j++) {
      float innerLo = row[at + median + j];
      float innerHi = innerLo;
      for (int i = intervals - 1; i >= 0; i--) { // narrowest first
        double d = s[i * horizon + j] * scale;
        float lo = (float) Math.min(row[at + lower[i] + j] - d, innerLo);
        float hi = (float) Math.max(row[at + upper[i] + j] + d, innerHi);
        if (head.nonNegative()) {
          lo = Math.max(0f, lo);
          hi = Math.max(0f, hi);
        }
        row[at + lower[i] + j] = lo;
        row[at + upper[i] + j] = hi;
        innerLo = lo;
        innerHi = hi;
      }
    }
  }

  /**
   * Index of interval {@code i}'s pending lower bound for step {@code j} (0-based) due at the key's
   * {@code (d + 1)}-th next event ({@code d ≤ j}); the upper bound is {@code triangle} further.
   */
  private int pending(int i, int j, int d) {
    return intervals * horizon + i * 2 * triangle + j * (j + 1) / 2 + d;
  }
}
