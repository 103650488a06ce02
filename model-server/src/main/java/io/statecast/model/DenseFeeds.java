package io.statecast.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Validates the {@code stack.feeds} of a {@link StackSpec}: the earlier layers whose outputs a
 * dense stack sums into each layer's input ({@code u_k = Σ_{j ∈ F_k} h_j}, Skip Deep LSTM's
 * selected skip connections). One entry per layer {@code k = 1 … L−1}, each a non-empty, strictly
 * increasing list of indices in {@code [0, k)}; errors name the layer and the entry.
 */
final class DenseFeeds {

  private DenseFeeds() {}

  /** An immutable copy of {@code feeds}, or null when absent; throws naming what is wrong. */
  static List<List<Integer>> check(int layers, Connection connection, List<List<Integer>> feeds) {
    if (feeds == null) {
      return null;
    }
    if (connection != Connection.DENSE) {
      throw new IllegalArgumentException(
          "stack.feeds chooses the inputs of a dense stack; connection '"
              + connection.name().toLowerCase(java.util.Locale.ROOT)
              + "' has none (remove stack.feeds or use connection 'dense')");
    }
    if (feeds.size() != layers - 1) {
      throw new IllegalArgumentException(
          "stack.feeds must have one entry per layer 1 to L−1 ("
              + (layers - 1)
              + " for "
              + layers
              + " layers), got "
              + feeds.size());
    }
    List<List<Integer>> copy = new ArrayList<>(feeds.size());
    for (int k = 1; k < layers; k++) {
      copy.add(checkLayer(k, feeds.get(k - 1)));
    }
    return List.copyOf(copy);
  }

  private static List<Integer> checkLayer(int k, List<Integer> from) {
    String where = "stack.feeds[" + (k - 1) + "] (layer " + k + ")";
    if (from == null || from.isEmpty()) {
      throw new IllegalArgumentException(where + " is empty: a layer must read at least one layer");
    }
    int previous = -1;
    for (Integer j : from) {
      if (j == null || j < 0 || j >= k) {
        throw new IllegalArgumentException(
            where + " reads layer " + j + ": layer " + k + " can read layers 0 to " + (k - 1));
      }
      if (j <= previous) {
        throw new IllegalArgumentException(
            where + " must list layers in strictly increasing order, got " + from);
      }
      previous = j;
    }
    return List.copyOf(from);
  }
}
