package io.statecast.cell.reference;

import io.statecast.model.GridStacks;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.StateLayout;
import java.util.Arrays;

/**
 * The layers of a 2-D Grid LSTM stack ({@link io.statecast.model.Connection#GRID}; Kalchbrenner,
 * Danihelka and Graves 2015, "Grid Long Short-Term Memory", section 3), stepped for one key in
 * double precision: the oracle of the grid engines.
 *
 * <p>The grid has two dimensions, time {@code t} and depth {@code k}. Block {@code (t, k)} receives
 * the time dimension's {@code (h^t_k(t-1), m^t_k(t-1))} from the previous step (the key's state)
 * and the depth dimension's {@code (h^d_{k-1}(t), m^d_{k-1}(t))} from the block below. Both of its
 * LSTM cells are gated by the same concatenated hidden vector, each with its own weights:
 *
 * <pre>
 * H = [h^d_{k-1}(t); h^t_k(t-1)]                            (in_k + H)
 * (h^t_k(t), m^t_k(t)) = LSTM(H, m^t_k(t-1); W^t_k)        time cell: weight_*_l{k}
 * (h^d_k(t), m^d_k(t)) = LSTM(H, m^d_{k-1}(t); W^d_k)      depth cell: weight_*_l{k}_depth
 * LSTM(H, m; W):  [i|f|g|o] = W H + b;  m' = σ(f) ⊙ m + σ(i) ⊙ tanh(g);  h' = σ(o) ⊙ tanh(m')
 * h^d_{-1}(t) = x_t,  m^d_{-1}(t) = 0                      the input enters along depth
 * y = h^d_{L-1}(t)                                         what the head reads
 * </pre>
 *
 * <p>Each cell is the project's LSTM cell ({@link ReferenceLayer}: peepholes and gate modes
 * included), so {@code W H} is {@code W_ih u + W_hh h} with {@code u = h^d_{k-1}}, {@code h =
 * h^t_k(t-1)}. Two choices differ from the paper's text: the input is not projected by a separate
 * matrix before the first block (the gates are linear in {@code H}, so such a projection would fold
 * into {@code W_ih} of block 0), and a cell's output is {@code σ(o) ⊙ tanh(m')}, the standard form
 * every other cell here uses, where the paper writes {@code tanh(σ(o) ⊙ m')}. The depth memory
 * starts at zero in block 0, so the depth cell of block 0 is an LSTM step from a zero cell. Weight
 * tying along depth and non-LSTM dimensions are not supported ({@link GridStacks}).
 */
final class ReferenceGrid {

  private final int hidden;
  private final StateLayout layout;
  private final ReferenceLayer[] time;
  private final ReferenceLayer[] depth;

  ReferenceGrid(ModelWeights weights) {
    ModelSpec spec = weights.spec();
    this.hidden = spec.cell().hidden();
    this.layout = spec.stateLayout();
    this.time = new ReferenceLayer[spec.layers()];
    this.depth = new ReferenceLayer[spec.layers()];
    for (int k = 0; k < time.length; k++) {
      time[k] = new ReferenceLayer(spec.cell(), weights.layer(k));
      depth[k] = new ReferenceLayer(spec.cell(), GridStacks.depthLayer(weights, k));
    }
  }

  /**
   * Steps every block once.
   *
   * @param x the input (I)
   * @param state the key's packed state: {@code (h^t_k, m^t_k)} of each block, updated in place
   * @param trace per block, filled with the time cell's {@code [i (H) | f (H)]}, or null
   * @return the top block's {@code h^d_{L-1}} (H)
   */
  double[] step(double[] x, double[] state, double[][] trace) {
    double[] hd = x; // h^d_{k-1}
    double[] md = new double[hidden]; // m^d_{k-1}
    for (int k = 0; k < time.length; k++) {
      double[] ht = Arrays.copyOfRange(state, layout.hOffset(k), layout.hOffset(k) + hidden);
      double[] mt = Arrays.copyOfRange(state, layout.cOffset(k), layout.cOffset(k) + hidden);
      double[] hdNew = ht.clone(); // the depth cell reads h^t_k(t-1), then holds h^d_k
      depth[k].step(hd, hdNew, md, null, null); // md becomes m^d_k
      time[k].step(hd, ht, mt, null, trace == null ? null : trace[k]);
      System.arraycopy(ht, 0, state, layout.hOffset(k), hidden);
      System.arraycopy(mt, 0, state, layout.cOffset(k), hidden);
      hd = hdNew;
    }
    return hd;
  }
}
