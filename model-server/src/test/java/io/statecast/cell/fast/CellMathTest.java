package io.statecast.cell.fast;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The vector nonlinearities against {@link Math}, lane by lane. */
class CellMathTest {

  @Test
  void sigmoidAndTanhAreAccurateOverTheWholeRange() {
    double errSigmoid = 0;
    double errTanh = 0;
    float[] z = new float[Micro.L];
    float[] s = new float[Micro.L];
    float[] t = new float[Micro.L];
    for (float from = -60f; from < 60f; from += 0.0007f * Micro.L) {
      for (int j = 0; j < z.length; j++) {
        z[j] = from + 0.0007f * j;
      }
      FloatVector v = FloatVector.fromArray(Micro.F, z, 0);
      CellMath.sigmoid(v).intoArray(s, 0);
      CellMath.tanh(v).intoArray(t, 0);
      for (int j = 0; j < z.length; j++) {
        errSigmoid = Math.max(errSigmoid, Math.abs(s[j] - 1 / (1 + Math.exp(-z[j]))));
        errTanh = Math.max(errTanh, Math.abs(t[j] - Math.tanh(z[j])));
      }
    }
    System.out.printf("max |err| over [-60, 60]: sigmoid %.2e, tanh %.2e%n", errSigmoid, errTanh);
    assertThat(errSigmoid).isLessThanOrEqualTo(2e-7);
    assertThat(errTanh).isLessThanOrEqualTo(4e-7);
  }

  @Test
  void saturateAtTheEndsAndPropagateNaN() {
    float[] z = lanes(Float.NEGATIVE_INFINITY, -1e4f, 1e4f, Float.POSITIVE_INFINITY, Float.NaN);
    float[] s = apply(z, 0);
    float[] t = apply(z, 1);
    assertThat(new float[] {s[0], s[1], s[2], s[3]}).containsExactly(0f, 0f, 1f, 1f);
    assertThat(new float[] {t[0], t[1], t[2], t[3]}).containsExactly(-1f, -1f, 1f, 1f);
    assertThat(s[4]).isNaN();
    assertThat(t[4]).isNaN();
  }

  @Test
  void hardGatesAreExactlyZeroOrOne() {
    float[] z = lanes(-1e30f, -1e-30f, -0f, 0f, Float.MIN_VALUE, 3.5f, Float.NaN, 1e30f);
    float[] g = apply(z, 2);
    float[] expected = {0f, 0f, 0f, 0f, 1f, 1f, 0f, 1f};
    for (int j = 0; j < z.length; j++) {
      assertThat(g[j]).as("hard(%s)", z[j]).isEqualTo(expected[j % expected.length]);
    }
  }

  /** {@code values} repeated to fill one vector. */
  private static float[] lanes(float... values) {
    float[] z = new float[Micro.L];
    for (int j = 0; j < z.length; j++) {
      z[j] = values[j % values.length];
    }
    return z;
  }

  private static float[] apply(float[] z, int which) {
    FloatVector v = FloatVector.fromArray(Micro.F, z, 0);
    FloatVector r =
        switch (which) {
          case 0 -> CellMath.sigmoid(v);
          case 1 -> CellMath.tanh(v);
          default -> CellMath.hard(v);
        };
    float[] out = new float[Micro.L];
    r.intoArray(out, 0);
    return out;
  }
}
