package io.statecast.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.avro.Observation;
import io.statecast.data.KeyedSeries;
import io.statecast.data.LoadedData;
import io.statecast.data.SeriesSet;
import io.statecast.model.Adaptation;
import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
  void aWindowIsOffByDefaultAndRefusedWhereTheStackCannotHaveOneAsTheOptionItComesFrom() {
    assertThat(TrainConfigs.defaults().model().stack().window()).isNull();
    var two = TrainConfigs.defaultsTree();
    TrainConfigs.set(two, "model.window", "8");
    TrainConfigs.set(two, "model.layers", "2");
    assertThat(TrainConfigs.bind(two, "x").model().stack().windowSize()).isEqualTo(8);
    var one = TrainConfigs.defaultsTree();
    TrainConfigs.set(one, "model.window", "8");
    assertThatThrownBy(() -> TrainConfigs.bind(one, "x"))
        .hasMessageContaining("model.window 8: needs at least 2 layers");
    var residual = TrainConfigs.defaultsTree();
    TrainConfigs.set(residual, "model.window", "4");
    TrainConfigs.set(residual, "model.layers", "3");
    TrainConfigs.set(residual, "model.connection", "residual");
    assertThatThrownBy(() -> TrainConfigs.bind(residual, "x"))
        .hasMessageContaining("model.window 4: supports stack.connection plain only");
    var huge = TrainConfigs.defaultsTree();
    TrainConfigs.set(huge, "model.window", "1000");
    TrainConfigs.set(huge, "model.layers", "2");
    assertThatThrownBy(() -> TrainConfigs.bind(huge, "x"))
        .hasMessageContaining("between 2 and 256");
  }

  @Test
  void theDefaultHeadForecastsQuantilesTrainedWithPinballAndCalibrated() {
    TrainConfig c = TrainConfigs.defaults();
    assertThat(c.model().quantiles()).containsExactly(0.1, 0.25, 0.5, 0.75, 0.9);
    assertThat(c.model().nonNegative()).as("auto: decided by the training targets").isNull();
    assertThat(c.model().head(false).intervals()).hasSize(2);
    assertThat(c.model().head(false).adaptation())
        .as("adapted online")
        .isEqualTo(new Adaptation(0.002, 0.01));
    assertThat(c.training().loss()).isEqualTo(LossKind.PINBALL);
    assertThat(c.training().calibrate()).isTrue();
    var point = TrainConfigs.defaultsTree();
    TrainConfigs.set(point, "model.quantiles", "none");
    TrainConfig p = TrainConfigs.bind(point, "x");
    assertThat(p.model().probabilistic()).isFalse();
    assertThat(p.model().head(false).adaptation()).as("a point head does not adapt").isNull();
    assertThat(p.training().loss()).isEqualTo(LossKind.MAE);
    TrainConfigs.set(point, "training.loss", "huber");
    assertThat(TrainConfigs.bind(point, "x").training().loss()).isEqualTo(LossKind.HUBER);
    var levels = TrainConfigs.defaultsTree();
    TrainConfigs.set(levels, "model.quantiles", "0.05, 0.5,0.95");
    TrainConfigs.set(levels, "model.nonNegative", "true");
    TrainConfig q = TrainConfigs.bind(levels, "x");
    assertThat(q.model().head(false).quantiles()).containsExactly(0.05, 0.5, 0.95);
    assertThat(q.model().head(false).nonNegative()).as("asked for, whatever the data").isTrue();
  }

  @Test
  void byDefaultTheHeadClipsAtZeroExactlyWhenNoTrainingTargetIsNegative() {
    TrainConfig auto = TrainConfigs.defaults();
    assertThat(clips(auto, 0.0)).as("targets from 0 up").isTrue();
    assertThat(clips(auto, -0.01)).as("one target below 0").isFalse();
    var never = TrainConfigs.defaultsTree();
    TrainConfigs.set(never, "model.nonNegative", "false");
    assertThat(clips(TrainConfigs.bind(never, "x"), 0.0)).isFalse();
  }

  /** Whether the model trained on two keys whose smallest target is {@code lowest} clips. */
  private static boolean clips(TrainConfig config, double lowest) {
    List<KeyedSeries> keys = new ArrayList<>();
    for (String key : new String[] {"a", "b"}) {
      List<Observation> obs = new ArrayList<>();
      for (int t = 0; t < 300; t++) {
        double v = key.equals("b") && t == 17 ? lowest : 3 + Math.sin(t / 3.0);
        obs.add(
            Observation.newBuilder()
                .setKey(key)
                .setEventTime(t * 86_400_000L)
                .setTarget((float) v)
                .build());
      }
      keys.add(new KeyedSeries(key, obs));
    }
    LoadedData data = new LoadedData(Path.of("two.csv"), new SeriesSet(keys, List.of()), List.of());
    return ModelTrainer.prepare(data, config).trainSpec().head().nonNegative();
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
