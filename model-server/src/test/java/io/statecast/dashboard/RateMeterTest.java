package io.statecast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateMeterTest {

  private static final long T0 = 1_700_000_000_000L; // a whole second

  @Test
  void theRateIsTheCountOfTheCompleteBucketsOfTheWindowOverItsLength() {
    RateMeter m = new RateMeter(1_000, 10, T0 - 60_000);
    for (int s = 0; s < 20; s++) {
      m.add(T0 + s * 1_000L + 500, s); // s events in second s
    }
    // At T0 + 20 s the window is seconds 10..19: 10 + 11 + ... + 19 = 145 events in 10 s.
    assertThat(m.perSecond(T0 + 20_000)).isEqualTo(14.5);
    // The current (incomplete) second does not count.
    m.add(T0 + 20_100, 1_000);
    assertThat(m.perSecond(T0 + 20_999)).isEqualTo(14.5);
    assertThat(m.total()).isEqualTo(190 + 1_000);
    // Later, the window slides: seconds 11..20.
    assertThat(m.perSecond(T0 + 21_000)).isEqualTo((145 - 10 + 1_000) / 10.0);
  }

  @Test
  void aYoungMeterDividesByTheSecondsItHasSeen() {
    RateMeter m = new RateMeter(1_000, 10, T0);
    m.add(T0 + 100, 3);
    m.add(T0 + 1_100, 5);
    assertThat(m.perSecond(T0 + 500)).isZero(); // no complete second yet
    assertThat(m.perSecond(T0 + 1_000)).isEqualTo(3.0);
    assertThat(m.perSecond(T0 + 2_000)).isEqualTo(4.0);
  }

  @Test
  void eventsOlderThanTheWindowCountInTheTotalOnly() {
    RateMeter m = new RateMeter(1_000, 5, T0 - 60_000);
    m.add(T0 + 10_000, 7);
    m.add(T0, 1_000_000); // a replayed backlog, far behind
    assertThat(m.perSecond(T0 + 11_000)).isEqualTo(7 / 5.0);
    assertThat(m.total()).isEqualTo(1_000_007);
  }

  @Test
  void theRateDecaysToZeroWhenEventsStop() {
    RateMeter m = new RateMeter(1_000, 10, T0 - 60_000);
    m.add(T0, 100);
    assertThat(m.perSecond(T0 + 1_000)).isEqualTo(10.0);
    assertThat(m.perSecond(T0 + 11_000)).isZero();
  }
}
