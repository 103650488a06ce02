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
 */
public final class NaiveKernel extends PlainStackKernel {

  private static final int GATES = 4;

  private final int hidden;
  private final float[][][] wx; // [k][γ] W_xγᵀ (in, H)
  private final float[][][] wh; // [k][γ] W_hγᵀ (H, H)

  public NaiveKernel(ModelWeights weights) {
    super(weights);
    this.hidden = weights.spec().cell().hidden();
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
  }
}
