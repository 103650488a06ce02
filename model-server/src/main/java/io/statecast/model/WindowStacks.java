package io.statecast.model;

import static io.statecast.model.WeightNames.*;

/**
 * A bidirectional first layer with time-step attention, in streaming form ({@code stack.window}):
 * what such a stack supports, and the weights of its backward direction and attention.
 *
 * <p>A bidirectional layer (Schuster and Paliwal 1997; Graves and Schmidhuber 2005) needs the
 * future, which a stream does not have; here the backward direction runs over a window of the last
 * {@code W} events instead, from zero state at the newest event back to the oldest, at every event.
 * Each key keeps its last {@code W} inputs {@code x} and forward-layer-0 outputs {@code h^f} in its
 * state ({@link StateLayout}); the forward direction is layer 0 of the stack, stepped once per
 * event as in every other stack. Positions {@code i = 0 … W−1} of the window are oldest first,
 * {@code i = W−1} being the current event {@code t}; {@code n = min(events seen, W)} of them are
 * valid.
 *
 * <pre>
 * h^f_t, c^f_t = cell_0(x_t, h^f_{t−1}, c^f_{t−1})          forward: layer 0, weight_*_l0
 * (h^b, c^b)_W = 0;  for i = W−1 … W−n:                       backward, from the newest event
 *   h^b_i, c^b_i = cell_0^rev(x_i, h^b_{i+1}, c^b_{i+1})      weight_*_l0_reverse
 * z_i = [h^f_i ; h^b_i]                                       (2H)
 * e_i = w_a · z_i + b_a[i]                                    attention.weight (1, 2H), .bias (W)
 * a = softmax(e_{W−n … W−1});  p_t = Σ_i a_i z_i              (2H): the input of layer 1
 * </pre>
 *
 * The score is the feed-forward attention of Raffel and Ellis 2015 ("Feed-Forward Networks with
 * Attention Can Solve Some Long-Term Memory Problems"), a learned function of each position's
 * annotation alone with no query, in its linear form; the annotations {@code z_i} are those of
 * Bahdanau, Cho and Bengio 2015 (the concatenated directions). The bias {@code b_a} is per
 * position, so the attention can prefer recent events; a bias common to all positions would cancel
 * in the softmax. Positions not yet filled (a new key) are left out of the softmax, so the zero
 * state is still the initial state. Unlike a bidirectional layer over a whole window, the forward
 * direction does not restart at the window's start: it carries its state across all events, as
 * every forward layer here does.
 *
 * <p>Supported: fused and peephole cells (the backward direction has the forward layer's variant
 * and sizes), sigmoid gates at any temperature and hard G2 gates, plain connections, {@code L ≥ 2}
 * layers, any head. Not supported: one layer (the pooled {@code 2H} vector is layer 1's input, so
 * the head still reads {@code R}), the other connections (their sums and carries would mix the
 * {@code 2H} pooled vector with {@code H}-wide outputs), an LSTMP projection, Gumbel gates and
 * low-rank weights.
 */
public final class WindowStacks {

  private WindowStacks() {}

  /** The attention's score weights {@code w_a}, {@code (1, 2H)}. */
  public static final String ATTENTION_WEIGHT = "attention.weight";

  /** The attention's per-position bias {@code b_a}, {@code (W)}, oldest position first. */
  public static final String ATTENTION_BIAS = "attention.bias";

  /**
   * Refuses the stacks a window cannot have.
   *
   * @throws IllegalArgumentException naming what is not supported
   */
  static void requireSupported(int layers, Connection connection) {
    if (layers < 2) {
      throw new IllegalArgumentException(
          "stack.window needs at least 2 layers (the attention-pooled window is layer 1's input),"
              + " got stack.layers "
              + layers);
    }
    if (connection != Connection.PLAIN) {
      throw new IllegalArgumentException(
          "stack.window supports stack.connection plain only, got "
              + connection.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  /**
   * Refuses the cells a window stack cannot have.
   *
   * @throws IllegalArgumentException naming what is not supported
   */
  public static void requireSupported(CellSpec cell) {
    if (cell.projected()) {
      throw new IllegalArgumentException(
          "stack.window does not support an LSTMP projection (cell.projection "
              + cell.projection()
              + "); use projection 0");
    }
    if (cell.gates().mode() == GateMode.GUMBEL) {
      throw new IllegalArgumentException(
          "stack.window does not support Gumbel (G2 training) gates; use sigmoid or hard gates");
    }
    if (cell.rank() > 0) {
      throw new IllegalArgumentException(
          "stack.window does not support low-rank weights (cell.compression.rank "
              + cell.rank()
              + "); compress a window model by rounding and clipping only");
    }
  }

  /** The weights of the backward direction ({@code *_l0_reverse}), as a layer's. */
  public static LayerWeights reverseLayer(ModelWeights weights) {
    var t = weights.tensors();
    return new LayerWeights(
        t.get(reverse(weightIh(0))),
        t.get(reverse(weightHh(0))),
        t.get(reverse(biasIh(0))),
        t.get(reverse(biasHh(0))),
        null,
        t.get(reverse(peepholeInput(0))),
        t.get(reverse(peepholeForget(0))),
        t.get(reverse(peepholeOutput(0))),
        null,
        null);
  }

  /** Adds the backward direction's and the attention's weights of a window stack to {@code m}. */
  static void putWeights(ModelSpec spec, java.util.Map<String, int[]> m) {
    for (String name :
        new String[] {
          weightIh(0),
          weightHh(0),
          biasIh(0),
          biasHh(0),
          peepholeInput(0),
          peepholeForget(0),
          peepholeOutput(0)
        }) {
      int[] shape = m.get(name);
      if (shape != null) {
        m.put(reverse(name), shape.clone());
      }
    }
    m.put(ATTENTION_WEIGHT, new int[] {1, 2 * spec.cell().hidden()});
    m.put(ATTENTION_BIAS, new int[] {spec.stack().windowSize()});
  }
}
