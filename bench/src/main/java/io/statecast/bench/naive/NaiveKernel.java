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
 * into the first's result. Then {@link PlainStackKernel} applies the gates. It reads {@code U} and
 * {@code H_{t-1}} four times each, and runs eight loops of {@code N = H} columns where the fused
 * cell ({@link PlainFusedKernel}) runs one of {@code 4H}.
 *
 * <p>With {@link PeepholeMatrices}, on a {@code peephole} model, the gates also read the cell
 * through full matrices: three more products, {@code C_{t-1} · W_ciᵀ}, {@code C_{t-1} · W_cfᵀ} and,
 * after the cell update, {@code C_t · W_coᵀ} (the model's diagonal peepholes are then not used).
 */
public final class NaiveKernel extends PlainStackKernel {

  private static final int GATES = 4;

  private final int hidden;
  private final float[][][] wx; // [k][γ] W_xγᵀ (in, H)
  private final float[][][] wh; // [k][γ] W_hγᵀ (H, H)
  private final PeepholeMatrices peepholes; // or null

  /** The standard cell of a {@code fused} model. */
  public NaiveKernel(ModelWeights weights) {
    this(weights, null);
  }

  /**
   * @param peepholes full-matrix peepholes for a {@code peephole} model, or null for a {@code
   *     fused} one
   */
  public NaiveKernel(ModelWeights weights, PeepholeMatrices peepholes) {
    super(weights, peepholes != null);
    this.hidden = weights.spec().cell().hidden();
    this.peepholes = peepholes;
    int layers = weights.spec().layers();
    this.wx = new float[layers][GATES][];
    this.wh = new float[layers][GATES][];
    for (int k = 0; k < layers; k++) {
      LayerWeights w = weights.layer(k);
      for (int gate = 0; gate < GATES; gate++) {
        wx[k][gate] = PlainGemm.transposed(w.weightIh(), gate * hidden, hidden);
        wh[k][gate] = PlainGemm.transposed(w.weightHh(), gate * hidden, hidden);
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
      PlainGemm.multiply(batch, u, 0, ldu, width, wx[k][gate], hidden, z, block, h4, false);
      PlainGemm.multiply(batch, state, hOff, lds, hidden, wh[k][gate], hidden, z, block, h4, true);
    }
    if (peepholes != null) {
      int cOff = layout().cOffset(k);
      PlainGemm.multiply(
          batch, state, cOff, lds, hidden, peepholes.ci()[k], hidden, z, 0, h4, true);
      PlainGemm.multiply(
          batch, state, cOff, lds, hidden, peepholes.cf()[k], hidden, z, hidden, h4, true);
    }
  }

  @Override
  protected void outputGateFromCell(int k, int batch, float[] state, int cOff, int lds, float[] z) {
    if (peepholes != null) {
      int h4 = GATES * hidden;
      PlainGemm.multiply(
          batch, state, cOff, lds, hidden, peepholes.co()[k], hidden, z, 3 * hidden, h4, true);
    }
  }
}
