package io.statecast.train;

import io.statecast.data.LoadedData;
import io.statecast.testing.TestSeries;
import java.nio.file.Path;
import java.util.List;

/** Small, fast training runs for tests. */
final class TinyTraining {

  private TinyTraining() {}

  /** Three weekly-seasonal keys of 280 days, levels 10, 100 and 1000. */
  static LoadedData data() {
    return new LoadedData(Path.of("weekly.csv"), TestSeries.weekly(3, 280, 7), List.of());
  }

  /** A small configuration; {@code overrides} are {@code section.name=value}. */
  static TrainConfig config(String... overrides) {
    var tree = TrainConfigs.defaultsTree();
    String[] base = {
      "model.hidden=8",
      "model.horizon=3",
      "model.autoregressive=7",
      "training.epochs=4",
      "training.patience=10",
      "training.segment=40",
      "training.chunk=20",
      "training.warmup=14",
      "training.validation=0.2",
      "training.validationWarmup=0",
      "training.learningRate=0.01"
    };
    for (String s : base) {
      set(tree, s);
    }
    for (String s : overrides) {
      set(tree, s);
    }
    return TrainConfigs.bind(tree, "test");
  }

  private static void set(com.fasterxml.jackson.databind.node.ObjectNode tree, String s) {
    int eq = s.indexOf('=');
    TrainConfigs.set(tree, s.substring(0, eq), s.substring(eq + 1));
  }
}
