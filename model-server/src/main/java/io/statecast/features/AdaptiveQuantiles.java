package io.statecast.features;

import io.statecast.model.Adaptation;
import io.statecast.model.HeadSpec;
import java.util.Arrays;

/**
 * Online adaptation of a quantile head's forecasts per key, as actuals arrive: every level's
 * forecast is moved by an offset that follows the pinball loss's subgradient, the quantile tracker
 * of conformal PID control (Angelopoulos, Candès and Tibshirani 2023; the score-scale form of
 * adaptive conformal inference, Gibbs and Candès 2021). Training's conformal adjustment ({@code
 * io.statecast.train.Conformal}) calibrates the validation part; when a key's level drifts or its
 * errors grow later, this keeps its median unbiased and its intervals at their coverage.
 *
 * <p>For each step {@code j}, a key keeps a shift {@code m_j} of the whole forecast, tracked on the
 * median, and for every other level {@code τ} an offset {@code s_τj}, all in its standard
 * deviations {@code σ_k} (so one step suits keys of any scale), and serves
 *
 * <pre>
 * q'_τj = q_τj + (m_j + s_τj) σ_k        q: the row as the head finished it (s_0.5 = 0)
 * </pre>
 *
 * clipped at zero for a non-negative head, and sorted per step as {@link HeadSpec#finish} serves
 * any row. When the actual {@code y} for the forecast made {@code j} events earlier arrives, each
 * level's own {@code q'} (before the sort, so that each offset answers for its own level even where
 * levels cross) takes one step of online gradient descent on the pinball loss {@code ρ_τ(y − q')}:
 *
 * <pre>
 * y > q':  offset += η τ         y < q':  offset −= η (1 − τ)         y = q': unchanged
 * clamped to [−{@value #LIMIT}, {@value #LIMIT}]
 * </pre>
 *
 * with {@code η = η_m} for the median's shift and {@code η_q} for the other levels ({@link
 * Adaptation}). Its fixed points are the quantiles: {@code P(y < q') ≤ τ ≤ P(y ≤ q')}, so the
 * long-run share of actuals below each level tends to {@code τ} for continuous data (Angelopoulos
 * et al., Prop. 1: within {@code (2 · LIMIT + η) / (η T)} after {@code T} actuals while the offset
 * stays inside its bounds), and for counts an actual tied with its quantile (a zero at a bound
 * clipped at zero) moves nothing, as the subgradient 0 of a discrete quantile allows. A central
 * interval {@code [q'_τ, q'_{1−τ}]} then covers {@code 1 − 2τ} of continuous actuals, and more of
 * counts, by their ties.
 *
 * <p>"The forecast made {@code j} events earlier" counts the key's observations, as training and
 * the evaluation count steps. Per key the tracker keeps, as a flat {@code float[]}:
 *
 * <pre>
 * offsets  (L, H)          s_τj, the median's row holding m_j
 * pending  (L, H(H+1)/2)   for every step j and every d ≤ j, level τ's own q' at step j of the
 *                          forecast made j − d events ago, due at the key's (d + 1)-th next event;
 *                          NaN where none (the key's first events)
 * </pre>
 *
 * Immutable and thread-safe; the per-key arrays are the caller's.
 */
public final class AdaptiveQuantiles {

  /** The offsets' bound, in the key's standard deviations. */
  public static final float LIMIT = 4f;

  private final HeadSpec head;
  private final int horizon;
  private final int levels;
  private final double[] tau;
  private final double[] rate;
  private final int median;
  private final int triangle;

  /** The tracker of a quantile head, stepping as {@code adaptation} says. */
  public AdaptiveQuantiles(HeadSpec head, Adaptation adaptation) {
    if (!head.probabilistic()) {
      throw new IllegalArgumentException("only a quantile head's forecasts adapt online");
    }
    this.head = head;
    this.horizon = head.horizon();
    this.levels = head.quantiles().size();
    this.tau = new double[levels];
    this.rate = new double[levels];
    this.median = head.quantiles().indexOf(HeadSpec.MEDIAN);
    for (int q = 0; q < levels; q++) {
      tau[q] = head.quantiles().get(q);
      rate[q] = q == median ? adaptation.median() : adaptation.intervals();
    }
    this.triangle = horizon * (horizon + 1) / 2;
  }

  /** The tracker the model's head declares ({@link HeadSpec#adaptation()}), or null for none. */
  public static AdaptiveQuantiles of(HeadSpec head) {
    return head.adaptation() == null ? null : new AdaptiveQuantiles(head, head.adaptation());
  }

  /** Floats per key: {@code L·H} offsets and {@code L·H(H+1)/2} pending values. */
  public int stateSize() {
    return levels * horizon + levels * triangle;
  }

  /** A key's state before its first event: no offset, nothing pending. */
  public float[] initialState() {
    float[] s = new float[stateSize()];
    Arrays.fill(s, levels * horizon, s.length, Float.NaN);
    return s;
  }

  /** Whether {@code s} is a state of this tracker (its size), so that a model change resets it. */
  public boolean fits(float[] s) {
    return s != null && s.length == stateSize();
  }

  /**
   * The offset of level {@code level} (0-based, the head's order) at step {@code step} (0-based) in
   * {@code s}: the whole forecast's shift {@code m_j} for the median, {@code s_τj} otherwise.
   */
  public float offset(float[] s, int level, int step) {
    return s[level * horizon + step];
  }

  /**
   * One event of a key: scores {@code actual} against the values due now and updates the offsets,
   * then adapts the row just forecast, {@code row[at … at + outputs)} in target units as the head
   * finished it, in place, keeping each level's own value pending.
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
    for (int q = 0; q < levels; q++) {
      for (int j = 0; j < horizon; j++) {
        double o = q == median ? s[q * horizon + j] : s[median * horizon + j] + s[q * horizon + j];
        float v = (float) (row[at + q * horizon + j] + o * scale);
        if (head.nonNegative()) {
          v = Math.max(0f, v);
        }
        row[at + q * horizon + j] = v;
        s[pending(q, j, j)] = v; // due at the key's (j + 1)-th next event
      }
    }
    head.finish(row, at);
  }

  /** Offsets from the values due at this event ({@code d = 0}). */
  private void score(float[] s, double y) {
    for (int q = 0; q < levels; q++) {
      if (rate[q] == 0) {
        continue;
      }
      for (int j = 0; j < horizon; j++) {
        float v = s[pending(q, j, 0)];
        if (Float.isNaN(v) || y == v) {
          continue;
        }
        double step = y > v ? rate[q] * tau[q] : -rate[q] * (1 - tau[q]);
        int o = q * horizon + j;
        s[o] = (float) Math.max(-LIMIT, Math.min(LIMIT, s[o] + step));
      }
    }
  }

  /** Every pending value moves one event closer; those due now are consumed. */
  private void shift(float[] s) {
    for (int q = 0; q < levels; q++) {
      for (int j = 0; j < horizon; j++) {
        int from = pending(q, j, 0);
        System.arraycopy(s, from + 1, s, from, j);
        s[from + j] = Float.NaN;
      }
    }
  }

  /**
   * Index of level {@code q}'s pending value for step {@code j} (0-based) due at the key's {@code
   * (d + 1)}-th next event ({@code d ≤ j}).
   */
  private int pending(int q, int j, int d) {
    return levels * horizon + q * triangle + j * (j + 1) / 2 + d;
  }
}
