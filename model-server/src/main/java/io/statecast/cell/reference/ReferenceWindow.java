package io.statecast.cell.reference;

import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.StateLayout;
import io.statecast.model.WindowStacks;

/**
 * The window of a bidirectional first layer with time-step attention ({@link WindowStacks}, where
 * the equations are), for one key in double precision: the oracle of the window engines. After
 * layer 0 has stepped, {@link #pool} slides the key's span, runs the backward direction over it
 * from the newest event to the oldest valid one, and pools {@code z_i = [h^f_i; h^b_i]} with
 * softmax attention over the valid positions.
 */
final class ReferenceWindow {

  private final StateLayout layout;
  private final int span; // W
  private final int inputs; // I
  private final int hidden; // H
  private final ReferenceLayer backward;
  private final double[] score; // w_a (2H)
  private final double[] bias; // b_a (W), oldest position first

  ReferenceWindow(ModelWeights weights) {
    ModelSpec spec = weights.spec();
    this.layout = spec.stateLayout();
    this.span = layout.span();
    this.inputs = spec.inputSize();
    this.hidden = spec.cell().hidden();
    this.backward = new ReferenceLayer(spec.cell(), WindowStacks.reverseLayer(weights));
    this.score = weights.tensors().get(WindowStacks.ATTENTION_WEIGHT).data();
    this.bias = weights.tensors().get(WindowStacks.ATTENTION_BIAS).data();
  }

  /**
   * Appends {@code x_t} and {@code h^f_t} to the span in {@code state} and pools it.
   *
   * @param x the event's input (I)
   * @param hf layer 0's new output (H)
   * @param state the key's packed state; its span is updated
   * @return {@code p_t (2H)}
   */
  double[] pool(double[] x, double[] hf, double[] state) {
    int n = clampedCount(state[layout.spanOffset()], span);
    state[layout.spanOffset()] = n;
    slide(state, layout.spanInputOffset(), inputs, x);
    slide(state, layout.spanOutputOffset(), hidden, hf);
    double[][] z = new double[span][];
    double[] h = new double[hidden];
    double[] c = new double[hidden];
    for (int i = span - 1; i >= span - n; i--) {
      int xi = layout.spanInputOffset() + i * inputs;
      backward.step(java.util.Arrays.copyOfRange(state, xi, xi + inputs), h, c, null, null);
      z[i] = new double[2 * hidden];
      System.arraycopy(state, layout.spanOutputOffset() + i * hidden, z[i], 0, hidden);
      System.arraycopy(h, 0, z[i], hidden, hidden);
    }
    double[] e = new double[span];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = span - n; i < span; i++) {
      e[i] = bias[i];
      for (int d = 0; d < 2 * hidden; d++) {
        e[i] += score[d] * z[i][d];
      }
      max = Math.max(max, e[i]);
    }
    double sum = 0;
    for (int i = span - n; i < span; i++) {
      e[i] = Math.exp(e[i] - max);
      sum += e[i];
    }
    double[] p = new double[2 * hidden];
    for (int i = span - n; i < span; i++) {
      for (int d = 0; d < 2 * hidden; d++) {
        p[d] += e[i] / sum * z[i][d];
      }
    }
    return p;
  }

  /**
   * {@code n = min(n + 1, W)}, held to {@code [1, W]} whatever a state holds, so that a corrupted
   * count can neither leave every position out nor point outside the window.
   */
  static int clampedCount(double count, int span) {
    double n = Math.floor(count) + 1;
    return n >= span ? span : (n >= 1 ? (int) n : 1);
  }

  /** Drops the oldest of {@code W} rows of {@code width} at {@code off} and appends {@code v}. */
  private void slide(double[] state, int off, int width, double[] v) {
    System.arraycopy(state, off + width, state, off, (span - 1) * width);
    System.arraycopy(v, 0, state, off + (span - 1) * width, width);
  }
}
