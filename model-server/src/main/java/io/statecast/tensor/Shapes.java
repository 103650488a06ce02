package io.statecast.tensor;

import java.math.BigInteger;

/**
 * Checks a shape declared by a file before anything is allocated for it.
 *
 * <p>A {@link Tensor} holds its values in one Java array, so one tensor's stored bytes are limited
 * to {@link #MAX_TENSOR_BYTES} (about 2 GiB; the weights here are a few megabytes). The element
 * count is computed exactly, so a header declaring 2^40 elements is refused with its real size
 * instead of overflowing or allocating.
 */
final class Shapes {

  /** The most bytes one stored tensor may have: the largest Java array length. */
  static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8;

  private Shapes() {}

  /**
   * The number of values of {@code shape}, after checking that every extent is non-negative, fits
   * an {@code int}, and that the tensor's bytes stay within {@link #MAX_TENSOR_BYTES}.
   *
   * @param where the file and entry, for the message
   */
  static int elementCount(long[] shape, Tensor.DType dtype, String where)
      throws TensorFormatException {
    BigInteger count = BigInteger.ONE;
    for (long extent : shape) {
      if (extent < 0) {
        throw new TensorFormatException(
            where + ": shape " + text(shape) + " has a negative extent " + extent);
      }
      count = count.multiply(BigInteger.valueOf(extent));
    }
    BigInteger bytes = count.multiply(BigInteger.valueOf(dtype.bytes()));
    if (bytes.compareTo(BigInteger.valueOf(MAX_TENSOR_BYTES)) > 0) {
      throw new TensorFormatException(
          String.format(
              "%s: shape %s declares %d values (%d bytes), more than the %d bytes one tensor"
                  + " may hold",
              where, text(shape), count, bytes, MAX_TENSOR_BYTES));
    }
    for (long extent : shape) {
      if (extent > Integer.MAX_VALUE) {
        throw new TensorFormatException(
            where + ": shape " + text(shape) + " has an extent too large for an int: " + extent);
      }
    }
    return count.intValueExact();
  }

  /** The shape as ints; call after {@link #elementCount}, which checks the extents fit. */
  static int[] toInts(long[] shape) {
    int[] out = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      out[i] = Math.toIntExact(shape[i]);
    }
    return out;
  }

  /** A shape as Python writes a tuple: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
  static String text(long[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.append(shape.length == 1 ? ",)" : ")").toString();
  }

  /** {@link #text(long[])} for an int shape. */
  static String text(int[] shape) {
    long[] wide = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      wide[i] = shape[i];
    }
    return text(wide);
  }

  /** Column-major values of {@code shape} reordered to row-major. */
  static double[] fortranToC(double[] values, int[] shape) {
    int rank = shape.length;
    long[] stride = new long[rank]; // the column-major stride of each axis
    long s = 1;
    for (int k = 0; k < rank; k++) {
      stride[k] = s;
      s *= shape[k];
    }
    int[] index = new int[rank];
    double[] out = new double[values.length];
    for (int r = 0; r < out.length; r++) {
      long offset = 0;
      for (int k = 0; k < rank; k++) {
        offset += index[k] * stride[k];
      }
      out[r] = values[(int) offset];
      for (int k = rank - 1; k >= 0 && ++index[k] == shape[k]; k--) {
        index[k] = 0;
      }
    }
    return out;
  }
}
