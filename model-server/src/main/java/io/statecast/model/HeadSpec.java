package io.statecast.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * The output head: {@code ŷ = W_out y_top + b_out}, plus, when {@code autoregressive = k > 0}, a
 * linear autoregressive term over the last {@code k} values of one input feature, {@code ŷ += W_ar
 * [x_{t-k+1..t}] + b_ar} (the "highway" of LSTNet, Lai et al. 2018), which lets the network model
 * only what a linear model cannot.
 *
 * <p>A point head has {@code horizon} outputs, {@code ŷ_j} the forecast {@code j + 1} steps ahead.
 * A quantile head (Koenker and Bassett 1978; trained with the pinball loss) has one block of {@code
 * horizon} outputs per level {@code τ_q} of {@code quantiles}, level-major: output {@code q ·
 * horizon + j} is the {@code τ_q}-quantile {@code j + 1} steps ahead. Its levels include 0.5, the
 * median, which is the point forecast; each pair of levels {@code τ} and {@code 1 − τ} is a central
 * interval of coverage {@code 1 − 2τ} (see {@link #intervals()}). Served quantiles are sorted per
 * step (the monotone rearrangement of Chernozhukov et al. 2010), so intervals never cross.
 *
 * @param horizon number of forecast steps {@code h} (0: no head, the model outputs its top layer)
 * @param autoregressive window {@code k} of the linear term (0: none)
 * @param arFeature index of the input feature the linear term reads (the normalised target)
 * @param quantiles the levels of a quantile head, strictly increasing in (0, 1) and including 0.5;
 *     empty for a point head
 * @param nonNegative whether forecasts in target units are clipped at zero (counts, amounts)
 * @param adaptation how a quantile head's forecasts adapt online per key as actuals arrive ({@link
 *     io.statecast.features.AdaptiveQuantiles}); null: none, they are served as the head forecasts
 *     them
 */
public record HeadSpec(
    int horizon,
    int autoregressive,
    int arFeature,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Double> quantiles,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean nonNegative,
    @JsonInclude(JsonInclude.Include.NON_NULL) Adaptation adaptation) {

  /** No head: the model's output is the top layer's {@code y}. */
  public static final HeadSpec NONE = new HeadSpec(0, 0, 0);

  /** The level of the median, the point forecast of a quantile head. */
  public static final double MEDIAN = 0.5;

  /** A point head, forecasts unclipped. */
  public HeadSpec(int horizon, int autoregressive, int arFeature) {
    this(horizon, autoregressive, arFeature, List.of(), false);
  }

  /** A head served as it forecasts (no online adaptation). */
  public HeadSpec(
      int horizon, int autoregressive, int arFeature, List<Double> quantiles, boolean nonNegative) {
    this(horizon, autoregressive, arFeature, quantiles, nonNegative, null);
  }

  public HeadSpec {
    if (horizon < 0 || horizon > 10_000) {
      throw new IllegalArgumentException(
          "head.horizon must be between 0 and 10000, got " + horizon);
    }
    if (autoregressive < 0 || autoregressive > 10_000) {
      throw new IllegalArgumentException(
          "head.autoregressive must be between 0 and 10000, got " + autoregressive);
    }
    if (autoregressive > 0 && horizon == 0) {
      throw new IllegalArgumentException("head.autoregressive needs a head (horizon > 0)");
    }
    if (arFeature < 0) {
      throw new IllegalArgumentException("head.arFeature must not be negative, got " + arFeature);
    }
    quantiles = quantiles == null ? List.of() : List.copyOf(quantiles);
    checkLevels(quantiles);
    if (!quantiles.isEmpty() && horizon == 0) {
      throw new IllegalArgumentException("head.quantiles needs a head (horizon > 0)");
    }
    if (adaptation != null && adaptation.none()) {
      adaptation = null;
    }
    if (adaptation != null && quantiles.isEmpty()) {
      throw new IllegalArgumentException("head.adaptation needs a quantile head");
    }
  }

  /** This head adapting online as {@code a} says (null or {@link Adaptation#NONE}: not at all). */
  public HeadSpec withAdaptation(Adaptation a) {
    return new HeadSpec(horizon, autoregressive, arFeature, quantiles, nonNegative, a);
  }

  private static void checkLevels(List<Double> levels) {
    double previous = 0;
    for (double q : levels) {
      if (!(q > previous && q < 1)) {
        throw new IllegalArgumentException(
            "head.quantiles must be strictly increasing levels in (0, 1), got " + levels);
      }
      previous = q;
    }
    if (!levels.isEmpty() && !levels.contains(MEDIAN)) {
      throw new IllegalArgumentException(
          "head.quantiles must include 0.5 (the median is the point forecast), got " + levels);
    }
  }

  /** Whether there is a dense head. */
  public boolean present() {
    return horizon > 0;
  }

  /** Whether the head forecasts quantiles. */
  public boolean probabilistic() {
    return !quantiles.isEmpty();
  }

  /** Number of output blocks of {@code horizon} values: the levels, or 1 for a point head. */
  public int blocks() {
    return Math.max(1, quantiles.size());
  }

  /** Width of the head's output: {@code blocks() · horizon}. */
  public int outputs() {
    return blocks() * horizon;
  }

  /** Offset of the point forecast's block in the output: the median's, or 0 for a point head. */
  public int pointOffset() {
    return probabilistic() ? quantiles.indexOf(MEDIAN) * horizon : 0;
  }

  /**
   * The central intervals the levels form, widest first: level {@code τ < 0.5} paired with {@code 1
   * − τ} when both are present (within 1e-9).
   */
  public List<Interval> intervals() {
    List<Interval> out = new ArrayList<>();
    for (int lo = 0; lo < quantiles.size(); lo++) {
      double tau = quantiles.get(lo);
      if (tau >= MEDIAN) {
        break;
      }
      for (int hi = quantiles.size() - 1; hi > lo; hi--) {
        if (Math.abs(quantiles.get(hi) - (1 - tau)) < 1e-9) {
          out.add(new Interval(1 - 2 * tau, lo * horizon, hi * horizon));
        }
      }
    }
    return out;
  }

  /**
   * Finishes one row of served output in target units, {@code v[from … from + outputs())}: sorts
   * each step's quantiles into increasing order (a no-op for a point head) and clips at zero when
   * {@link #nonNegative}. Sorting keeps each level's own estimate where they are already ordered,
   * and otherwise is the monotone rearrangement, which never moves a quantile further from the true
   * one (Chernozhukov et al. 2010).
   */
  public void finish(float[] v, int from) {
    int levels = quantiles.size();
    for (int j = 0; levels > 1 && j < horizon; j++) {
      for (int q = 1; q < levels; q++) {
        float x = v[from + q * horizon + j];
        int p = q - 1;
        while (p >= 0 && v[from + p * horizon + j] > x) {
          v[from + (p + 1) * horizon + j] = v[from + p * horizon + j];
          p--;
        }
        v[from + (p + 1) * horizon + j] = x;
      }
    }
    if (nonNegative) {
      for (int i = from; i < from + outputs(); i++) {
        v[i] = Math.max(0f, v[i]);
      }
    }
  }

  /**
   * A central interval of the quantile head.
   *
   * @param coverage its nominal coverage {@code 1 − 2τ}, e.g. 0.8
   * @param lowerOffset offset of the lower bound's block ({@code τ}) in the head's output
   * @param upperOffset offset of the upper bound's block ({@code 1 − τ})
   */
  public record Interval(double coverage, int lowerOffset, int upperOffset) {}
}
