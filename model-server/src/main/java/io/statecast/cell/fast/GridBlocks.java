package io.statecast.cell.fast;

import io.statecast.model.GridStacks;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import java.util.Arrays;

/**
 * The blocks of a 2-D Grid LSTM stack in the fast kernel (equations in {@link
 * io.statecast.cell.reference.ReferenceGrid}): block {@code k}'s time cell is the layer's {@link
 * GateLayer} that {@link FastStepKernel} holds for every stack; this class adds its depth cell, a
 * second {@link GateLayer} over the same packed {@code A = [h^d_{k-1} | h^t_k(t-1)]}.
 *
 * <pre>
 * A = pack([u_k | h^t_k])                         (B, in + H), packed once by FastStepKernel
 * z^t = A · W^tᵀ + b^t;  m^t, h^t ← cell(z^t, m^t)  into the state rows (time cell)
 * z^d = A · W^dᵀ + b^d;  m^d, h^d ← cell(z^d, m^d)  m^d in Workspace.m (zero before block 0),
 *                                                  h^d into Workspace.y: the next block's u
 * </pre>
 *
 * Both products read {@code A}, packed before either cell writes, so the depth cell sees {@code
 * h^t_k(t-1)} although the time cell has already stored {@code h^t_k(t)}. The depth memory uses the
 * workspace's LSTMP buffer (row stride {@code H} rounded up to whole vectors), which a grid stack
 * has free because it refuses projections.
 */
final class GridBlocks {

  private final GateLayer[] depth;

  GridBlocks(ModelWeights weights) {
    ModelSpec spec = weights.spec();
    this.depth = new GateLayer[spec.layers()];
    for (int k = 0; k < depth.length; k++) {
      depth[k] = new GateLayer(spec.cell(), GridStacks.depthLayer(weights, k));
    }
  }

  /**
   * Steps block {@code k} of {@code rows} rows.
   *
   * @param time the block's time cell
   * @param ap packed {@code [u_k | h^t_k(t-1)]}
   * @param state the packed states; row {@code b}'s {@code h^t_k} at {@code h + b·size}, {@code
   *     m^t_k} at {@code c + b·size}, both updated
   * @param hidden {@code H}, which is also the width of a row of {@code w.y}
   * @param mStride row stride of the depth memory in {@code w.m}
   */
  void step(
      int k,
      GateLayer time,
      int rows,
      float[] ap,
      float[] state,
      int h,
      int c,
      int size,
      int hidden,
      int mStride,
      Workspace w) {
    if (k == 0) {
      Arrays.fill(w.m, 0, rows * mStride, 0f); // m^d_{-1} = 0
    }
    time.step(rows, ap, state, c, size, state, h, size, w.scratch);
    depth[k].step(rows, ap, w.m, 0, mStride, w.y, 0, hidden, w.scratch);
  }
}
