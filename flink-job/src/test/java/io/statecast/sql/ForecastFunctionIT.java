package io.statecast.sql;

import static org.apache.flink.table.api.Expressions.$;
import static org.apache.flink.table.api.Expressions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.testing.TestModels;
import io.statecast.testing.flink.LocalFlink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ForecastFunction} in a query on a MiniCluster, over a table of values: every valid row's
 * forecast equals stepping its key offline in float32, one key at a time, to {@link #TOLERANCE},
 * with the key's step count; refused rows come out with the reason and change nothing. From SQL and
 * from the Table API alike.
 */
class ForecastFunctionIT {

  private static final int KEYS = 5;
  private static final int DAYS = 12;

  /**
   * The oracle steps on DJL in float32, the function on the fast kernel: both float32, rounded in
   * another order, a few units in the last place apart at values near 10 (ulp ≈ 1e-6). The
   * comparison with the DataStream job itself, on the same kernel, is {@link SqlOverKafkaIT}'s, at
   * 1e-6.
   */
  private static final double TOLERANCE = 1e-5;

  @TempDir static Path tmp;
  private static ModelArtifact model;

  @BeforeAll
  static void files() throws Exception {
    model = TestModels.write(tmp.resolve("model"));
  }

  /** Days of {@link #KEYS} keys, day by day across keys, with bad rows among them. */
  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (int d = 0; d < DAYS; d++) {
      for (int k = 0; k < KEYS; k++) {
        rows.add(row("key-" + k, d, (float) (10 + 3 * Math.sin(0.7 * d + k))));
      }
      if (d == 4) {
        rows.add(row("key-1", 4, 99f)); // the same event time again: a duplicate
        rows.add(row("key-2", 2, 99f)); // before the key's last: late
        rows.add(row("key-3", 5, 1e20f)); // beyond the accepted magnitude: refused, day 5 follows
      }
    }
    return rows;
  }

  private static Row row(String key, int day, float target) {
    return Row.of(key, TestModels.START + day * TestModels.DAY, target);
  }

  /**
   * The rows as a table, from one ordered source: a table of literal values is planned as a union
   * of one source per row wherever the rows' types differ, which would not keep a key's order.
   */
  private static StreamTableEnvironment tables() {
    StreamExecutionEnvironment env = LocalFlink.local(new Configuration(), 2);
    StreamTableEnvironment t = StreamTableEnvironment.create(env);
    DataStream<Row> rows =
        env.fromData(
                rows(),
                Types.ROW_NAMED(
                    new String[] {"key", "eventTime", "target"},
                    Types.STRING,
                    Types.LONG,
                    Types.FLOAT))
            .setParallelism(1);
    t.createTemporaryView("observations", rows);
    return t;
  }

  @Test
  void sqlForecastsEqualSteppingEachKeyOffline() throws Exception {
    StreamTableEnvironment t = tables();
    t.executeSql(
        "CREATE TEMPORARY FUNCTION STATECAST_FORECAST AS '"
            + ForecastFunction.class.getName()
            + "'");
    Table out =
        t.sqlQuery(
            "SELECT `key`, eventTime, forecast, model_id, model_version, steps, error_kind,"
                + " intervals FROM STATECAST_FORECAST(input => TABLE observations PARTITION BY `key`,"
                + " model => '"
                + model.directory()
                + "')");
    assertMatchesOffline(collect(out));
  }

  @Test
  void tableApiForecastsEqualSteppingEachKeyOffline() throws Exception {
    StreamTableEnvironment t = tables();
    Table out =
        t.from("observations")
            .partitionBy($("key"))
            .process(ForecastFunction.class, lit(model.directory().toString()).asArgument("model"))
            .select(
                $("key"),
                $("eventTime"),
                $("forecast"),
                $("model_id"),
                $("model_version"),
                $("steps"),
                $("error_kind"));
    assertMatchesOffline(collect(out));
  }

  private static List<Row> collect(Table table) throws Exception {
    List<Row> out = new ArrayList<>();
    try (CloseableIterator<Row> it = table.execute().collect()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private static void assertMatchesOffline(List<Row> out) throws Exception {
    TestModels.Offline oracle = TestModels.Offline.float32(model);
    Map<String, float[]> expected = new HashMap<>();
    Map<String, Long> steps = new HashMap<>();
    for (int d = 0; d < DAYS; d++) {
      for (int k = 0; k < KEYS; k++) {
        Observation o =
            TestModels.observation("key-" + k, d, (float) (10 + 3 * Math.sin(0.7 * d + k)));
        expected.put(o.getKey() + "@" + o.getEventTime(), oracle.step(o));
        steps.put(o.getKey() + "@" + o.getEventTime(), oracle.steps(o.getKey()));
      }
    }
    List<String> refused = new ArrayList<>();
    int forecasts = 0;
    for (Row r : out) {
      String id = r.getField(0) + "@" + r.getField(1);
      assertThat(r.getField(3)).isEqualTo("test-model");
      assertThat(r.getField(4)).isEqualTo(1);
      if (r.getArity() > 7) {
        assertThat(r.getField(7)).as("a point head has no intervals").isNull();
      }
      if (r.getField(6) != null) {
        assertThat(r.getField(2)).as("no forecast for a refused row").isNull();
        refused.add(r.getField(0) + ":" + r.getField(6));
        continue;
      }
      Float[] values = (Float[]) r.getField(2);
      float[] want = expected.remove(id);
      assertThat(want).as("one forecast per valid row: " + id).isNotNull();
      assertThat(r.getField(5)).as(id + " steps").isEqualTo(steps.get(id));
      assertThat(values).hasSize(want.length);
      for (int j = 0; j < want.length; j++) {
        assertThat((double) values[j]).as(id).isCloseTo(want[j], within(TOLERANCE));
      }
      forecasts++;
    }
    assertThat(forecasts).isEqualTo(KEYS * DAYS);
    assertThat(expected).isEmpty();
    assertThat(refused)
        .containsExactlyInAnyOrder(
            "key-1:DUPLICATE_EVENT", "key-2:LATE_EVENT", "key-3:NON_FINITE_VALUE");
  }
}
