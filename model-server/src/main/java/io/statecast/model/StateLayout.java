package io.statecast.model;

/**
 * The packed per-key state of a stack: one flat vector per key, so that a batch of keys is a {@code
 * (batch, size())} matrix and Flink state holds one compact {@code float[]} per key.
 *
 * <pre>
 * [ h_0 (R) | c_0 (H) | h_1 (R) | c_1 (H) | … | h_{L-1} (R) | c_{L-1} (H) | window (k) ]
 * </pre>
 *
 * The window holds the last {@code k} values of the autoregressive feature, oldest first, when the
 * head has an autoregressive term; the zero vector is the initial state of a new key.
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
 */
public record StateLayout(int layers, int outputSize, int hidden, int window) {

  /** Total number of floats per key. */
  public int size() {
    return layers * (outputSize + hidden) + window;
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

  /** Raw bytes of one key's state as float32. */
  public int bytes() {
    return Float.BYTES * size();
  }
}
