package io.statecast.operator;

import static io.statecast.operator.AnomaliesTest.anomalies;
import static io.statecast.operator.AnomaliesTest.send;
import static io.statecast.operator.LstmForecastOperatorTest.harness;
import static io.statecast.testing.TestModels.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Anomaly;
import io.statecast.avro.Forecast;
import io.statecast.avro.ForecastInterval;
import io.statecast.source.ObservationEvent;
import io.statecast.testing.QuantileModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Intervals calibrated online per key in the operator ({@link
 * io.statecast.features.AdaptiveIntervals}), worked by hand on a model whose intervals are known
 * exactly ({@link QuantileModels}: around the key's last target {@code y}, {@code [y − 2, y + 2]}
 * of coverage 0.9 and {@code [y − 1, y + 1]} of 0.8; {@code σ = 1}), adapted at rate 0.5: each hit
 * narrows an interval by {@code 0.5 α}, each miss widens it by {@code 0.5 (1 − α)}. The calibration
 * is the key's own, and survives a snapshot and restore on heap and RocksDB.
 */
class AdaptiveIntervalsOperatorTest {

  @TempDir Path tmp;
  private ModelArtifact model;

  @BeforeEach
  void writeModel() throws Exception {
    model = QuantileModels.write(tmp.resolve("q"), 0, 1, new double[] {-2, -1, 0, 1, 2}, 0.5);
  }

  private ForecastOperatorConfig config() {
    return ForecastOperatorConfig.builder(model.directory().toString())
        .setBatch(4, Duration.ofMillis(50))
        .setAnomalyRule(AnomalyRule.DEFAULT)
        .build();
  }

  /** Key a: 10, 10, 20, 20 (a jump at day 2); key b: 5 every day. */
  private static List<ObservationEvent> days(int from, int to) {
    float[] a = {10f, 10f, 20f, 20f};
    List<ObservationEvent> events = new ArrayList<>();
    for (int d = from; d < to; d++) {
      events.add(event("a", d, a[d], d));
      events.add(event("b", d, 5f, 100 + d));
    }
    return events;
  }

  @Test
  void eachKeysIntervalsFollowItsOwnMissesAndHits() throws Exception {
    List<Forecast> out;
    List<Anomaly> anomalies;
    try (var h = harness(config())) {
      h.open();
      send(h, days(0, 4));
      h.endInput1();
      out = h.extractOutputValues();
      anomalies = anomalies(h);
    }
    checkDays(out);
    // day 2's 20 against day 1's adapted widest interval [8.05, 11.95]: (20 − 11.95) / 3.9
    assertThat(anomalies)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getKey()).isEqualTo("a");
              assertThat(a.getLower()).isCloseTo(8.05f, within(1e-5f));
              assertThat(a.getScore()).isCloseTo((float) (8.05 / 3.9), within(1e-5f));
            });
  }

  @Test
  void theCalibrationSurvivesASnapshotAndRestore() throws Exception {
    checkRestore(false);
  }

  @Test
  void theCalibrationSurvivesASnapshotAndRestoreOnRocksDb() throws Exception {
    checkRestore(true);
  }

  private void checkRestore(boolean rocksDb) throws Exception {
    List<Forecast> out = new ArrayList<>();
    OperatorSubtaskState snapshot;
    try (var h = harness(config())) {
      if (rocksDb) {
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
      }
      h.open();
      send(h, days(0, 2));
      h.prepareSnapshotPreBarrier(1);
      snapshot = h.snapshot(1, 1);
      out.addAll(h.extractOutputValues());
    }
    try (var h = harness(config())) {
      if (rocksDb) {
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
      }
      h.initializeState(snapshot);
      h.open();
      send(h, days(2, 4));
      h.endInput1();
      out.addAll(h.extractOutputValues());
    }
    checkDays(out);
  }

  /**
   * The forecasts of days 0–3, by hand. Key a: day 0 as the model forecasts; day 1 (10 inside both)
   * δ₉₀ = −0.05, δ₈₀ = −0.1; day 2 (20 outside both) δ₉₀ = −0.05 + 0.45 = 0.4, δ₈₀ = −0.1 + 0.4 =
   * 0.3; day 3 (inside both) δ₉₀ = 0.35, δ₈₀ = 0.2. Key b: inside every day, δ₉₀ = −0.05 d, δ₈₀ =
   * −0.1 d.
   */
  private static void checkDays(List<Forecast> out) {
    assertThat(out).hasSize(8);
    double[][] a = {{0, 0}, {-0.05, -0.1}, {0.4, 0.3}, {0.35, 0.2}};
    float[] ya = {10f, 10f, 20f, 20f};
    for (int d = 0; d < 4; d++) {
      check(forecast(out, "a", d), ya[d], a[d][0], a[d][1]);
      check(forecast(out, "b", d), 5f, -0.05 * d, -0.1 * d);
    }
  }

  private static void check(Forecast f, float y, double d90, double d80) {
    String at = f.getKey() + " at " + f.getEventTime();
    assertThat(f.getValues()).as(at).containsExactly(y);
    ForecastInterval wide = f.getIntervals().get(0);
    ForecastInterval narrow = f.getIntervals().get(1);
    assertThat(wide.getLower().get(0)).as(at).isCloseTo((float) (y - 2 - d90), within(1e-5f));
    assertThat(wide.getUpper().get(0)).as(at).isCloseTo((float) (y + 2 + d90), within(1e-5f));
    assertThat(narrow.getLower().get(0)).as(at).isCloseTo((float) (y - 1 - d80), within(1e-5f));
    assertThat(narrow.getUpper().get(0)).as(at).isCloseTo((float) (y + 1 + d80), within(1e-5f));
  }

  private static Forecast forecast(List<Forecast> out, String key, int day) {
    return out.stream()
        .filter(f -> f.getKey().equals(key))
        .sorted((x, y) -> Long.compare(x.getEventTime(), y.getEventTime()))
        .toList()
        .get(day);
  }
}
