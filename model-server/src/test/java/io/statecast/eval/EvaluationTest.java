package io.statecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.statecast.artifact.ModelArtifact;
import io.statecast.data.KeyedSeries;
import io.statecast.data.SeriesSet;
import io.statecast.features.KeyScaling;
import io.statecast.model.CellSpec;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.StackSpec;
import io.statecast.model.WeightNames;
import io.statecast.tensor.Tensor;
import io.statecast.testing.TestSeries;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {

  @TempDir Path dir;

  /** y_t = t, 50 observations: training part 40, test part 10. */
  private final KeyedSeries line = TestSeries.daily("line", ramp(50));

  @Test
  void splitsAtTheFloorOfEightyPercentAndScoresEveryMethodOnTheSamePoints() throws Exception {
    KeyedSeries tooShort = TestSeries.daily("short", ramp(10));
    EvaluationReport r =
        Evaluation.run(
            persistenceModel(),
            new SeriesSet(List.of(line, tooShort), List.of()),
            new Evaluation.Options(0.8, new int[] {1, 7}, false));
    assertThat(Evaluation.trainLength(50, 0.8)).isEqualTo(40);
    assertThat(Evaluation.trainLength(49, 0.8)).isEqualTo(39);
    assertThat(r.keys()).isEqualTo(1);
    assertThat(r.skipped()).singleElement().asString().startsWith("short");
    // h1: origins 39 … 48 score y_40 … y_49; h7: origins 39 … 42 score y_46 … y_49
    for (String m : List.of("model", "persistence", "seasonal_naive", "mean7")) {
      assertThat(r.get(1, m).n()).as(m).isEqualTo(10);
      assertThat(r.get(7, m).n()).as(m).isEqualTo(4);
    }
    assertThat(r.get(1, "persistence").mae()).isEqualTo(1.0);
    assertThat(r.get(7, "persistence").mae()).isEqualTo(7.0);
    assertThat(r.get(1, "seasonal_naive").mae()).isEqualTo(7.0);
    assertThat(r.get(7, "seasonal_naive").rmse()).isEqualTo(7.0);
    assertThat(r.get(1, "mean7").mae()).isEqualTo(4.0);
    assertThat(r.get(7, "mean7").mae()).isEqualTo(10.0);
    double smape = 0;
    for (int t = 39; t <= 48; t++) {
      smape += 200.0 / (2 * t + 1);
    }
    assertThat(r.get(1, "persistence").smape()).isCloseTo(smape / 10, within(1e-12));
    // the model under test forecasts the last value: it must score as persistence does
    double err = Math.abs(r.get(1, "model").mae() - 1.0) + Math.abs(r.get(7, "model").mae() - 7.0);
    System.out.printf("persistence model vs persistence baseline: |ΔMAE| %.2e%n", err);
    assertThat(err).isLessThan(1e-4);
    assertThat(r.toJson()).contains("\"h1\"", "\"seasonal_naive\"", "\"smape\"", "\"n\" : 10");
  }

  @Test
  void etsRecoversAWeeklyPatternThatPersistenceCannot() throws Exception {
    double[] pattern = {0, 1, 2, 3, 2, 1, -3};
    double[] y = new double[280];
    Random r = new Random(3);
    for (int t = 0; t < y.length; t++) {
      y[t] = 20 + 0.01 * t + pattern[t % 7] + 0.1 * r.nextGaussian();
    }
    EvaluationReport rep =
        Evaluation.run(
            persistenceModel(),
            new SeriesSet(List.of(TestSeries.daily("w", y)), List.of()),
            Evaluation.Options.protocol());
    double ets = rep.get(1, "ets").mae();
    double naive = rep.get(1, "persistence").mae();
    System.out.printf(
        "weekly pattern: ETS h1 MAE %.4f, h7 %.4f; persistence h1 %.4f%n",
        ets, rep.get(7, "ets").mae(), naive);
    assertThat(ets).isLessThan(0.15);
    assertThat(rep.get(7, "ets").mae()).isLessThan(0.15);
    assertThat(naive).isGreaterThan(1.0);
    assertThat(Ets.fit(y, 224).form().toString()).endsWith(",A");
  }

  private static double[] ramp(int n) {
    double[] v = new double[n];
    Arrays.setAll(v, i -> i);
    return v;
  }

  /**
   * A model that forecasts the last value at every horizon: zero LSTM and head weights, and an
   * autoregressive term of window 1 with weight 1. Its forecasts in units are {@code z_t σ + μ =
   * y_t}.
   */
  private ModelArtifact persistenceModel() throws Exception {
    ModelSpec spec =
        new ModelSpec(
            null,
            "persistence",
            1,
            null,
            new InputSpec(List.of(new FeatureSpec("value", FeatureKind.TARGET, 0, 0, 1))),
            CellSpec.fused(2),
            new StackSpec(1, null),
            new HeadSpec(7, 1, 0));
    Map<String, Tensor> t = new LinkedHashMap<>();
    WeightNames.expected(spec)
        .forEach((n, shape) -> t.put(n, Tensor.zeros(Tensor.DType.FLOAT32, shape)));
    double[] ones = new double[7];
    Arrays.fill(ones, 1);
    t.put(WeightNames.AR_WEIGHT, new Tensor(Tensor.DType.FLOAT32, new int[] {7, 1}, ones));
    KeyScaling scaling = KeyScaling.of(Map.of("line", KeyScaling.fit(line.values(), 40)));
    return ModelArtifact.write(
        dir.resolve("p" + System.nanoTime()),
        ModelWeights.bind(spec, t, "test"),
        Map.of(KeyScaling.FILE, scaling.toJson()));
  }
}
