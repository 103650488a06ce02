package io.statecast.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiniteStatesTest {

  @Test
  void finiteNumbersOfEveryMagnitudeAreFinite() {
    float[] a = {
      0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1f, -3e38f, Float.MAX_VALUE, -Float.MAX_VALUE
    };
    assertThat(FiniteStates.finite(a, 0, a.length)).isTrue();
    assertThat(FiniteStates.finite(new float[0], 0, 0)).isTrue();
  }

  @Test
  void oneNanOrInfinityAnywhereInTheRangeIsCaught() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      for (int at = 0; at < 9; at++) {
        float[] a = new float[9];
        java.util.Arrays.fill(a, 0.5f);
        a[at] = bad;
        assertThat(FiniteStates.finite(a, 0, 9)).as("%s at %d", bad, at).isFalse();
      }
    }
  }

  @Test
  void onlyTheRangeIsScanned() {
    float[] a = {Float.NaN, 1f, 2f, Float.POSITIVE_INFINITY};
    assertThat(FiniteStates.finite(a, 1, 2)).isTrue();
    assertThat(FiniteStates.finite(a, 1, 3)).isFalse();
  }
}
