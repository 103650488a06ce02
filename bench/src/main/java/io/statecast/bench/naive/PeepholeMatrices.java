package io.statecast.bench.naive;

import io.statecast.model.CellVariant;
import io.statecast.model.LayerWeights;
import io.statecast.model.ModelWeights;
import java.util.SplittableRandom;

/**
 * Full-matrix peepholes, a bench variant only: the gates read the cell through {@code H × H}
 * matrices,
 *
 * <pre>
 * z_i += W_ci c_{t-1}     z_f += W_cf c_{t-1}     z_o += W_co c_t
 * </pre>
 *
 * where Statecast's {@code peephole} variant has diagonal weights ({@code p ⊙ c}); see
 * docs/model-format.md, "Peepholes". Each matrix row-major, {@code [k] W_cγ (H, H)}: entry {@code
 * (n, m)} is the weight of {@code c_m} in gate unit {@code n}.
 *
 * @param ci {@code [k] W_ci}
 * @param cf {@code [k] W_cf}
 * @param co {@code [k] W_co}
 */
public record PeepholeMatrices(float[][] ci, float[][] cf, float[][] co) {

  /**
   * The diagonal peepholes of a {@code peephole} model as full matrices ({@code diag(p)}): with
   * these the full-matrix cell computes exactly the production variant, which is how it is tested.
   */
  public static PeepholeMatrices diagonal(ModelWeights weights) {
    if (weights.spec().cell().variant() != CellVariant.PEEPHOLE) {
      throw new IllegalArgumentException("diagonal peepholes need a peephole model");
    }
    int layers = weights.spec().layers();
    int hidden = weights.spec().cell().hidden();
    float[][][] m = new float[3][layers][];
    for (int k = 0; k < layers; k++) {
      LayerWeights w = weights.layer(k);
      m[0][k] = diag(w.peepholeInput().data(), hidden);
      m[1][k] = diag(w.peepholeForget().data(), hidden);
      m[2][k] = diag(w.peepholeOutput().data(), hidden);
    }
    return new PeepholeMatrices(m[0], m[1], m[2]);
  }

  /** Random full matrices, uniform in {@code ±1/√H} as PyTorch initialises its LSTM weights. */
  public static PeepholeMatrices random(int layers, int hidden, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double bound = 1 / Math.sqrt(hidden);
    float[][][] m = new float[3][layers][hidden * hidden];
    for (float[][] gate : m) {
      for (float[] w : gate) {
        for (int j = 0; j < w.length; j++) {
          w[j] = (float) random.nextDouble(-bound, bound);
        }
      }
    }
    return new PeepholeMatrices(m[0], m[1], m[2]);
  }

  private static float[] diag(double[] p, int hidden) {
    float[] m = new float[hidden * hidden];
    for (int n = 0; n < hidden; n++) {
      m[n * hidden + n] = (float) p[n];
    }
    return m;
  }
}
