package io.statecast.model;

/**
 * A deep stack of identical cells.
 *
 * @param layers number of layers {@code L ≥ 1}
 * @param connection how layer {@code k ≥ 1} reads the layers below it
 */
public record StackSpec(int layers, Connection connection) {

  /** Layers above which no sane model is served (a guard against typos, not a hard limit). */
  public static final int MAX_LAYERS = 64;

  public StackSpec {
    if (connection == null) {
      connection = Connection.PLAIN;
    }
    if (layers < 1 || layers > MAX_LAYERS) {
      throw new IllegalArgumentException(
          "stack.layers must be between 1 and " + MAX_LAYERS + ", got " + layers);
    }
  }
}
