package io.statecast.model;

/**
 * The window of a bidirectional first layer with time-step attention ({@code stack.window}): each
 * key keeps its last {@code size} inputs and forward-layer-0 outputs, a backward LSTM runs over
 * them at every event and attention pools them into the input of layer 1. Equations and what a
 * window stack supports: {@link WindowStacks}.
 *
 * @param size the window {@code W}: events the backward direction and the attention see, {@code 2 ≤
 *     W ≤} {@value #MAX_SIZE}
 */
public record WindowSpec(int size) {

  /**
   * The largest window: the backward direction costs {@code W} cell steps per event, so a window
   * past this is a typo rather than a model.
   */
  public static final int MAX_SIZE = 256;

  public WindowSpec {
    if (size < 2 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "stack.window.size must be between 2 and " + MAX_SIZE + ", got " + size);
    }
  }
}
