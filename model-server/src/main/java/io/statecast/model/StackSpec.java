package io.statecast.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A deep stack of identical cells.
 *
 * @param layers number of layers {@code L ≥ 1}
 * @param connection how layer {@code k ≥ 1} reads the layers below it
 * @param feeds for a {@link Connection#DENSE dense} stack, which earlier layers feed each layer
 *     {@code k ≥ 1}: entry {@code k − 1} lists the indices {@code j < k} whose outputs {@code h_j}
 *     are summed into {@code u_k}, strictly increasing and non-empty ({@link DenseFeeds}); null
 *     (absent in {@code model.json}) means every earlier layer. Refused for other connections.
 * @param window a bidirectional first layer with time-step attention over the last {@code W} events
 *     ({@link WindowStacks}); null (absent in {@code model.json}) for none
 */
public record StackSpec(
    int layers,
    Connection connection,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<List<Integer>> feeds,
    @JsonInclude(JsonInclude.Include.NON_NULL) WindowSpec window) {

  /** Layers above which no sane model is served (a guard against typos, not a hard limit). */
  public static final int MAX_LAYERS = 64;

  /** A stack whose dense layers, if any, read every earlier layer. */
  public StackSpec(int layers, Connection connection) {
    this(layers, connection, null, null);
  }

  /** A stack without a window. */
  public StackSpec(int layers, Connection connection, List<List<Integer>> feeds) {
    this(layers, connection, feeds, null);
  }

  public StackSpec {
    if (connection == null) {
      connection = Connection.PLAIN;
    }
    if (layers < 1 || layers > MAX_LAYERS) {
      throw new IllegalArgumentException(
          "stack.layers must be between 1 and " + MAX_LAYERS + ", got " + layers);
    }
    feeds = DenseFeeds.check(layers, connection, feeds);
    if (window != null) {
      WindowStacks.requireSupported(layers, connection);
    }
  }

  /** The same stack with a window of {@code size} events (null: none). */
  public StackSpec withWindow(WindowSpec newWindow) {
    return new StackSpec(layers, connection, feeds, newWindow);
  }

  /** The window {@code W}, or 0 without a window. */
  @JsonIgnore
  public int windowSize() {
    return window == null ? 0 : window.size();
  }

  /**
   * The layers whose outputs are summed into the input of layer {@code k ≥ 1} of a dense stack, in
   * increasing order: {@link #feeds} entry {@code k − 1}, or {@code 0 … k − 1} without it.
   */
  public int[] feedsOf(int k) {
    if (k < 1 || k >= layers) {
      throw new IllegalArgumentException(
          "layer " + k + " has no feeds: layers 1 to " + (layers - 1) + " do");
    }
    if (feeds == null) {
      int[] all = new int[k];
      for (int j = 0; j < k; j++) {
        all[j] = j;
      }
      return all;
    }
    return feeds.get(k - 1).stream().mapToInt(Integer::intValue).toArray();
  }
}
