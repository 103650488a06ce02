package io.statecast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundsMedianTest {

  @Test
  void middleValueOfAnOddCountAndMeanOfTheTwoMiddleOfAnEvenOne() {
    assertThat(Rounds.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(Rounds.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(Rounds.median(new double[] {7})).isEqualTo(7);
  }

  @Test
  void emptyIsNaNAndTheInputIsLeftUnsorted() {
    assertThat(Rounds.median(new double[0])).isNaN();
    double[] v = {0.62, 0.57, 1.02, 0.61, 0.60};
    assertThat(Rounds.median(v)).isEqualTo(0.61);
    assertThat(v).containsExactly(0.62, 0.57, 1.02, 0.61, 0.60);
  }
}
