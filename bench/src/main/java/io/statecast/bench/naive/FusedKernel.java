package io.statecast.bench.naive;

import io.statecast.model.LayerWeights;
import io.statecast.model.ModelWeights;

/**
 * The fused LSTM cell with the same products as {@link NaiveKernel}: all four gates from one matrix
 * product over the concatenated input,
 *
 * <pre>
 * Z = [U | H_{t-1}] · [W_ih | W_hh]ᵀ      (B, 4H); [U | H_{t-1}] (B, in + H)
 * </pre>
 *
 * so each row of {@code [U | H_{t-1}]} is read (and, {@link Loops#TILED}, packed) once, the sum
 * over {@code in + H} stays in one accumulator, and the product spans {@code 4H} columns. The
 * difference to {@link NaiveKernel} with the same {@link Loops} is the fusion alone; the fast
 * kernel also does the cell update on the tile's result, with explicit vectors.
 */
public final class FusedKernel extends PlainStackKernel {

  private final int hidden;
  private final Product[] w; // [k] [W_ih | W_hh] (4H, in + H)
  private float[] joined = new float[0]; // (B, in + H)

  public FusedKernel(ModelWeights weights, Loops loops) {
    super(weights, loops, false);
    this.hidden = weights.spec().cell().hidden();
    int layers = weights.spec().layers();
    this.w = new Product[layers];
    for (int k = 0; k < layers; k++) {
      LayerWeights l = weights.layer(k);
      double[] ih = l.weightIh().data();
      double[] hh = l.weightHh().data();
      int in = l.weightIh().dim(1);
      w[k] =
          loops.product(
              4 * hidden, in + hidden, (r, j) -> j < in ? ih[r * in + j] : hh[r * hidden + j - in]);
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
    w[k].multiply(batch, joined, 0, cols, z, 0, 4 * hidden, false);
  }
}
