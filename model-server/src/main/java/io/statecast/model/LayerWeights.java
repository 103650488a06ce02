package io.statecast.model;

import io.statecast.tensor.Tensor;

/**
 * The weights of one layer, checked against the spec by {@link ModelWeights}.
 *
 * @param weightIh {@code (4H, in)}, gate rows {@code [i | f | g | o]}
 * @param weightHh {@code (4H, R)}
 * @param biasIh {@code (4H)}
 * @param biasHh {@code (4H)}
 * @param weightHr {@code (R, H)} or null without projection
 * @param peepholeInput {@code p_i (H)} or null for a fused cell
 * @param peepholeForget {@code p_f (H)} or null
 * @param peepholeOutput {@code p_o (H)} or null
 * @param highwayWeight {@code W_t (R, R)} or null when the layer has no highway gate
 * @param highwayBias {@code b_t (R)} or null
 */
public record LayerWeights(
    Tensor weightIh,
    Tensor weightHh,
    Tensor biasIh,
    Tensor biasHh,
    Tensor weightHr,
    Tensor peepholeInput,
    Tensor peepholeForget,
    Tensor peepholeOutput,
    Tensor highwayWeight,
    Tensor highwayBias) {

  /** The effective gate bias {@code b_ih + b_hh} (4H), as PyTorch adds them. */
  public double[] combinedBias() {
    double[] a = biasIh.data();
    double[] b = biasHh.data();
    double[] sum = new double[a.length];
    for (int i = 0; i < sum.length; i++) {
      sum[i] = a[i] + b[i];
    }
    return sum;
  }
}
