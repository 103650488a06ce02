package io.statecast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GateHistogramTest {

  @Test
  void binsCoverZeroToOneWithTheLastBinClosed() {
    GateHistogram h = new GateHistogram(1, 20);
    assertThat(h.binOf(0.0)).isZero();
    assertThat(h.binOf(0.049999)).isZero();
    assertThat(h.binOf(0.05)).isEqualTo(1);
    assertThat(h.binOf(0.5)).isEqualTo(10);
    assertThat(h.binOf(0.999)).isEqualTo(19);
    assertThat(h.binOf(1.0)).isEqualTo(19);
    assertThat(h.binOf(-0.3)).isZero();
    assertThat(h.binOf(1.7)).isEqualTo(19);
  }

  @Test
  void countsInputAndForgetGatesPerLayer() {
    GateHistogram h = new GateHistogram(2, 4);
    // Layer 0, H = 2: i = [0.1, 0.9], f = [1.0, 0.3]; layer 1: i = [0.5, NaN], f = [0, 0.74].
    h.add(new double[][] {{0.1, 0.9, 1.0, 0.3}, {0.5, Double.NaN, 0.0, 0.74}});
    h.add(new double[][] {{0.0, 0.0, 1.0, 1.0}, {0.25, 0.26, 0.99, 0.5}});

    assertThat(h.input(0)).containsExactly(3, 0, 0, 1);
    assertThat(h.forget(0)).containsExactly(0, 1, 0, 3);
    assertThat(h.input(1)).containsExactly(0, 2, 1, 0); // NaN is not counted
    assertThat(h.forget(1)).containsExactly(1, 0, 2, 1);
    assertThat(h.steps()).isEqualTo(2);
  }

  @Test
  void nearBinaryIsTheShareInTheEndBins() {
    GateHistogram h = new GateHistogram(1, 4);
    h.add(new double[][] {{0.0, 1.0, 0.6, 0.1}}); // i: 0 and 1; f: 0.6 and 0.1
    assertThat(GateHistogram.nearBinary(h.inputs())).isEqualTo(1.0);
    assertThat(GateHistogram.nearBinary(h.forgets())).isEqualTo(0.5);
    assertThat(GateHistogram.nearBinary(new GateHistogram(1, 4).inputs())).isNaN();
  }
}
