package io.statecast.cell.reference;

import io.statecast.model.LayerWeights;
import io.statecast.model.LowRankWeights;

/**
 * The gate pre-activations of a low-rank layer, in double precision with plain loops: each factored
 * weight {@code W ≈ L R} is applied as two products, the thin one first,
 *
 * <pre>
 * z += L_ih (R_ih u) + L_hh (R_hh h)        (R_ih u, R_hh h: K wide; z: 4H)
 * </pre>
 *
 * and a dense {@code W_ih} (a layer input narrower than {@code K}) as {@code z += W_ih u}.
 */
final class LowRankProduct {

  private final double[][] ihLeft; // (4H, K) or null
  private final double[][] ihRight; // (K, in) or null
  private final double[][] wih; // (4H, in) where ih is dense, else null
  private final double[][] hhLeft; // (4H, K)
  private final double[][] hhRight; // (K, R)

  LowRankProduct(LowRankWeights f, LayerWeights w) {
    boolean factored = f.inputFactored();
    this.ihLeft = factored ? ReferenceLayer.matrix(f.ihLeft()) : null;
    this.ihRight = factored ? ReferenceLayer.matrix(f.ihRight()) : null;
    this.wih = factored ? null : ReferenceLayer.matrix(w.weightIh());
    this.hhLeft = ReferenceLayer.matrix(f.hhLeft());
    this.hhRight = ReferenceLayer.matrix(f.hhRight());
  }

  /** Adds the products of input {@code u} and state {@code h} to {@code z (4H)}. */
  void addTo(double[] z, double[] u, double[] h) {
    if (wih != null) {
      addProduct(z, wih, u);
    } else {
      addProduct(z, ihLeft, times(ihRight, u));
    }
    addProduct(z, hhLeft, times(hhRight, h));
  }

  private static double[] times(double[][] m, double[] v) {
    double[] out = new double[m.length];
    addProduct(out, m, v);
    return out;
  }

  private static void addProduct(double[] out, double[][] m, double[] v) {
    for (int r = 0; r < m.length; r++) {
      double s = 0;
      for (int j = 0; j < v.length; j++) {
        s += m[r][j] * v[j];
      }
      out[r] += s;
    }
  }
}
