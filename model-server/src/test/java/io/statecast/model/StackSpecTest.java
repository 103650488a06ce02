package io.statecast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StackSpecTest {

  @Test
  void withoutFeedsEveryLayerOfADenseStackReadsEveryLayerBelowIt() {
    StackSpec s = new StackSpec(5, Connection.DENSE);
    assertThat(s.feeds()).isNull();
    assertThat(s.feedsOf(1)).containsExactly(0);
    assertThat(s.feedsOf(4)).containsExactly(0, 1, 2, 3);
  }

  @Test
  void chosenFeedsNameTheLayersEachLayerReads() {
    StackSpec s =
        new StackSpec(
            5, Connection.DENSE, List.of(List.of(0), List.of(0, 1), List.of(1, 2), List.of(0, 3)));
    assertThat(s.feedsOf(1)).containsExactly(0);
    assertThat(s.feedsOf(3)).containsExactly(1, 2);
    assertThat(s.feedsOf(4)).containsExactly(0, 3);
    assertThatThrownBy(() -> s.feedsOf(0)).hasMessageContaining("layer 0 has no feeds");
  }

  @Test
  void refusesFeedsThatAreNotOneIncreasingListOfEarlierLayersPerLayerNamingTheLayer() {
    assertThatThrownBy(() -> dense(4, List.of(List.of(0), List.of(0, 1))))
        .hasMessageContaining("one entry per layer 1 to L−1 (3 for 4 layers), got 2");
    assertThatThrownBy(() -> dense(4, List.of(List.of(0), List.of(), List.of(1))))
        .hasMessageContaining("stack.feeds[1] (layer 2) is empty");
    assertThatThrownBy(() -> dense(4, List.of(List.of(0), List.of(0, 1), List.of(1, 3))))
        .hasMessageContaining(
            "stack.feeds[2] (layer 3) reads layer 3: layer 3 can read layers 0 to 2");
    assertThatThrownBy(() -> dense(4, List.of(List.of(0), List.of(-1), List.of(1))))
        .hasMessageContaining("stack.feeds[1] (layer 2) reads layer -1");
    assertThatThrownBy(() -> dense(4, List.of(List.of(0), List.of(1, 0), List.of(1))))
        .hasMessageContaining(
            "stack.feeds[1] (layer 2) must list layers in strictly increasing order");
    assertThatThrownBy(() -> dense(4, List.of(List.of(0), List.of(1, 1), List.of(1))))
        .hasMessageContaining("strictly increasing");
  }

  @Test
  void refusesFeedsForOtherConnections() {
    for (Connection c :
        new Connection[] {Connection.PLAIN, Connection.RESIDUAL, Connection.HIGHWAY}) {
      assertThatThrownBy(() -> new StackSpec(2, c, List.of(List.of(0))))
          .hasMessageContaining("stack.feeds chooses the inputs of a dense stack")
          .hasMessageContaining("'" + c.name().toLowerCase(java.util.Locale.ROOT) + "'");
    }
  }

  @Test
  void feedsAreCopiedNotShared() {
    java.util.ArrayList<Integer> first = new java.util.ArrayList<>(List.of(0));
    StackSpec s = dense(2, List.of(first));
    first.add(7);
    assertThat(s.feeds()).isEqualTo(List.of(List.of(0)));
    assertThat(s).isEqualTo(dense(2, List.of(List.of(0))));
  }

  private static StackSpec dense(int layers, List<List<Integer>> feeds) {
    return new StackSpec(layers, Connection.DENSE, feeds);
  }
}
