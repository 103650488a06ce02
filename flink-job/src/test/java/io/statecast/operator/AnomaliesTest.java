package io.statecast.operator;

import static io.statecast.operator.LstmForecastOperatorTest.harness;
import static io.statecast.testing.TestModels.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Anomaly;
import io.statecast.avro.Forecast;
import io.statecast.source.ObservationEvent;
import io.statecast.testing.QuantileModels;
import io.statecast.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anomaly flags in the operator: a quantile model whose intervals are known exactly ({@link
 * QuantileModels}: the 0.9 interval is {@code [y − 2, y + 2]}, the 0.8 one {@code [y − 1, y + 1]}
 * around the key's last target {@code y}), scored by hand.
 */
class AnomaliesTest {

  @TempDir Path tmp;
  private ModelArtifact quantile;

  @BeforeEach
  void writeModel() throws Exception {
    quantile = QuantileModels.write(tmp.resolve("q"), 0, 1, new double[] {-2, -1, 0, 1, 2});
  }

  private ForecastOperatorConfig config(ModelArtifact model, AnomalyRule rule) {
    return ForecastOperatorConfig.builder(model.directory().toString())
        .setBatch(4, Duration.ofMillis(50))
        .setAnomalyRule(rule)
        .build();
  }

  private record Run(List<Forecast> forecasts, List<Anomaly> anomalies, long counted) {}

  private static Run run(ForecastOperatorConfig config, List<ObservationEvent> events)
      throws Exception {
    try (var h = harness(config)) {
      h.open();
      send(h, events);
      h.endInput1();
      return new Run(
          h.extractOutputValues(),
          anomalies(h),
          ((LstmForecastOperator) h.getOperator()).metrics().anomalies.getCount());
    }
  }

  static void send(
      KeyedTwoInputStreamOperatorTestHarness<String, ObservationEvent, ?, Forecast> h,
      List<ObservationEvent> events)
      throws Exception {
    for (ObservationEvent e : events) {
      h.processElement1(new StreamRecord<>(e, e.eventTime()));
    }
  }

  static List<Anomaly> anomalies(
      KeyedTwoInputStreamOperatorTestHarness<String, ObservationEvent, ?, Forecast> h) {
    List<Anomaly> out = new ArrayList<>();
    var side = h.getSideOutput(LstmForecastOperator.ANOMALIES);
    if (side != null) {
      side.forEach(r -> out.add(r.getValue()));
    }
    return out;
  }

  /** Key {@code a}'s days 0–5 with a spike up on day 2 and a dip on day 5. */
  private static List<ObservationEvent> spikes() {
    float[] a = {10f, 10.5f, 20f, 19f, 18f, 14f};
    List<ObservationEvent> events = new ArrayList<>();
    for (int d = 0; d < a.length; d++) {
      events.add(event("a", d, a[d], d));
      events.add(event("b", d, 5f + d * 0.5f, 100 + d)); // always inside
    }
    return events;
  }

  @Test
  void forecastsCarryTheIntervalsTheModelWasBuiltWith() throws Exception {
    Run r = run(config(quantile, AnomalyRule.DEFAULT), List.of(event("a", 0, 10f, 0)));

    Forecast f = r.forecasts().get(0);
    assertThat(f.getValues()).containsExactly(10f);
    assertThat(f.getIntervals()).hasSize(2);
    assertThat(f.getIntervals().get(0).getCoverage()).isCloseTo(0.9f, within(1e-6f));
    assertThat(f.getIntervals().get(0).getLower()).containsExactly(8f);
    assertThat(f.getIntervals().get(0).getUpper()).containsExactly(12f);
    assertThat(f.getIntervals().get(1).getLower()).containsExactly(9f);
  }

  @Test
  void anActualBeyondThresholdWidthsOutsideTheWidestIntervalIsAnAnomaly() throws Exception {
    Run r = run(config(quantile, AnomalyRule.DEFAULT), spikes());

    // day 2: 20 against [8.5, 12.5], 7.5 above, width 4 → 1.875; day 5: 14 against [16, 20] → 0.5,
    // not above the default threshold 0.5; day 3 (19 against [18, 22]) is inside.
    assertThat(r.anomalies()).hasSize(1);
    Anomaly a = r.anomalies().get(0);
    assertThat(a.getKey()).isEqualTo("a");
    assertThat(a.getEventTime()).isEqualTo(TestModels.START + 2 * TestModels.DAY);
    assertThat(a.getForecastEventTime()).isEqualTo(TestModels.START + TestModels.DAY);
    assertThat(a.getActual()).isEqualTo(20f);
    assertThat(a.getLower()).isEqualTo(8.5f);
    assertThat(a.getUpper()).isEqualTo(12.5f);
    assertThat(a.getForecast()).isEqualTo(10.5f);
    assertThat(a.getCoverage()).isCloseTo(0.9f, within(1e-6f));
    assertThat(a.getScore()).isCloseTo(1.875f, within(1e-6f));
    assertThat(a.getModelId()).isEqualTo("quantile-test-model");
    assertThat(a.getModelVersion()).isEqualTo(1);
    assertThat(r.counted()).isEqualTo(1);
  }

  @Test
  void thresholdZeroFlagsEveryActualOutsideAndTheCoverageOptionPicksTheInterval() throws Exception {
    Run widest = run(config(quantile, new AnomalyRule(0, 0)), spikes());
    Run eighty = run(config(quantile, new AnomalyRule(0, 0.8)), spikes());

    assertThat(widest.anomalies())
        .extracting(Anomaly::getActual, Anomaly::getScore)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(20f, 1.875f),
            org.assertj.core.groups.Tuple.tuple(14f, 0.5f));
    // 0.8: [9.5, 11.5] on day 2 → 8.5 / 2; day 3: 19 against [19, 21] inside; day 4: 18 against
    // [18, 20] inside; day 5: 14 against [17, 19] → 3 / 2.
    assertThat(eighty.anomalies())
        .extracting(Anomaly::getActual, Anomaly::getScore)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(20f, 4.25f),
            org.assertj.core.groups.Tuple.tuple(14f, 1.5f));
    assertThat(eighty.anomalies()).allSatisfy(a -> assertThat(a.getCoverage()).isEqualTo(0.8f));
  }

  @Test
  void anEventAfterAPauseIsNotComparedWithTheForecastOfTheStepItSkipped() throws Exception {
    List<ObservationEvent> events = new ArrayList<>();
    events.add(event("a", 0, 10f, 0));
    events.add(event("a", 1, 10f, 1));
    events.add(event("a", 4, 30f, 2)); // 3 days after a 1-day step: the forecast was for day 2
    events.add(event("a", 5, 30f, 3)); // 1 day after a 3-day gap: compared, inside
    events.add(event("a", 6, 90f, 4)); // compared: far above

    Run r = run(config(quantile, new AnomalyRule(0, 0)), events);

    assertThat(r.anomalies())
        .extracting(Anomaly::getEventTime)
        .containsExactly(TestModels.START + 6 * TestModels.DAY);
  }

  @Test
  void aPointModelMakesNoAnomaliesAndKeepsNoPendingInterval() throws Exception {
    ModelArtifact point = TestModels.write(tmp.resolve("point"));
    List<ObservationEvent> events = new ArrayList<>();
    for (int d = 0; d < 6; d++) {
      events.add(event("a", d, d % 2 == 0 ? 1e4f : -1e4f, d));
    }

    Run r = run(config(point, new AnomalyRule(0, 0)), events);

    assertThat(r.forecasts()).hasSize(6).allSatisfy(f -> assertThat(f.getIntervals()).isNull());
    assertThat(r.anomalies()).isEmpty();
    assertThat(r.counted()).isZero();
  }

  @Test
  void thePendingIntervalSurvivesASnapshotAndRestore() throws Exception {
    checkRestore(false);
  }

  @Test
  void thePendingIntervalSurvivesASnapshotAndRestoreOnRocksDb() throws Exception {
    checkRestore(true);
  }

  private void checkRestore(boolean rocksDb) throws Exception {
    ForecastOperatorConfig config = config(quantile, AnomalyRule.DEFAULT);
    OperatorSubtaskState snapshot;
    try (var h = harness(config)) {
      if (rocksDb) {
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
      }
      h.open();
      send(h, List.of(event("a", 0, 10f, 0), event("a", 1, 10.5f, 1)));
      h.prepareSnapshotPreBarrier(1);
      snapshot = h.snapshot(1, 1);
    }
    try (var h = harness(config)) {
      if (rocksDb) {
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
      }
      h.initializeState(snapshot);
      h.open();
      send(h, List.of(event("a", 2, 20f, 2)));
      h.endInput1();

      assertThat(anomalies(h))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getForecastEventTime()).isEqualTo(TestModels.START + TestModels.DAY);
                assertThat(a.getScore()).isCloseTo(1.875f, within(1e-6f));
              });
    }
  }

  @Test
  void theRuleRefusesNegativeThresholdsAndCoveragesOutsideTheUnitInterval() {
    assertThatThrownBy(() -> new AnomalyRule(-0.1, 0)).hasMessageContaining("threshold");
    assertThatThrownBy(() -> new AnomalyRule(Double.NaN, 0)).hasMessageContaining("threshold");
    assertThatThrownBy(() -> new AnomalyRule(1, 1)).hasMessageContaining("coverage");
    assertThat(AnomalyRule.score(5, 4, 6)).isZero();
    assertThat(AnomalyRule.score(3, 4, 6)).isEqualTo(0.5);
    assertThat(AnomalyRule.score(7, 5, 5)).isInfinite();
  }
}
