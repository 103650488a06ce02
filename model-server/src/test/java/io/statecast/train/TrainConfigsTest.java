package io.statecast.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigsTest {

  @TempDir Path dir;

  @Test
  void theDefaultsBind() {
    TrainConfig c = TrainConfigs.defaults();
    assertThat(c.model().features()).contains(FeatureSet.TARGET);
    assertThat(c.model().horizon()).isGreaterThanOrEqualTo(7);
    assertThat(c.training().trainFraction()).isEqualTo(0.8);
  }

  @Test
  void readsJsonAndPropertiesOverTheDefaults() throws Exception {
    Path json = dir.resolve("c.json");
    Files.writeString(json, "{\"model\": {\"hidden\": 17, \"variant\": \"peephole\"}}");
    TrainConfig a =
        TrainConfigs.bind(
            TrainConfigs.merge(TrainConfigs.defaultsTree(), TrainConfigs.readTree(json)), "c.json");
    assertThat(a.model().hidden()).isEqualTo(17);
    assertThat(a.model().variant()).isEqualTo(CellVariant.PEEPHOLE);
    assertThat(a.training().seed()).isEqualTo(TrainConfigs.defaults().training().seed());
    Path props = dir.resolve("c.properties");
    Files.writeString(
        props, "model.connection = highway\nmodel.features = target, gap\ntraining.seed = 9\n");
    TrainConfig b =
        TrainConfigs.bind(
            TrainConfigs.merge(TrainConfigs.defaultsTree(), TrainConfigs.readTree(props)), "p");
    assertThat(b.model().connection()).isEqualTo(Connection.HIGHWAY);
    assertThat(b.model().features()).containsExactly(FeatureSet.TARGET, FeatureSet.GAP);
    assertThat(b.training().seed()).isEqualTo(9);
  }

  @Test
  void refusesUnknownNamesAndBadValuesWithTheirPath() {
    var t1 = TrainConfigs.defaultsTree();
    TrainConfigs.set(t1, "model.hiden", "3");
    assertThatThrownBy(() -> TrainConfigs.bind(t1, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hiden");
    var t2 = TrainConfigs.defaultsTree();
    TrainConfigs.set(t2, "training.chunk", "100000");
    assertThatThrownBy(() -> TrainConfigs.bind(t2, "x"))
        .hasMessageContaining("training.chunk must be between 1 and segment");
    var t3 = TrainConfigs.defaultsTree();
    TrainConfigs.set(t3, "model.features", "gap");
    assertThatThrownBy(() -> TrainConfigs.bind(t3, "x"))
        .hasMessageContaining("model.features must include 'target'");
  }

  @Test
  void theDefaultHeadForecastsQuantilesTrainedWithPinballAndCalibrated() {
    TrainConfig c = TrainConfigs.defaults();
    assertThat(c.model().quantiles()).containsExactly(0.1, 0.25, 0.5, 0.75, 0.9);
    assertThat(c.model().nonNegative()).isFalse();
    assertThat(c.model().head().intervals()).hasSize(2);
    assertThat(c.training().loss()).isEqualTo(LossKind.PINBALL);
    assertThat(c.training().calibrate()).isTrue();
    var point = TrainConfigs.defaultsTree();
    TrainConfigs.set(point, "model.quantiles", "none");
    TrainConfig p = TrainConfigs.bind(point, "x");
    assertThat(p.model().probabilistic()).isFalse();
    assertThat(p.training().loss()).isEqualTo(LossKind.MAE);
    TrainConfigs.set(point, "training.loss", "huber");
    assertThat(TrainConfigs.bind(point, "x").training().loss()).isEqualTo(LossKind.HUBER);
    var levels = TrainConfigs.defaultsTree();
    TrainConfigs.set(levels, "model.quantiles", "0.05, 0.5,0.95");
    TrainConfigs.set(levels, "model.nonNegative", "true");
    TrainConfig q = TrainConfigs.bind(levels, "x");
    assertThat(q.model().head().quantiles()).containsExactly(0.05, 0.5, 0.95);
    assertThat(q.model().head().nonNegative()).isTrue();
  }

  @Test
  void aLossThatDoesNotFitTheHeadIsRefused() {
    var t1 = TrainConfigs.defaultsTree();
    TrainConfigs.set(t1, "training.loss", "mse");
    assertThatThrownBy(() -> TrainConfigs.bind(t1, "x"))
        .hasMessageContaining("training.loss 'mse'")
        .hasMessageContaining("quantile head")
        .hasMessageContaining("pinball");
    var t2 = TrainConfigs.defaultsTree();
    TrainConfigs.set(t2, "model.quantiles", "none");
    TrainConfigs.set(t2, "training.loss", "pinball");
    assertThatThrownBy(() -> TrainConfigs.bind(t2, "x"))
        .hasMessageContaining("'pinball' needs a quantile head");
    var t3 = TrainConfigs.defaultsTree();
    TrainConfigs.set(t3, "model.quantiles", "0.1,0.9");
    assertThatThrownBy(() -> TrainConfigs.bind(t3, "x"))
        .hasMessageContaining("model.quantiles")
        .hasMessageContaining("must include 0.5");
    assertThatThrownBy(
            () -> TrainConfigs.set(TrainConfigs.defaultsTree(), "model.quantiles", "0.1,x"))
        .hasMessageContaining("'x' is not a number");
  }
}
