package io.statecast.cell.fast;

import static io.statecast.cell.fast.Micro.F;
import static io.statecast.cell.fast.Micro.L;

import jdk.incubator.vector.FloatVector;

/**
 * Row-wise element operations between layers (connections, window): {@code O(B·R)} work next to the
 * {@code O(B·R·K)} products, written plainly, vectorised where a row is long enough.
 */
final class Rows {

  private Rows() {}

  /** {@code dst[b][j] = src[b][j]}, {@code j < n}. */
  static void copy(
      int rows,
      float[] src,
      int srcOff,
      int srcStride,
      float[] dst,
      int dstOff,
      int dstStride,
      int n) {
    for (int b = 0; b < rows; b++) {
      System.arraycopy(src, srcOff + b * srcStride, dst, dstOff + b * dstStride, n);
    }
  }

  /** {@code acc[b][j] += src[b][j]}, {@code j < n}; {@code acc} is dense {@code (rows, n)}. */
  static void add(int rows, float[] src, int srcOff, int srcStride, float[] acc, int n) {
    int bound = F.loopBound(n);
    for (int b = 0; b < rows; b++) {
      int s = srcOff + b * srcStride;
      int a = b * n;
      int j = 0;
      for (; j < bound; j += L) {
        FloatVector.fromArray(F, acc, a + j)
            .add(FloatVector.fromArray(F, src, s + j))
            .intoArray(acc, a + j);
      }
      for (; j < n; j++) {
        acc[a + j] += src[s + j];
      }
    }
  }

  /**
   * The highway carry: {@code y = t ⊙ h + (1 − t) ⊙ u = u + σ(z) ⊙ (h − u)}, in place in {@code y}
   * (which holds {@code u}); {@code z} and {@code y} are dense {@code (rows, n)}.
   */
  static void highway(int rows, float[] z, float[] h, int hOff, int hStride, float[] y, int n) {
    int bound = F.loopBound(n);
    for (int b = 0; b < rows; b++) {
      int hs = hOff + b * hStride;
      int a = b * n;
      int j = 0;
      for (; j < bound; j += L) {
        FloatVector u = FloatVector.fromArray(F, y, a + j);
        FloatVector t = CellMath.sigmoid(FloatVector.fromArray(F, z, a + j));
        t.fma(FloatVector.fromArray(F, h, hs + j).sub(u), u).intoArray(y, a + j);
      }
      for (; j < n; j++) {
        float u = y[a + j];
        float t = (float) (1.0 / (1.0 + Math.exp(-z[a + j])));
        y[a + j] = u + t * (h[hs + j] - u);
      }
    }
  }

  /**
   * Slides each row's autoregressive window by one: drops the oldest value and appends the newest
   * input feature {@code x[b][feature]}.
   */
  static void slide(
      int rows,
      float[] state,
      int off,
      int stride,
      int window,
      float[] x,
      int xOff,
      int inputs,
      int feature) {
    for (int b = 0; b < rows; b++) {
      int w = off + b * stride;
      System.arraycopy(state, w + 1, state, w, window - 1);
      state[w + window - 1] = x[xOff + b * inputs + feature];
    }
  }
}
