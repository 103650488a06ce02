package io.statecast.cell.fast;

import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.StateLayout;
import io.statecast.model.WindowStacks;

/**
 * The window of a window stack in the fast kernel (equations in {@link WindowStacks}): after layer
 * 0 has stepped, each row's span slides, the backward direction runs {@code W} steps over it,
 * batched across the rows, and attention pools {@code z_i = [h^f_i; h^b_i]} into {@code p (rows,
 * 2H)}, which layer 1 reads.
 *
 * <pre>
 * span ← slide(span, x_t, h^f_t);  n ← min(n + 1, W)          per row, in the state
 * for i = W−1 … 0:  A = pack([x_i | h^b_{i+1}])  (B, I + H)    h^b_W = 0, c^b = 0
 *                   c^b, h^b_i ← cell(A · W_revᵀ + b_rev, c^b)  {@link GateLayer}, all rows
 * e_i = w_a · z_i + b_a[i] (i ≥ W − n);  p = Σ_i softmax(e)_i z_i   per row
 * </pre>
 *
 * All {@code W} backward steps run for every row, also over the zero positions of a young key's
 * span: they are older than every valid position, so the backward pass reaches them only after the
 * valid ones, and the attention leaves them out. The packed input reuses the workspace's gate input
 * (its width covers layer 0's {@code I + R = I + H}).
 */
final class WindowAttention {

  private final StateLayout layout;
  private final int span; // W
  private final int inputs; // I
  private final int hidden; // H
  private final GateLayer backward; // K = I + H
  private final float[] score; // w_a (2H)
  private final float[] bias; // b_a (W)

  WindowAttention(ModelWeights weights) {
    ModelSpec spec = weights.spec();
    this.layout = spec.stateLayout();
    this.span = layout.span();
    this.inputs = spec.inputSize();
    this.hidden = spec.cell().hidden();
    this.backward = new GateLayer(spec.cell(), WindowStacks.reverseLayer(weights));
    this.score = weights.tensors().get(WindowStacks.ATTENTION_WEIGHT).toFloatArray();
    this.bias = weights.tensors().get(WindowStacks.ATTENTION_BIAS).toFloatArray();
  }

  /**
   * Slides the spans of {@code rows} rows and pools them into {@code w.pooled}.
   *
   * @param x the inputs, row {@code b} at {@code xOff + b·I}
   * @param state the packed states, row {@code b} at {@code sOff + b·size}; layer 0's {@code h}
   *     already holds {@code h^f_t}
   */
  void step(int rows, float[] x, int xOff, float[] state, int sOff, int size, Workspace w) {
    slide(rows, x, xOff, state, sOff, size);
    int cols = inputs + hidden;
    float[] ap = w.gateInput;
    java.util.Arrays.fill(w.spanCell, 0, rows * hidden, 0f);
    for (int i = span - 1; i >= 0; i--) {
      Packing.pack(
          state, sOff + layout.spanInputOffset() + i * inputs, size, rows, inputs, ap, cols, 0);
      if (i == span - 1) {
        Packing.pack(w.spanCell, 0, hidden, rows, hidden, ap, cols, inputs); // h^b_W = 0
      } else {
        Packing.pack(w.spanHidden, (i + 1) * hidden, span * hidden, rows, hidden, ap, cols, inputs);
      }
      Packing.zeroTail(rows, ap, cols);
      backward.step(
          rows, ap, w.spanCell, 0, hidden, w.spanHidden, i * hidden, span * hidden, w.scratch);
    }
    for (int b = 0; b < rows; b++) {
      attend(
          state,
          sOff + b * size,
          w.spanHidden,
          b * span * hidden,
          w.pooled,
          b * 2 * hidden,
          w.spanScores);
    }
  }

  /** Appends {@code x_t} and {@code h^f_t} to each row's span; {@code n ← min(n + 1, W)}. */
  private void slide(int rows, float[] x, int xOff, float[] state, int sOff, int size) {
    for (int b = 0; b < rows; b++) {
      int row = sOff + b * size;
      int n = layout.spanOffset();
      float count = (float) Math.floor(state[row + n]) + 1; // held to [1, W] like the reference's
      state[row + n] = count >= span ? span : (count >= 1 ? count : 1);
      int xs = row + layout.spanInputOffset();
      System.arraycopy(state, xs + inputs, state, xs, (span - 1) * inputs);
      System.arraycopy(x, xOff + b * inputs, state, xs + (span - 1) * inputs, inputs);
      int hs = row + layout.spanOutputOffset();
      System.arraycopy(state, hs + hidden, state, hs, (span - 1) * hidden);
      System.arraycopy(state, row + layout.hOffset(0), state, hs + (span - 1) * hidden, hidden);
    }
  }

  /** Softmax attention over one row's valid positions: {@code p = Σ_i a_i [h^f_i; h^b_i]}. */
  private void attend(
      float[] state, int row, float[] hb, int hbOff, float[] p, int pOff, float[] e) {
    int first = span - (int) state[row + layout.spanOffset()];
    int hf = row + layout.spanOutputOffset();
    float max = Float.NEGATIVE_INFINITY;
    for (int i = first; i < span; i++) {
      float s = bias[i];
      for (int d = 0; d < hidden; d++) {
        s += score[d] * state[hf + i * hidden + d] + score[hidden + d] * hb[hbOff + i * hidden + d];
      }
      e[i] = s;
      max = Math.max(max, s);
    }
    float sum = 0f;
    for (int i = first; i < span; i++) {
      e[i] = (float) Math.exp(e[i] - max);
      sum += e[i];
    }
    java.util.Arrays.fill(p, pOff, pOff + 2 * hidden, 0f);
    for (int i = first; i < span; i++) {
      float a = e[i] / sum;
      for (int d = 0; d < hidden; d++) {
        p[pOff + d] += a * state[hf + i * hidden + d];
        p[pOff + hidden + d] += a * hb[hbOff + i * hidden + d];
      }
    }
  }
}
