package io.statecast.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense host tensor in row-major (C) order: the exchange type between weight files, the plain
 * Java reference cells and the engines.
 *
 * <p>Values are held as {@code double} whatever the stored type, so a float64 fixture keeps its
 * precision and a float32 one converts back to exactly the same {@code float}s. {@link #dtype()}
 * remembers the stored type so that a file written back keeps it. Model weights are small (a hidden
 * size of 128 is about 0.2 M parameters), so the doubled memory does not matter here; the hot paths
 * use their own float buffers.
 */
public final class Tensor {

  /** The element types a weight file may carry. */
  public enum DType {
    FLOAT16(2),
    BFLOAT16(2),
    FLOAT32(4),
    FLOAT64(8),
    INT32(4),
    INT64(8);

    private final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }

    /** Bytes per element in a file. */
    public int bytes() {
      return bytes;
    }

    /** Whether the type holds floating-point values. */
    public boolean isFloating() {
      return this != INT32 && this != INT64;
    }
  }

  private final DType dtype;
  private final int[] shape;
  private final double[] data;

  /**
   * A tensor over {@code data}, which it takes without copying.
   *
   * @throws IllegalArgumentException when the shape has a negative extent or does not match the
   *     number of values
   */
  public Tensor(DType dtype, int[] shape, double[] data) {
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    this.shape = shape.clone();
    this.data = Objects.requireNonNull(data, "data");
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + n + " values, not " + data.length);
    }
  }

  /** A float32 tensor holding a copy of {@code values}. */
  public static Tensor ofFloats(int[] shape, float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return new Tensor(DType.FLOAT32, shape, d);
  }

  /** A float64 tensor over {@code values} (not copied). */
  public static Tensor ofDoubles(int[] shape, double[] values) {
    return new Tensor(DType.FLOAT64, shape, values);
  }

  /** A zero-filled tensor. */
  public static Tensor zeros(DType dtype, int... shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return new Tensor(dtype, shape, new double[Math.toIntExact(n)]);
  }

  public DType dtype() {
    return dtype;
  }

  /** The shape; a copy, so callers may keep it. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** The extent of dimension {@code axis}. */
  public int dim(int axis) {
    return shape[axis];
  }

  /** Number of values. */
  public int size() {
    return data.length;
  }

  /** The values in row-major order; the live array, not a copy. */
  public double[] data() {
    return data;
  }

  /** The values rounded to float, in row-major order (a new array). */
  public float[] toFloatArray() {
    float[] f = new float[data.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) data[i];
    }
    return f;
  }

  /** The value at a multi-dimensional index. */
  public double get(int... index) {
    return data[offset(index)];
  }

  /** The same values under another type tag (values are rounded when narrowing to float32). */
  public Tensor as(DType type) {
    double[] d = data.clone();
    if (type == DType.FLOAT32) {
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) d[i];
      }
    }
    return new Tensor(type, shape, d);
  }

  /** The same values under another shape with the same number of values. */
  public Tensor reshape(int... newShape) {
    return new Tensor(dtype, newShape, data);
  }

  /** The sub-tensor at {@code index} of the first axis (a copy). */
  public Tensor slice(int index) {
    if (shape.length == 0 || index < 0 || index >= shape[0]) {
      throw new IndexOutOfBoundsException(
          "index " + index + " outside the first axis of " + Arrays.toString(shape));
    }
    int[] sub = Arrays.copyOfRange(shape, 1, shape.length);
    int n = data.length / shape[0];
    return new Tensor(dtype, sub, Arrays.copyOfRange(data, index * n, (index + 1) * n));
  }

  /** Shape as text, e.g. {@code (4, 8)}. */
  public String shapeString() {
    return shapeString(shape);
  }

  /** A shape as text in NumPy's notation, e.g. {@code (4, 8)} or {@code (4,)}. */
  public static String shapeString(int[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.append(shape.length == 1 ? ",)" : ")").toString();
  }

  private int offset(int[] index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "index of rank " + index.length + " for a tensor of rank " + shape.length);
    }
    int off = 0;
    for (int i = 0; i < shape.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IndexOutOfBoundsException(
            Arrays.toString(index) + " outside " + Arrays.toString(shape));
      }
      off = off * shape[i] + index[i];
    }
    return off;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t
        && t.dtype == dtype
        && Arrays.equals(t.shape, shape)
        && Arrays.equals(t.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Tensor[" + dtype + " " + shapeString() + "]";
  }
}
