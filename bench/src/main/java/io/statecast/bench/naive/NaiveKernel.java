package io.statecast.bench.naive;

import io.statecast.model.LayerWeights;
import io.statecast.model.ModelWeights;

/**
 * The LSTM cell as it is first written by hand: every gate {@code γ ∈ {i, f, g, o}} from its own
 * two matrix products, eight per layer and step, each batched across keys:
 *
 * <pre>
 * z_γ = U · W_{xγ}ᵀ + H_{t-1} · W_{hγ}ᵀ      (B, H) each; U (B, in), H_{t-1} (B, H)
 * </pre>
 *
 * where {@code W_{xγ}} and {@code W_{hγ}} are the {@code γ} rows of PyTorch's {@code weight_ih} and
 * {@code weight_hh} (gate order {@code i, f, g, o}). The second product of each gate accumulates
 * into the first's result. Then {@link PlainStackKernel} applies the gates. Against the fused cell
 * ({@link FusedKernel}) it reads {@code U} and {@code H_{t-1}} four times each (and, {@link
 * Loops#TILED}, packs them four times), its sums over {@code in} and {@code H} meet in memory
 * rather than in one accumulator, and each product spans {@code H} columns instead of {@code 4H}.
 *
 * <p>With {@link PeepholeMatrices} the gates also read the cell through full matrices: three more
 * products, {@code C_{t-1} · W_ciᵀ}, {@code C_{t-1} · W_cfᵀ} and, after the cell update, {@code C_t
 * · W_coᵀ} (a {@code peephole} model's diagonal weights are then not used).
 */
public final class NaiveKernel extends PlainStackKernel {

  private static final int GATES = 4;

  private final int hidden;
  private final Product[][] wx; // [k][γ] W_xγ (H, in)
  private final Product[][] wh; // [k][γ] W_hγ (H, H)
  private final Product[][] wc; // [k][i, f, o] W_cγ (H, H), or null without full peepholes

  /** The standard cell of a {@code fused} model. */
  public NaiveKernel(ModelWeights weights, Loops loops) {
    this(weights, loops, null);
  }

  /**
   * @param peepholes full-matrix peepholes, or null for the standard cell of a {@code fused} model
   */
  public NaiveKernel(ModelWeights weights, Loops loops, PeepholeMatrices peepholes) {
    super(weights, loops, peepholes != null);
    this.hidden = weights.spec().cell().hidden();
    int layers = weights.spec().layers();
    this.wx = new Product[layers][GATES];
    this.wh = new Product[layers][GATES];
    this.wc = peepholes == null ? null : new Product[layers][];
    for (int k = 0; k < layers; k++) {
      LayerWeights w = weights.layer(k);
      for (int gate = 0; gate < GATES; gate++) {
        wx[k][gate] = loops.rows(w.weightIh(), gate * hidden, hidden);
        wh[k][gate] = loops.rows(w.weightHh(), gate * hidden, hidden);
      }
      if (peepholes != null) {
        wc[k] = new Product[3];
        float[][] m = {peepholes.ci()[k], peepholes.cf()[k], peepholes.co()[k]};
        for (int g = 0; g < 3; g++) {
          float[] mg = m[g];
          wc[k][g] = loops.product(hidden, hidden, (r, j) -> mg[r * hidden + j]);
        }
      }
    }
  }

  @Override
  protected void preActivations(
      int k,
      int batch,
      float[] u,
      int ldu,
      int width,
      float[] state,
      int hOff,
      int lds,
      float[] z) {
    int h4 = GATES * hidden;
    for (int gate = 0; gate < GATES; gate++) {
      int block = gate * hidden;
      wx[k][gate].multiply(batch, u, 0, ldu, z, block, h4, false);
      wh[k][gate].multiply(batch, state, hOff, lds, z, block, h4, true);
    }
    if (wc != null) {
      int cOff = layout().cOffset(k);
      wc[k][0].multiply(batch, state, cOff, lds, z, 0, h4, true);
      wc[k][1].multiply(batch, state, cOff, lds, z, hidden, h4, true);
    }
  }

  @Override
  protected void outputGateFromCell(int k, int batch, float[] state, int cOff, int lds, float[] z) {
    if (wc != null) {
      wc[k][2].multiply(batch, state, cOff, lds, z, 3 * hidden, GATES * hidden, true);
    }
  }
}
