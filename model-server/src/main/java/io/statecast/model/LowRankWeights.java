package io.statecast.model;

import io.statecast.tensor.Tensor;

/**
 * The factors of one low-rank layer (see {@link WeightNames}): {@code W_ih ≈ ihLeft · ihRight}
 * where the layer input is at least {@code K} wide, and {@code W_hh ≈ hhLeft · hhRight}.
 *
 * @param ihLeft {@code (4H, K)}, or null where {@code weight_ih} is dense
 * @param ihRight {@code (K, in)}, or null
 * @param hhLeft {@code (4H, K)}
 * @param hhRight {@code (K, R)}
 */
public record LowRankWeights(Tensor ihLeft, Tensor ihRight, Tensor hhLeft, Tensor hhRight) {

  /** Whether {@code weight_ih} is factored too. */
  public boolean inputFactored() {
    return ihLeft != null;
  }

  /** {@code left · right} in double precision, {@code (rows, cols)}. */
  public static Tensor product(Tensor left, Tensor right) {
    int rows = left.dim(0);
    int k = left.dim(1);
    int cols = right.dim(1);
    double[] a = left.data();
    double[] b = right.data();
    double[] c = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < k; j++) {
        double v = a[i * k + j];
        for (int n = 0; n < cols; n++) {
          c[i * cols + n] += v * b[j * cols + n];
        }
      }
    }
    return Tensor.ofDoubles(new int[] {rows, cols}, c);
  }
}
