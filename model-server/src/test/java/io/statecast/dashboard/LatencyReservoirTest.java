package io.statecast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyReservoirTest {

  @Test
  void percentilesAreNearestRank() {
    LatencyReservoir r = new LatencyReservoir(1_000);
    for (int v = 100; v >= 1; v--) {
      r.add(v); // 1..100 in reverse order
    }
    assertThat(r.percentiles(50, 99, 100)).containsExactly(50.0, 99.0, 100.0);
    assertThat(r.percentiles(0.5)).containsExactly(1.0);
    assertThat(r.max()).isEqualTo(100.0);
    assertThat(r.size()).isEqualTo(100);
  }

  @Test
  void keepsOnlyTheLatestSamples() {
    LatencyReservoir r = new LatencyReservoir(4);
    for (long v : new long[] {1_000, 1_000, 1, 2, 3, 4}) {
      r.add(v);
    }
    assertThat(r.percentiles(50, 99)).containsExactly(2.0, 4.0);
    assertThat(r.max()).isEqualTo(4.0);
    assertThat(r.size()).isEqualTo(4);
    assertThat(r.count()).isEqualTo(6);
  }

  @Test
  void smallSamples() {
    LatencyReservoir r = new LatencyReservoir(10);
    assertThat(r.percentiles(50, 99)).containsOnly(Double.NaN);
    assertThat(r.max()).isNaN();
    r.add(7);
    r.add(3);
    assertThat(r.percentiles(50, 99)).containsExactly(3.0, 7.0);
    assertThatThrownBy(() -> r.percentiles(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
