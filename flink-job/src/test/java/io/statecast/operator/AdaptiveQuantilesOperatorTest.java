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
import io.statecast.model.Adaptation;
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
 * Forecasts adapted online per key in the operator ({@link
 * io.statecast.features.AdaptiveQuantiles}), worked by hand on a model whose quantiles are known
 * exactly ({@link QuantileModels}: levels 0.05, 0.1, 0.5, 0.9, 0.95 at {@code y − 2, y − 1, y, y +
 * 1, y + 2} around the key's last target {@code y}; {@code σ = 1}), with steps 0.2 for the median's
 * shift and 0.5 for the other levels: an actual above a level's served value moves it up by {@code
 * η τ}, one below down by {@code η (1 − τ)}, a tie not at all. The adaptation is the key's own, and
 * survives a snapshot and restore on heap and RocksDB.
 */
class AdaptiveQuantilesOperatorTest {

  @TempDir Path tmp;
  private ModelArtifact model;

  @BeforeEach
  void writeModel() throws Exception {
    model =
        QuantileModels.write(
            tmp.resolve("q"), 0, 1, new double[] {-2, -1, 0, 1, 2}, new Adaptation(0.2, 0.5));
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
    // day 2's 20 against day 1's widest interval as served, [8.025, 11.975]: (20 − 11.975) / 3.95
    assertThat(anomalies)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getKey()).isEqualTo("a");
              assertThat(a.getLower()).isCloseTo(8.025f, within(1e-5f));
              assertThat(a.getUpper()).isCloseTo(11.975f, within(1e-5f));
              assertThat(a.getScore()).isCloseTo((float) (8.025 / 3.95), within(1e-5f));
            });
  }

  @Test
  void theAdaptationSurvivesASnapshotAndRestore() throws Exception {
    checkRestore(false);
  }

  @Test
  void theAdaptationSurvivesASnapshotAndRestoreOnRocksDb() throws Exception {
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
   * The forecasts of days 0–3, by hand, as the served levels {@code [q.05, q.1, q.5, q.9, q.95]}.
   * Key a (10, 10, 20, 20): day 1's 10 is above day 0's 8 and 9, tied with 10, below 11 and 12; day
   * 2's 20 is above all of day 1's, so the median's shift becomes 0.1 and the other offsets 0.05,
   * 0.1, 0.4, 0.45; day 3's 20 is above 18.15 and 19.2 and below 20.1, 21.5 and 22.55. Key b (5
   * every day): above the two lower levels, tied with the median and below the two upper ones every
   * day, its offsets {@code (0.025, 0.05, 0, −0.05, −0.025) · d}.
   */
  private static void checkDays(List<Forecast> out) {
    assertThat(out).hasSize(8);
    float[][] a = {
      {8, 9, 10, 11, 12},
      {8.025f, 9.05f, 10, 10.95f, 11.975f},
      {18.15f, 19.2f, 20.1f, 21.5f, 22.55f},
      {18.075f, 19.15f, 20, 21.35f, 22.425f}
    };
    for (int d = 0; d < 4; d++) {
      check(forecast(out, "a", d), a[d]);
      float e = 0.025f * d;
      check(forecast(out, "b", d), new float[] {3 + e, 4 + 2 * e, 5, 6 - 2 * e, 7 - e});
    }
  }

  private static void check(Forecast f, float[] levels) {
    String at = f.getKey() + " at " + f.getEventTime();
    assertThat(f.getValues().get(0)).as(at).isCloseTo(levels[2], within(1e-5f));
    ForecastInterval wide = f.getIntervals().get(0);
    ForecastInterval narrow = f.getIntervals().get(1);
    assertThat(wide.getLower().get(0)).as(at).isCloseTo(levels[0], within(1e-5f));
    assertThat(narrow.getLower().get(0)).as(at).isCloseTo(levels[1], within(1e-5f));
    assertThat(narrow.getUpper().get(0)).as(at).isCloseTo(levels[3], within(1e-5f));
    assertThat(wide.getUpper().get(0)).as(at).isCloseTo(levels[4], within(1e-5f));
  }

  private static Forecast forecast(List<Forecast> out, String key, int day) {
    return out.stream()
        .filter(f -> f.getKey().equals(key))
        .sorted((x, y) -> Long.compare(x.getEventTime(), y.getEventTime()))
        .toList()
        .get(day);
  }
}
