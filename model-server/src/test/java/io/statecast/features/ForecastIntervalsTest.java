package io.statecast.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.avro.ForecastInterval;
import io.statecast.model.HeadSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastIntervalsTest {

  @Test
  void aQuantileRowGivesItsMedianAndItsIntervalsWidestFirst() {
    HeadSpec head = new HeadSpec(2, 0, 0, List.of(0.1, 0.25, 0.5, 0.75, 0.9), false);
    // one row at offset 3, level-major: q0.1 | q0.25 | q0.5 | q0.75 | q0.9, two steps each
    float[] v = {-9, -9, -9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(ForecastIntervals.point(head, v, 3)).containsExactly(5f, 6f);
    List<ForecastInterval> in = ForecastIntervals.of(head, v, 3);
    assertThat(in).hasSize(2);
    assertThat(in.get(0).getCoverage()).isEqualTo(0.8f);
    assertThat(in.get(0).getLower()).containsExactly(1f, 2f);
    assertThat(in.get(0).getUpper()).containsExactly(9f, 10f);
    assertThat(in.get(1).getCoverage()).isEqualTo(0.5f);
    assertThat(in.get(1).getLower()).containsExactly(3f, 4f);
    assertThat(in.get(1).getUpper()).containsExactly(7f, 8f);
  }

  @Test
  void aPointRowHasNoIntervals() {
    HeadSpec head = new HeadSpec(3, 0, 0);
    float[] v = {1, 2, 3, 4, 5, 6};
    assertThat(ForecastIntervals.point(head, v, 3)).containsExactly(4f, 5f, 6f);
    assertThat(ForecastIntervals.of(head, v, 3)).isNull();
  }

  @Test
  void outsideCountsWidthsBeyondTheNearerBound() {
    assertThat(ForecastIntervals.outside(5, 4, 6)).isZero();
    assertThat(ForecastIntervals.outside(4, 4, 6)).as("a bound is inside").isZero();
    assertThat(ForecastIntervals.outside(3, 4, 6)).isEqualTo(0.5);
    assertThat(ForecastIntervals.outside(9, 4, 6)).isEqualTo(1.5);
    assertThat(ForecastIntervals.outside(7, 5, 5)).isInfinite();
    assertThat(ForecastIntervals.outside(5, 5, 5)).isZero();
  }
}
