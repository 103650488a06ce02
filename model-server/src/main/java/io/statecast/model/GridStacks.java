package io.statecast.model;

import static io.statecast.model.WeightNames.*;

/**
 * What a {@link Connection#GRID} stack (2-D Grid LSTM, Kalchbrenner, Danihelka and Graves 2015)
 * supports, and its depth cells' weights.
 *
 * <p>Supported: fused and peephole cells, sigmoid gates at any temperature and hard G2 gates, any
 * head. Not supported: an LSTMP projection (the depth memory takes the buffer the projection would
 * use in the fast kernel) and Gumbel gates (their noise is drawn for one cell per layer). Neither
 * is supported: the paper's weight tying along depth (every block has its own weights here) and its
 * non-LSTM (identity) dimension.
 */
public final class GridStacks {

  private GridStacks() {}

  /**
   * Refuses the cells a grid stack cannot have.
   *
   * @throws IllegalArgumentException naming what is not supported
   */
  public static void requireSupported(CellSpec cell) {
    if (cell.projected()) {
      throw new IllegalArgumentException(
          "stack.connection grid does not support an LSTMP projection (cell.projection "
              + cell.projection()
              + "); use projection 0");
    }
    if (cell.gates().mode() == GateMode.GUMBEL) {
      throw new IllegalArgumentException(
          "stack.connection grid does not support Gumbel (G2 training) gates; use sigmoid or hard"
              + " gates");
    }
    if (cell.rank() > 0) {
      throw new IllegalArgumentException(
          "stack.connection grid does not support low-rank weights (cell.compression.rank "
              + cell.rank()
              + "); compress a grid model by rounding and clipping only");
    }
  }

  /** The weights of block {@code k}'s depth cell ({@code *_l{k}_depth}), as a layer's. */
  public static LayerWeights depthLayer(ModelWeights weights, int k) {
    var t = weights.tensors();
    return new LayerWeights(
        t.get(depth(weightIh(k))),
        t.get(depth(weightHh(k))),
        t.get(depth(biasIh(k))),
        t.get(depth(biasHh(k))),
        null,
        t.get(depth(peepholeInput(k))),
        t.get(depth(peepholeForget(k))),
        t.get(depth(peepholeOutput(k))),
        null,
        null);
  }
}
