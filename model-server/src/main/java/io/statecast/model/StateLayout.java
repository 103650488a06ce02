package io.statecast.model;

/**
 * The packed per-key state of a stack: one flat vector per key, so that a batch of keys is a {@code
 * (batch, size())} matrix and Flink state holds one compact {@code float[]} per key.
 *
 * <pre>
 * [ h_0 (R) | c_0 (H) | h_1 (R) | c_1 (H) | … | h_{L-1} (R) | c_{L-1} (H) | window (k) | span ]
 * span = [ n (1) | x_0 … x_{W-1} (W·I) | h^f_0 … h^f_{W-1} (W·H) ]       window stacks only
 * </pre>
 *
 * The window holds the last {@code k} values of the autoregressive feature, oldest first, when the
 * head has an autoregressive term; the zero vector is the initial state of a new key.
 *
 * <p>A window stack ({@link WindowStacks}, {@code stack.window.size = W}) adds its span: the number
 * {@code n ≤ W} of valid positions (a count stored as a float), then the last {@code W} inputs and
 * the last {@code W} forward-layer-0 outputs, each oldest first (position {@code W−1} is the latest
 * event; positions {@code < W−n} are zero and masked out). Every event slides both by one. Without
 * a window the span is empty and the layout is unchanged.
 *
 * <p>In a {@link Connection#GRID} stack, {@code h_k} and {@code c_k} are block {@code k}'s time
 * dimension, {@code (h^t_k, m^t_k)}: the depth dimension's {@code (h^d_k, m^d_k)} is computed
 * afresh at every step from the block below (starting from {@code (x, 0)}) and carries nothing
 * across time, so the layout is the same as for the other connections.
 *
 * @param layers {@code L}
 * @param outputSize {@code R}
 * @param hidden {@code H}
 * @param window {@code k}
 * @param span {@code W} of a window stack, 0 without
 * @param spanInputs {@code I}, the width of each input kept in the span (0 without a span)
 */
public record StateLayout(
    int layers, int outputSize, int hidden, int window, int span, int spanInputs) {

  /** The layout of a stack without a window. */
  public StateLayout(int layers, int outputSize, int hidden, int window) {
    this(layers, outputSize, hidden, window, 0, 0);
  }

  public StateLayout {
    if (span == 0) {
      spanInputs = 0;
    }
  }

  /** Total number of floats per key. */
  public int size() {
    return windowOffset() + window + spanSize();
  }

  /** Offset of layer {@code k}'s {@code h}. */
  public int hOffset(int k) {
    return k * (outputSize + hidden);
  }

  /** Offset of layer {@code k}'s {@code c}. */
  public int cOffset(int k) {
    return hOffset(k) + outputSize;
  }

  /** Offset of the autoregressive window. */
  public int windowOffset() {
    return layers * (outputSize + hidden);
  }

  /** Floats of the span of a window stack: {@code 1 + W·(I + H)}, or 0. */
  public int spanSize() {
    return span == 0 ? 0 : 1 + span * (spanInputs + hidden);
  }

  /** Offset of the span's count {@code n} of valid positions. */
  public int spanOffset() {
    return windowOffset() + window;
  }

  /** Offset of the span's inputs {@code x_0 … x_{W-1}}, each {@code I} floats, oldest first. */
  public int spanInputOffset() {
    return spanOffset() + 1;
  }

  /** Offset of the span's forward outputs {@code h^f_0 … h^f_{W-1}}, each {@code H} floats. */
  public int spanOutputOffset() {
    return spanInputOffset() + span * spanInputs;
  }

  /** Raw bytes of one key's state as float32. */
  public int bytes() {
    return Float.BYTES * size();
  }
}
