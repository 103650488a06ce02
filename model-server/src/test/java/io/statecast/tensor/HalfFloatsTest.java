package io.statecast.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected bit patterns come from NumPy ({@code np.float64(v).astype(np.float16)}). */
class HalfFloatsTest {

  @Test
  void everyFloat16BitPatternSurvivesARoundTrip() {
    for (int bits = 0; bits < 0x10000; bits++) {
      double value = HalfFloats.halfToDouble(bits);
      if (Double.isNaN(value)) {
        assertThat(HalfFloats.doubleToHalf(value) & 0x7e00).isEqualTo(0x7e00);
      } else {
        assertThat(HalfFloats.doubleToHalf(value)).as("0x%04x", bits).isEqualTo(bits);
      }
    }
  }

  @Test
  void everyBfloat16BitPatternSurvivesARoundTrip() {
    for (int bits = 0; bits < 0x10000; bits++) {
      double value = HalfFloats.bfloat16ToDouble(bits);
      if (!Double.isNaN(value)) {
        assertThat(HalfFloats.doubleToBfloat16(value)).as("0x%04x", bits).isEqualTo(bits);
      }
    }
  }

  @Test
  void decodesFloat16Landmarks() {
    assertThat(HalfFloats.halfToDouble(0x3c00)).isEqualTo(1.0);
    assertThat(HalfFloats.halfToDouble(0x7bff)).isEqualTo(65504.0);
    assertThat(HalfFloats.halfToDouble(0x0001)).isEqualTo(0x1p-24);
    assertThat(HalfFloats.halfToDouble(0x0400)).isEqualTo(0x1p-14);
    assertThat(HalfFloats.halfToDouble(0xfc00)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(HalfFloats.halfToDouble(0x8000)).isEqualTo(-0.0);
    assertThat(HalfFloats.halfToDouble(0x7e00)).isNaN();
  }

  @ParameterizedTest
  @CsvSource({
    "1.00048828125, 0x3c00", // halfway between 1 and the next float16: ties to even
    "1.00146484375, 0x3c02", // halfway, rounds up to the even neighbour
    "65519.0, 0x7bff",
    "65520.0, 0x7c00", // halfway to 65536 rounds to infinity
    "2.9802322387695312e-08, 0x0000", // half the smallest subnormal: ties to even zero
    "4.470348358154297e-08, 0x0001",
    "5.960464477539063e-08, 0x0001",
    "1e-08, 0x0000",
    "-0.0, 0x8000",
    "0.1, 0x2e66",
    "0.3333333333333333, 0x3555",
    "-100000.0, 0xfc00",
    "6.1005353927612305e-05, 0x0400", // rounds up from the largest subnormal to the smallest normal
  })
  void roundsToFloat16AsNumpyDoes(double value, String hex) {
    assertThat(HalfFloats.doubleToHalf(value)).isEqualTo(Integer.decode(hex));
  }

  @ParameterizedTest
  @CsvSource({
    "1.0, 0x3f80",
    "3.141592653589793, 0x4049",
    "1.00390625, 0x3f80", // tie, to even
    "1.01171875, 0x3f82", // tie, to even (up)
    "-2.5, 0xc020",
    "1e-40, 0x0001",
    "3.3895313892515355e38, 0x7f7f", // the largest finite bfloat16
    "3.4e38, 0x7f80", // past it: infinity
  })
  void roundsToBfloat16ToNearestEven(double value, String hex) {
    assertThat(HalfFloats.doubleToBfloat16(value)).isEqualTo(Integer.decode(hex));
  }
}
