package io.statecast.cell.fast;

import io.statecast.model.StackSpec;
import io.statecast.model.StateLayout;

/**
 * The inputs of a dense stack's layers: {@code u_k = Σ_{j ∈ F_k} h_j}, the sum of the new outputs
 * of the earlier layers {@code F_k} that {@link StackSpec#feedsOf} names (all of them unless {@code
 * stack.feeds} chooses), read from the state rows the kernel has just written and summed in
 * increasing {@code j}, as the reference sums them.
 */
final class DenseInputs {

  private final int[][] feeds; // [k] layers summed into u_k; empty for k = 0
  private final int[] hOffsets; // [k] offset of h_k in a state row
  private final int outputSize;

  DenseInputs(StackSpec stack, StateLayout layout, int outputSize) {
    this.feeds = new int[stack.layers()][];
    this.hOffsets = new int[stack.layers()];
    this.outputSize = outputSize;
    feeds[0] = new int[0];
    for (int k = 0; k < feeds.length; k++) {
      hOffsets[k] = layout.hOffset(k);
      if (k > 0) {
        feeds[k] = stack.feedsOf(k);
      }
    }
  }

  /**
   * Writes {@code u_k} of rows {@code 0 … rows − 1} into {@code sum}, dense {@code (rows, R)}.
   *
   * @param state the state rows, from offset {@code sOff} with stride {@code size}
   */
  void sum(int k, int rows, float[] state, int sOff, int size, float[] sum) {
    int[] from = feeds[k];
    Rows.copy(rows, state, sOff + hOffsets[from[0]], size, sum, 0, outputSize, outputSize);
    for (int i = 1; i < from.length; i++) {
      Rows.add(rows, state, sOff + hOffsets[from[i]], size, sum, outputSize);
    }
  }
}
