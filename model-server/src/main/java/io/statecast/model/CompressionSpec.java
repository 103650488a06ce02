package io.statecast.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a trained cell was compressed after training ({@code statecast model compress}), after Li et
 * al. 2018, "Towards Binary-Valued Gates for Robust LSTM Training" (G2-LSTM), whose claim is that a
 * model trained with near-binary gates loses little when its gates' parameters are compressed.
 *
 * <ul>
 *   <li>Precision: every weight of the chosen gates' rows of {@code weight_ih} and {@code
 *       weight_hh} is rounded to the nearest multiple of {@code round}, then clipped to {@code
 *       [−clip, clip]}; the weights keep their names and shapes.
 *   <li>Low rank: every {@code weight_ih} / {@code weight_hh} of {@code c ≥ rank} columns, all four
 *       gates, is replaced by its truncated SVD {@code W ≈ U_K Σ_K V_Kᵀ}, stored as two thin
 *       factors {@code left = U_K Σ_K (4H, K)} and {@code right = V_Kᵀ (K, c)}, and stepped as two
 *       products (see {@link WeightNames}).
 * </ul>
 *
 * A record of what was done, and, through {@link #rank}, part of the weight layout.
 *
 * @param round the rounding step {@code r > 0}, or 0 for none
 * @param clip the clipping bound {@code c > 0}, or 0 for none
 * @param rank the rank {@code K ≥ 1} of the factored weights, or 0 for dense weights
 * @param gates which gates' rows round and clip touched
 */
public record CompressionSpec(
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) double round,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) double clip,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int rank,
    Gates gates) {

  /** The gates whose rows precision compression rounds and clips. */
  public enum Gates {
    /**
     * The input and forget gates only: the gates G2-LSTM pushes to 0 or 1, whose outputs are
     * insensitive to small changes of their pre-activation (the paper's setting).
     */
    INPUT_FORGET,
    /** All four gates {@code i, f, g, o}. */
    ALL;

    /** Whether gate row {@code row} of a {@code (4H, ·)} weight is compressed. */
    public boolean covers(int row, int hidden) {
      return this == ALL || row < 2 * hidden;
    }
  }

  public CompressionSpec {
    if (gates == null) {
      gates = Gates.INPUT_FORGET;
    }
    if (!(round >= 0) || Double.isInfinite(round)) {
      throw new IllegalArgumentException(
          "cell.compression.round must be 0 (none) or positive, got " + round);
    }
    if (!(clip >= 0) || Double.isInfinite(clip)) {
      throw new IllegalArgumentException(
          "cell.compression.clip must be 0 (none) or positive, got " + clip);
    }
    if (rank < 0) {
      throw new IllegalArgumentException(
          "cell.compression.rank must be 0 (none) or positive, got " + rank);
    }
    if (round == 0 && clip == 0 && rank == 0) {
      throw new IllegalArgumentException(
          "cell.compression needs a round step, a clip bound or a rank");
    }
  }

  /** Whether the weights are stored as low-rank factors. */
  @JsonIgnore
  public boolean lowRank() {
    return rank > 0;
  }

  /** A short tag for ids and file names, e.g. {@code r0.1-c2-k16}. */
  @JsonIgnore
  public String tag() {
    StringBuilder sb = new StringBuilder();
    if (round > 0) {
      sb.append("r").append(number(round));
    }
    if (clip > 0) {
      sb.append(sb.length() > 0 ? "-" : "").append("c").append(number(clip));
    }
    if (rank > 0) {
      sb.append(sb.length() > 0 ? "-" : "").append("k").append(rank);
    }
    if (gates == Gates.ALL && (round > 0 || clip > 0)) {
      sb.append("-all");
    }
    return sb.toString();
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
