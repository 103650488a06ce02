package io.statecast.tensor;

import io.statecast.tensor.Tensor.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Raw element bytes to and from a tensor's {@code double} values, for every {@link DType}.
 *
 * <p>Reading is exact for every type but INT64, whose values beyond 2^53 a double cannot hold: such
 * a value is refused rather than silently rounded. Writing rounds floating-point values to the
 * stored type (as NumPy's {@code astype} does) but refuses integer values that are not whole
 * numbers within the type's range, which would otherwise be truncated or wrapped.
 */
final class Elements {

  private Elements() {}

  /**
   * The values stored in {@code bytes}, whose length is a multiple of the element size.
   *
   * @param where the file and entry, for messages
   */
  static double[] decode(byte[] bytes, DType dtype, ByteOrder order, String where)
      throws TensorFormatException {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(order);
    double[] out = new double[bytes.length / dtype.bytes()];
    switch (dtype) {
      case FLOAT16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = HalfFloats.halfToDouble(buf.getShort() & 0xffff);
        }
      }
      case BFLOAT16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = HalfFloats.bfloat16ToDouble(buf.getShort() & 0xffff);
        }
      }
      case FLOAT32 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = buf.getFloat();
        }
      }
      case FLOAT64 -> buf.asDoubleBuffer().get(out);
      case INT32 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = buf.getInt();
        }
      }
      case INT64 -> decodeInt64(buf, out, where);
    }
    return out;
  }

  private static void decodeInt64(ByteBuffer buf, double[] out, String where)
      throws TensorFormatException {
    for (int i = 0; i < out.length; i++) {
      long v = buf.getLong();
      double d = v;
      if (d == 0x1p63 || (long) d != v) {
        throw new TensorFormatException(
            where
                + ": int64 value "
                + v
                + " at index "
                + i
                + " is beyond 2^53, not exact in double");
      }
      out[i] = d;
    }
  }

  /**
   * The tensor's values as little-endian bytes of its dtype.
   *
   * @param where the file and entry, for messages
   */
  static byte[] encode(Tensor tensor, String where) throws TensorFormatException {
    DType dtype = tensor.dtype();
    double[] values = tensor.data();
    long length = (long) values.length * dtype.bytes();
    if (length > Shapes.MAX_TENSOR_BYTES) {
      throw new TensorFormatException(
          where + ": " + length + " bytes, more than one tensor may hold");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      switch (dtype) {
        case FLOAT16 -> buf.putShort((short) HalfFloats.doubleToHalf(v));
        case BFLOAT16 -> buf.putShort((short) HalfFloats.doubleToBfloat16(v));
        case FLOAT32 -> buf.putFloat((float) v);
        case FLOAT64 -> buf.putDouble(v);
        case INT32 -> buf.putInt((int) checkInteger(v, Integer.MIN_VALUE, 0x1p31, i, dtype, where));
        case INT64 -> buf.putLong(checkInteger(v, -0x1p63, 0x1p63, i, dtype, where));
      }
    }
    return buf.array();
  }

  /** {@code v} as a long when it is a whole number in {@code [min, maxExclusive)}. */
  private static long checkInteger(
      double v, double min, double maxExclusive, int index, DType dtype, String where)
      throws TensorFormatException {
    if (v >= min && v < maxExclusive && v == Math.rint(v)) {
      return (long) v;
    }
    throw new TensorFormatException(
        where
            + ": value "
            + v
            + " at index "
            + index
            + " is not a whole number within the range of "
            + dtype);
  }
}
