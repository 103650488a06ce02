package io.statecast.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.model.Connection;
import io.statecast.model.StackSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedPatternTest {

  @Test
  void allLeavesTheStacksFeedsAbsent() {
    assertThat(FeedPattern.parse("all")).isSameAs(FeedPattern.ALL);
    assertThat(FeedPattern.parse(null)).isSameAs(FeedPattern.ALL);
    assertThat(FeedPattern.ALL.resolve(7)).isNull();
  }

  @Test
  void previousNFeedsEachLayerFromItsNNearestLayersBelow() {
    assertThat(FeedPattern.parse("previous2").resolve(5))
        .isEqualTo(List.of(List.of(0), List.of(0, 1), List.of(1, 2), List.of(2, 3)));
    assertThat(FeedPattern.parse("Previous1").resolve(3))
        .isEqualTo(List.of(List.of(0), List.of(1)));
    assertThatThrownBy(() -> FeedPattern.parse("previous0")).hasMessageContaining("N ≥ 1");
  }

  @Test
  void explicitListsAreLayersSeparatedBySemicolonsAndIndicesByCommas() {
    assertThat(FeedPattern.parse("0; 0,1 ;1,2").resolve(4))
        .isEqualTo(List.of(List.of(0), List.of(0, 1), List.of(1, 2)));
    assertThatThrownBy(() -> FeedPattern.parse("0;a"))
        .hasMessageContaining("model.feeds must be 'all', 'previousN' or lists of layers");
  }

  @Test
  void theOptionBindsIntoTheTrainedStack() {
    var tree = TrainConfigs.defaultsTree();
    TrainConfigs.set(tree, "model.layers", "4");
    TrainConfigs.set(tree, "model.connection", "dense");
    TrainConfigs.set(tree, "model.feeds", "0;0,1;0,2");
    TrainConfig c = TrainConfigs.bind(tree, "options");
    assertThat(c.model().stack())
        .isEqualTo(
            new StackSpec(4, Connection.DENSE, List.of(List.of(0), List.of(0, 1), List.of(0, 2))));
    assertThat(TrainConfigs.toJson(c)).contains("\"feeds\" : \"0;0,1;0,2\"");
    assertThat(TrainConfigs.defaults().model().feeds()).isSameAs(FeedPattern.ALL);
    assertThat(TrainConfigs.defaults().model().stack().feeds()).isNull();
  }

  @Test
  void refusesFeedsForOtherConnectionsAndListsThatDoNotFitTheDepth() {
    var plain = TrainConfigs.defaultsTree();
    TrainConfigs.set(plain, "model.layers", "3");
    TrainConfigs.set(plain, "model.feeds", "previous1");
    assertThatThrownBy(() -> TrainConfigs.bind(plain, "options"))
        .hasMessageContaining("model.feeds 'previous1' chooses the inputs of a dense stack");
    var deep = TrainConfigs.defaultsTree();
    TrainConfigs.set(deep, "model.layers", "4");
    TrainConfigs.set(deep, "model.connection", "dense");
    TrainConfigs.set(deep, "model.feeds", "0;0,1;1,3");
    assertThatThrownBy(() -> TrainConfigs.bind(deep, "options"))
        .hasMessageContaining("model.feeds '0;0,1;1,3' for 4 layers")
        .hasMessageContaining("(layer 3) reads layer 3");
    var shallow = TrainConfigs.defaultsTree();
    TrainConfigs.set(shallow, "model.layers", "5");
    TrainConfigs.set(shallow, "model.connection", "dense");
    TrainConfigs.set(shallow, "model.feeds", "0;0,1");
    assertThatThrownBy(() -> TrainConfigs.bind(shallow, "options"))
        .hasMessageContaining("one entry per layer 1 to L−1 (4 for 5 layers), got 2");
  }
}
