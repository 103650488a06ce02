package io.statecast.dashboard;

import static io.statecast.dashboard.Events.DAY;
import static io.statecast.dashboard.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.avro.Anomaly;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.ForecastInterval;
import io.statecast.avro.Observation;
import io.statecast.dashboard.Payloads.KeySeriesView;
import io.statecast.dashboard.Payloads.Point;
import io.statecast.dashboard.Payloads.StreamSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardStateTest {

  private static final long NOW = 1_800_000_000_000L; // the wall clock: a whole second

  private final DashboardState state =
      new DashboardState(
          DashboardLimits.builder().setMaxKeys(3).setPointsPerKey(100).build(), NOW - 60_000);

  @Test
  void summarisesRatesLatencyRejectsModelsAndKeys() {
    for (int i = 0; i < 20; i++) {
      state.observation(Events.observation("k" + (i % 2), i), NOW - 10_000 + i * 500L);
    }
    for (int i = 0; i < 10; i++) {
      long observed = NOW - 10_000 + i * 1_000L;
      state.forecast(Events.forecast("k0", i, 1 + i / 5, observed, observed + 10 * (i + 1), 1f));
    }
    state.deadLetter(Events.deadLetter(ErrorKind.NON_FINITE_VALUE, "k9", "NaN target", NOW - 500));
    state.lateEvent(Events.deadLetter(ErrorKind.LATE_EVENT, "k1", "3 s behind", NOW - 400));
    state.undecodable("observations");

    StreamSummary s = state.summary(NOW);
    assertThat(s.observations().total()).isEqualTo(20);
    assertThat(s.observations().perSecond()).isEqualTo(2.0); // 20 events in the last 10 s
    assertThat(s.forecasts().perSecond()).isEqualTo(1.0);
    assertThat(s.latency().p50()).isEqualTo(50.0); // latencies 10, 20, … 100 ms
    assertThat(s.latency().p99()).isEqualTo(100.0);
    assertThat(s.latency().max()).isEqualTo(100.0);
    assertThat(s.latency().samples()).isEqualTo(10);
    assertThat(s.deadLetters().byKind()).isEqualTo(Map.of("NON_FINITE_VALUE", 1L));
    assertThat(s.deadLetters().latestByKind().get("NON_FINITE_VALUE").key()).isEqualTo("k9");
    assertThat(s.lateEvents().total()).isEqualTo(1);
    assertThat(s.lateEvents().perSecond()).isEqualTo(0.1);
    assertThat(s.models()).containsExactly(new Payloads.ModelSeen("demo", 2, 10));
    assertThat(s.keys()).isEqualTo(new Payloads.Keys(2, 0, 3));
    assertThat(s.undecodable()).isEqualTo(Map.of("observations", 1L));
  }

  @Test
  void aPointCarriesItsForecastsWidestIntervalAndTheAnomalyFlaggedForItsActual() {
    state.observation(Events.observation("k", 0), NOW);
    Forecast f = Events.forecast("k", 0, 3, NOW, NOW + 5, 110f);
    f.setIntervals(
        List.of(
            new ForecastInterval(0.9f, List.of(90f), List.of(130f)),
            new ForecastInterval(0.5f, List.of(100f), List.of(120f))));
    state.forecast(f);
    state.observation(Events.observation("k", 1), NOW);
    state.anomaly(
        Anomaly.newBuilder()
            .setKey("k")
            .setEventTime(T0 + DAY)
            .setActual(200f)
            .setCoverage(0.9f)
            .setLower(90f)
            .setUpper(130f)
            .setForecast(110f)
            .setScore(1.75f)
            .setForecastEventTime(T0)
            .setModelId("demo")
            .setModelVersion(3)
            .setEmittedAt(NOW)
            .build());

    assertThat(state.view("k", 0).points())
        .containsExactly(
            new Point(T0, Events.value("k", 0), 110f, 3, 90f, 130f, null),
            new Point(T0 + DAY, Events.value("k", 1), null, 0, null, null, 1.75f));
  }

  @Test
  void aKeysViewHasItsPointsErrorAndLatestHorizonThenOnlyWhatChanged() {
    state.observation(Events.observation("k", 0), NOW);
    state.forecast(Events.forecast("k", 0, 3, NOW, NOW + 5, 110f, 111f));
    Observation second = Events.observation("k", 1);
    state.observation(second, NOW);

    KeySeriesView full = state.view("k", 0);
    assertThat(full.full()).isTrue();
    assertThat(full.points())
        .containsExactly(
            new Point(T0, Events.value("k", 0), 110f, 3),
            new Point(T0 + DAY, second.getTarget(), null, 0));
    assertThat(full.horizon()).containsExactly(110f, 111f);
    assertThat(full.horizonTime()).isEqualTo(T0);
    assertThat(full.modelVersion()).isEqualTo(3);
    assertThat(full.lastError()).isEqualTo(Math.abs((double) second.getTarget() - 110f));
    assertThat(full.meanAbsoluteError()).isEqualTo(full.lastError());

    assertThat(state.view("k", full.stamp())).isNull(); // nothing new
    state.forecast(Events.forecast("k", 1, 3, NOW, NOW + 5, 120f, 121f));
    KeySeriesView delta = state.view("k", full.stamp());
    assertThat(delta.full()).isFalse();
    assertThat(delta.points()).containsExactly(new Point(T0 + DAY, second.getTarget(), 120f, 3));
    assertThat(delta.horizon()).containsExactly(120f, 121f);
    assertThat(state.view("unknown", 0)).isNull();
  }

  @Test
  void keysAreBoundedAndSearchable() {
    for (String k : List.of("pump-1", "pump-2", "valve-1", "pump-3")) {
      state.observation(Events.observation(k, 0), NOW);
    }
    assertThat(state.heldKeys()).isEqualTo(3);
    assertThat(state.search("pump", 10)).containsExactly("pump-2", "pump-3");
    assertThat(state.summary(NOW).keys().evicted()).isEqualTo(1);
  }

  @Test
  void keysThatCannotBeChartedAreCountedNotKept() {
    state.observation(Events.observation("x".repeat(300), 0), NOW);
    Observation noKey = Events.observation("k", 0);
    noKey.setKey(null);
    state.observation(noKey, NOW);
    assertThat(state.heldKeys()).isZero();
    assertThat(state.summary(NOW).observations().total()).isEqualTo(2);
  }
}
