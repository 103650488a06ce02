package io.statecast.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BaselinesTest {

  private final double[] y = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

  @Test
  void persistenceRepeatsTheLastValue() {
    assertThat(Baselines.persistence(y, 10, 1)).isEqualTo(10);
    assertThat(Baselines.persistence(y, 10, 7)).isEqualTo(10);
  }

  @Test
  void seasonalNaiveTakesTheSameWeekdayOfTheLastWeekSeen() {
    assertThat(Baselines.seasonalNaive(y, 10, 1)).isEqualTo(4); // y[11 − 7]
    assertThat(Baselines.seasonalNaive(y, 10, 7)).isEqualTo(10); // y[17 − 7]
    assertThat(Baselines.seasonalNaive(y, 10, 8)).isEqualTo(4); // y[18 − 14]
  }

  @Test
  void meanOfSevenAveragesTheLastWeek() {
    assertThat(Baselines.meanOfLast(y, 10, 1)).isEqualTo(7); // (4 + … + 10) / 7
    assertThat(Baselines.meanOfLast(y, 6, 3)).isEqualTo(3);
  }

  @Test
  void metricsPoolMaeRmseAndSmape() {
    Metrics m = new Metrics();
    m.add(1, 2);
    m.add(3, 1);
    m.add(0, 0);
    assertThat(m.n()).isEqualTo(3);
    assertThat(m.mae()).isEqualTo(1.0);
    assertThat(m.rmse()).isEqualTo(Math.sqrt(5.0 / 3));
    assertThat(m.smape()).isEqualTo(100 * (2.0 / 3 + 1.0) / 3); // 2·1/3, 2·2/4, and 0
    assertThat(new Metrics().mae()).isNaN();
  }
}
