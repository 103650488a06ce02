package io.statecast.tensor;

/**
 * Conversions between {@code double} and the two 16-bit float formats of weight files: IEEE 754
 * binary16 ({@code float16}: 1 sign, 5 exponent, 10 fraction bits) and bfloat16 (the upper half of
 * a float32: 1 sign, 8 exponent, 7 fraction bits).
 *
 * <p>Widening is exact. Narrowing rounds to nearest, ties to even, in one step from the double (not
 * through float, which could round twice); values past the largest finite value become infinite,
 * tiny ones become subnormal or zero, NaN stays NaN. Java 17 has no {@code Float.float16ToFloat}
 * (it came in Java 20), hence this class.
 */
final class HalfFloats {

  private static final int HALF_FRACTION_BITS = 10;
  private static final int HALF_MIN_EXPONENT = -14;
  private static final double HALF_MAX = 65504.0;
  private static final int BF16_FRACTION_BITS = 7;
  private static final int BF16_MIN_EXPONENT = -126;

  private HalfFloats() {}

  /** The value of the binary16 bit pattern in the low 16 bits of {@code bits}. */
  static double halfToDouble(int bits) {
    int exponent = (bits >>> 10) & 0x1f;
    int fraction = bits & 0x3ff;
    double magnitude;
    if (exponent == 0x1f) {
      magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else if (exponent == 0) {
      magnitude = fraction * 0x1p-24; // subnormal: fraction * 2^-14 * 2^-10
    } else {
      magnitude = Math.scalb((double) (1024 + fraction), exponent - 25);
    }
    return (bits & 0x8000) == 0 ? magnitude : -magnitude;
  }

  /** The binary16 bit pattern nearest to {@code value} (ties to even). */
  static int doubleToHalf(double value) {
    if (Double.isNaN(value)) {
      return 0x7e00;
    }
    int sign = Double.doubleToRawLongBits(value) < 0 ? 0x8000 : 0;
    double r = round(Math.abs(value), HALF_FRACTION_BITS, HALF_MIN_EXPONENT);
    if (r > HALF_MAX) {
      return sign | 0x7c00;
    }
    if (r < 0x1p-14) {
      return sign | (int) (r * 0x1p24); // subnormal or zero: an exact multiple of 2^-24
    }
    int exponent = Math.getExponent(r);
    int fraction = (int) Math.scalb(r, HALF_FRACTION_BITS - exponent) - 1024;
    return sign | (exponent + 15) << 10 | fraction;
  }

  /** The value of the bfloat16 bit pattern in the low 16 bits of {@code bits}. */
  static double bfloat16ToDouble(int bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /** The bfloat16 bit pattern nearest to {@code value} (ties to even). */
  static int doubleToBfloat16(double value) {
    if (Double.isNaN(value)) {
      return 0x7fc0;
    }
    double r = round(Math.abs(value), BF16_FRACTION_BITS, BF16_MIN_EXPONENT);
    // r has at most 8 significant bits, so the float is exact (or infinite past bfloat16's range).
    float f = (float) Math.copySign(r, value);
    return Float.floatToRawIntBits(f) >>> 16;
  }

  /**
   * {@code magnitude} (non-negative) rounded to the nearest multiple of the unit in the last place
   * of a format with {@code fractionBits} and smallest normal exponent {@code minExponent}.
   * Dividing and multiplying by a power of two is exact, and {@link Math#rint} rounds ties to even.
   */
  private static double round(double magnitude, int fractionBits, int minExponent) {
    if (Double.isInfinite(magnitude)) {
      return magnitude;
    }
    int exponent = Math.max(Math.getExponent(magnitude), minExponent);
    double ulp = Math.scalb(1.0, exponent - fractionBits);
    return Math.rint(magnitude / ulp) * ulp;
  }
}
