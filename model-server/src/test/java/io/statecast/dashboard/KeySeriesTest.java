package io.statecast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeySeriesTest {

  /** The points a sink receives, as {@code "t:actual:forecast:version"}. */
  private static List<String> points(KeySeries s, long since) {
    List<String> out = new ArrayList<>();
    s.forEachSince(since, (t, a, f, v, lo, up, an) -> out.add(t + ":" + a + ":" + f + ":" + v));
    return out;
  }

  @Test
  void mergesObservationsAndForecastsOfTheSameEventTime() {
    KeySeries s = new KeySeries(10);
    s.observe(100, 1.5f, 1);
    s.forecast(100, 1.5f, List.of(2f, 3f, 4f), null, "demo", 1, 1, 2);
    s.observe(200, 2.5f, 3);

    assertThat(points(s, 0)).containsExactly("100:1.5:2.0:1", "200:2.5:NaN:0");
    assertThat(s.horizon()).containsExactly(2f, 3f, 4f);
    assertThat(s.horizonTime()).isEqualTo(100);
    assertThat(s.modelId()).isEqualTo("demo");
    assertThat(s.modelVersion()).isEqualTo(1);
    assertThat(s.observationCount()).isEqualTo(2);
    assertThat(s.forecastCount()).isEqualTo(1);
  }

  @Test
  void aForecastBeforeItsObservationCreatesThePointWithTheForecastsCopyOfTheActual() {
    KeySeries s = new KeySeries(10);
    s.forecast(100, 7f, List.of(8f), null, "demo", 2, 5, 1);
    s.observe(100, 7f, 2);
    assertThat(points(s, 0)).containsExactly("100:7.0:8.0:2");
    assertThat(s.steps()).isEqualTo(5);
  }

  @Test
  void keepsTheLastPointsInEventTimeOrderWhenTheRingIsFull() {
    KeySeries s = new KeySeries(3);
    for (int t = 1; t <= 5; t++) {
      s.observe(t * 10L, t, t);
    }
    assertThat(s.times()).containsExactly(30, 40, 50);
    s.observe(35, 3.5f, 6); // late but newer than the oldest kept: inserted, the oldest dropped
    assertThat(s.times()).containsExactly(35, 40, 50);
    s.observe(20, 2f, 7); // older than every kept point of a full ring: dropped
    assertThat(s.times()).containsExactly(35, 40, 50);
    assertThat(s.size()).isEqualTo(3);
  }

  @Test
  void growsByDoublingUpToTheBoundAndKeepsOrderAcrossTheWrap() {
    KeySeries s = new KeySeries(40);
    for (int t = 0; t < 100; t++) {
      s.observe(t, t, t + 1);
    }
    long[] expected = new long[40];
    for (int i = 0; i < 40; i++) {
      expected[i] = 60 + i;
    }
    assertThat(s.times()).containsExactly(expected);
  }

  @Test
  void deltasHoldExactlyThePointsStampedAfterTheGivenStamp() {
    KeySeries s = new KeySeries(10);
    s.observe(100, 1f, 1);
    s.observe(200, 2f, 2);
    s.observe(300, 3f, 3);
    assertThat(points(s, 2)).containsExactly("300:3.0:NaN:0");
    // The forecast at 100 changes that point and the error of the next one (200).
    s.forecast(100, 1f, List.of(1.5f), null, "demo", 1, 1, 4);
    assertThat(points(s, 3)).containsExactly("100:1.0:1.5:1", "200:2.0:NaN:0");
    assertThat(s.lastStamp()).isEqualTo(4);
    assertThat(points(s, 4)).isEmpty();
  }

  @Test
  void theErrorIsTheActualMinusTheForecastMadeOneEventBefore() {
    KeySeries s = new KeySeries(10);
    s.observe(1, 10f, 1);
    s.forecast(1, 10f, List.of(12f, 13f), null, "m", 1, 1, 2); // forecasts 12 for t=2
    s.observe(2, 11f, 3); // |11 - 12| = 1
    s.forecast(2, 11f, List.of(10f, 9f), null, "m", 1, 2, 4); // forecasts 10 for t=3
    s.observe(3, 14f, 5); // |14 - 10| = 4
    s.observe(4, 15f, 6); // no forecast was made at t=3: no error
    assertThat(s.errors()).containsExactly(1.0, 4.0);
    assertThat(s.meanAbsoluteError()).isCloseTo(2.5, within(1e-12));
    assertThat(s.horizon()).containsExactly(10f, 9f);
  }

  @Test
  void anOlderForecastArrivingLateDoesNotReplaceTheFan() {
    KeySeries s = new KeySeries(10);
    s.forecast(200, 2f, List.of(5f), null, "m", 2, 2, 1);
    s.forecast(100, 1f, List.of(4f), null, "m", 1, 1, 2);
    assertThat(s.horizon()).containsExactly(5f);
    assertThat(s.modelVersion()).isEqualTo(2);
    assertThat(points(s, 0)).containsExactly("100:1.0:4.0:1", "200:2.0:5.0:2");
  }

  @Test
  void withoutErrorsTheMeanIsNaN() {
    KeySeries s = new KeySeries(4);
    s.observe(1, 1f, 1);
    assertThat(s.errors()).isEmpty();
    assertThat(s.meanAbsoluteError()).isNaN();
  }
}
