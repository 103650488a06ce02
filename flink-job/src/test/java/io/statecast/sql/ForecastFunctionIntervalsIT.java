package io.statecast.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.cell.reference.ReferenceModel;
import io.statecast.features.AdaptiveQuantiles;
import io.statecast.features.FeatureEncoder;
import io.statecast.model.Adaptation;
import io.statecast.model.FeatureSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.testing.TestModels;
import io.statecast.testing.flink.LocalFlink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ForecastFunction} with a quantile head (levels 0.1, 0.25, 0.5, 0.75, 0.9) in a SQL query
 * on a MiniCluster: {@code forecast} is the median and {@code intervals} the 80% and 50% intervals,
 * each equal to the double-precision reference's output blocks converted to target units here
 * ({@code v · σ + μ} of the model's target: the artifact has no per-key statistics) and sorted per
 * step; a bound also as the documented query reads it ({@code intervals[1].`upper`[1]}). The random
 * weights make the raw levels cross, so the sorting is exercised (checked). The same model adapting
 * online ({@code head.adaptation}) answers each row as the reference adapted with its key's earlier
 * actuals ({@link AdaptiveQuantiles}): the function keeps the adaptation in its state.
 */
class ForecastFunctionIntervalsIT {

  private static final List<Double> LEVELS = List.of(0.1, 0.25, 0.5, 0.75, 0.9);
  private static final int H = 3;
  private static final int KEYS = 3;
  private static final int DAYS = 10;

  /** The function steps float32 on the fast kernel; the reference is double (values near 10). */
  private static final double TOLERANCE = 1e-4;

  @TempDir static Path tmp;
  private static ModelArtifact model;
  private static ModelArtifact adapting;

  @BeforeAll
  static void files() throws Exception {
    ModelSpec p = TestModels.spec();
    ModelSpec spec =
        new ModelSpec(
            p.format(),
            "test-quantiles",
            1,
            p.description(),
            p.inputs(),
            p.cell(),
            p.stack(),
            new HeadSpec(H, 2, 0, LEVELS, false));
    model = ModelArtifact.write(tmp.resolve("model"), RandomWeights.of(spec, 23), Map.of());
    ModelSpec adaptive =
        new ModelSpec(
            spec.format(),
            "test-quantiles-adapting",
            1,
            spec.description(),
            spec.inputs(),
            spec.cell(),
            spec.stack(),
            spec.head().withAdaptation(new Adaptation(0.2, 0.3)));
    adapting =
        ModelArtifact.write(
            tmp.resolve("adapting"),
            ModelWeights.bind(adaptive, model.weights().tensors(), "adapting"),
            Map.of());
  }

  @Test
  void theForecastIsTheMedianAndTheIntervalsTheSortedBounds() throws Exception {
    check(model);
  }

  @Test
  void anAdaptingModelAdaptsEachKeyWithItsEarlierActuals() throws Exception {
    Map<String, float[][]> plain = reference(model);
    double moved = 0;
    for (Map.Entry<String, float[][]> e : reference(adapting).entrySet()) {
      for (int q = 0; q < LEVELS.size(); q++) {
        for (int j = 0; j < H; j++) {
          moved = Math.max(moved, Math.abs(e.getValue()[q][j] - plain.get(e.getKey())[q][j]));
        }
      }
    }
    assertThat(moved)
        .as("the adaptation moves the forecasts far beyond the tolerance")
        .isGreaterThan(0.1);
    check(adapting);
  }

  private static void check(ModelArtifact model) throws Exception {
    Map<String, float[][]> expected = reference(model);
    List<Row> out = run(model);
    assertThat(out).hasSize(KEYS * DAYS);
    for (Row r : out) {
      String id = r.getField(0) + "@" + r.getField(1);
      float[][] want = expected.get(id);
      assertThat(r.getField(4)).as(id + " refused").isNull();
      assertValues((Float[]) r.getField(2), want[2], id + " forecast");
      Row[] intervals = (Row[]) r.getField(3);
      assertThat(intervals).as(id).hasSize(2);
      assertThat((Float) intervals[0].getField(0)).isEqualTo(0.8f);
      assertValues((Float[]) intervals[0].getField(1), want[0], id + " lower 80");
      assertValues((Float[]) intervals[0].getField(2), want[4], id + " upper 80");
      assertThat((Float) intervals[1].getField(0)).isEqualTo(0.5f);
      assertValues((Float[]) intervals[1].getField(1), want[1], id + " lower 50");
      assertValues((Float[]) intervals[1].getField(2), want[3], id + " upper 50");
      assertThat((double) (Float) r.getField(5))
          .as(id + " as the documented query reads it")
          .isCloseTo(want[4][0], within(TOLERANCE));
    }
  }

  private static void assertValues(Float[] got, float[] want, String what) {
    assertThat(got).as(what).hasSize(want.length);
    for (int j = 0; j < want.length; j++) {
      assertThat((double) got[j])
          .as(what + " step " + (j + 1))
          .isCloseTo(want[j], within(TOLERANCE));
    }
  }

  private static List<Row> run(ModelArtifact model) throws Exception {
    StreamExecutionEnvironment env = LocalFlink.local(new Configuration(), 2);
    StreamTableEnvironment t = StreamTableEnvironment.create(env);
    List<Row> rows = new ArrayList<>();
    for (Observation o : observations()) {
      rows.add(Row.of(o.getKey(), o.getEventTime(), o.getTarget()));
    }
    DataStream<Row> source =
        env.fromData(
                rows,
                Types.ROW_NAMED(
                    new String[] {"key", "eventTime", "target"},
                    Types.STRING,
                    Types.LONG,
                    Types.FLOAT))
            .setParallelism(1);
    t.createTemporaryView("observations", source);
    t.executeSql(
        "CREATE TEMPORARY FUNCTION STATECAST_FORECAST AS '"
            + ForecastFunction.class.getName()
            + "'");
    List<Row> out = new ArrayList<>();
    try (CloseableIterator<Row> it =
        t.sqlQuery(
                "SELECT `key`, eventTime, forecast, intervals, error,"
                    + " intervals[1].`upper`[1] AS upper80_1 FROM STATECAST_FORECAST("
                    + "input => TABLE observations PARTITION BY `key`, model => '"
                    + model.directory()
                    + "')")
            .execute()
            .collect()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private static List<Observation> observations() {
    List<Observation> out = new ArrayList<>();
    for (int d = 0; d < DAYS; d++) {
      for (int k = 0; k < KEYS; k++) {
        out.add(TestModels.observation("key-" + k, d, (float) (10 + 3 * Math.sin(0.9 * d + k))));
      }
    }
    return out;
  }

  /**
   * Each row's expected {@code [level][step]} in target units, sorted per step: every key stepped
   * offline in double precision; checks that the raw levels crossed somewhere.
   */
  private static Map<String, float[][]> reference(ModelArtifact model) throws Exception {
    ReferenceModel reference = new ReferenceModel(model.weights());
    FeatureEncoder encoder = FeatureEncoder.of(model);
    FeatureSpec target = model.spec().inputs().features().get(0);
    AdaptiveQuantiles adaptive = AdaptiveQuantiles.of(model.spec().head());
    Map<String, float[]> adaptation = new HashMap<>();
    Map<String, double[]> states = new HashMap<>();
    Map<String, Long> last = new HashMap<>();
    Map<String, float[][]> out = new HashMap<>();
    boolean crossed = false;
    for (Observation o : observations()) {
      float[] x = new float[encoder.size()];
      encoder.encode(o, last.getOrDefault(o.getKey(), FeatureEncoder.NO_PREVIOUS), x, 0);
      last.put(o.getKey(), o.getEventTime());
      double[] xd = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        xd[i] = x[i];
      }
      double[] state = states.computeIfAbsent(o.getKey(), k -> reference.newState());
      double[] raw = reference.step(xd, state).forecast();
      float[][] want = new float[LEVELS.size()][H];
      for (int j = 0; j < H; j++) {
        float[] step = new float[LEVELS.size()];
        for (int q = 0; q < step.length; q++) {
          step[q] = (float) (raw[q * H + j] * target.std() + target.mean());
        }
        float[] sorted = step.clone();
        Arrays.sort(sorted);
        crossed |= !Arrays.equals(step, sorted);
        for (int q = 0; q < step.length; q++) {
          want[q][j] = sorted[q];
        }
      }
      if (adaptive != null) {
        float[] row = new float[LEVELS.size() * H];
        for (int q = 0; q < LEVELS.size(); q++) {
          System.arraycopy(want[q], 0, row, q * H, H);
        }
        float[] a = adaptation.computeIfAbsent(o.getKey(), k -> adaptive.initialState());
        adaptive.step(a, o.getTarget(), target.std(), row, 0);
        for (int q = 0; q < LEVELS.size(); q++) {
          System.arraycopy(row, q * H, want[q], 0, H);
        }
      }
      out.put(o.getKey() + "@" + o.getEventTime(), want);
    }
    assertThat(crossed).as("the raw levels cross somewhere: the sorting is exercised").isTrue();
    return out;
  }
}
