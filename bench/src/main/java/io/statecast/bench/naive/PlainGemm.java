package io.statecast.bench.naive;

import io.statecast.tensor.Tensor;
import java.util.Arrays;

/**
 * The plain matrix product of the unfused cells: {@code C (rows, n) = A (rows, k) · Wᵀ} (or {@code
 * C += …}) with {@code W (n, k)} stored transposed as {@code Wᵀ (k, n)}, so that the innermost loop
 * is {@code c[q] += a · wᵀ[q]} over a contiguous row, which C2 vectorises by itself. No packing, no
 * register tiling, no threads: the loop anyone writes first.
 */
final class PlainGemm {

  private PlainGemm() {}

  /**
   * {@code C[r, 0..n) (+)= Σ_j A[r, j] · Wᵀ[j, 0..n)} for {@code r < rows}.
   *
   * @param a row-major, row {@code r} at {@code aOff + r · lda}
   * @param wt {@code (k, n)} row-major
   * @param c row-major, row {@code r} at {@code cOff + r · ldc}
   * @param accumulate whether to add to {@code C} rather than overwrite it
   */
  static void multiply(
      int rows,
      float[] a,
      int aOff,
      int lda,
      int k,
      float[] wt,
      int n,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    for (int r = 0; r < rows; r++) {
      int cr = cOff + r * ldc;
      if (!accumulate) {
        Arrays.fill(c, cr, cr + n, 0f);
      }
      int ar = aOff + r * lda;
      for (int j = 0; j < k; j++) {
        float v = a[ar + j];
        int w = j * n;
        for (int q = 0; q < n; q++) {
          c[cr + q] += v * wt[w + q];
        }
      }
    }
  }

  /**
   * Rows {@code [row0, row0 + rows)} of a matrix {@code W (·, k)}, transposed to {@code (k, rows)}
   * float32.
   */
  static float[] transposed(Tensor w, int row0, int rows) {
    int k = w.dim(1);
    double[] d = w.data();
    float[] t = new float[k * rows];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < k; j++) {
        t[j * rows + r] = (float) d[(row0 + r) * k + j];
      }
    }
    return t;
  }

  /** Two matrices with the same number of columns, one under the other. */
  static float[] stacked(float[] top, float[] bottom) {
    float[] s = Arrays.copyOf(top, top.length + bottom.length);
    System.arraycopy(bottom, 0, s, top.length, bottom.length);
    return s;
  }
}
