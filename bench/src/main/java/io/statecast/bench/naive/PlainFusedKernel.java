package io.statecast.bench.naive;

import io.statecast.model.LayerWeights;
import io.statecast.model.ModelWeights;

/**
 * The fused LSTM cell with the same plain loops as {@link NaiveKernel}: all four gates from one
 * matrix product over the concatenated input,
 *
 * <pre>
 * Z = [U | H_{t-1}] · [W_ih | W_hh]ᵀ      (B, 4H); [U | H_{t-1}] (B, in + H)
 * </pre>
 *
 * so each row of {@code [U | H_{t-1}]} is read once and the innermost loop runs over {@code 4H}
 * columns. The difference to {@link NaiveKernel} is the fusion alone; the difference to the fast
 * kernel is its packing, register tiling and explicit vectors.
 */
public final class PlainFusedKernel extends PlainStackKernel {

  private final int hidden;
  private final float[][] w; // [k] [W_ih | W_hh]ᵀ (in + H, 4H)
  private float[] joined = new float[0]; // (B, in + H)

  public PlainFusedKernel(ModelWeights weights) {
    super(weights, false);
    this.hidden = weights.spec().cell().hidden();
    int layers = weights.spec().layers();
    this.w = new float[layers][];
    for (int k = 0; k < layers; k++) {
      LayerWeights l = weights.layer(k);
      w[k] =
          PlainGemm.stacked(
              PlainGemm.transposed(l.weightIh(), 0, 4 * hidden),
              PlainGemm.transposed(l.weightHh(), 0, 4 * hidden));
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
    int cols = width + hidden;
    if (joined.length < batch * cols) {
      joined = new float[batch * cols];
    }
    for (int r = 0; r < batch; r++) {
      System.arraycopy(u, r * ldu, joined, r * cols, width);
      System.arraycopy(state, r * lds + hOff, joined, r * cols + width, hidden);
    }
    PlainGemm.multiply(batch, joined, 0, cols, cols, w[k], 4 * hidden, z, 0, 4 * hidden, false);
  }
}
