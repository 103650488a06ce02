package io.statecast.bench.naive;

import java.util.Arrays;

/**
 * A product in plain Java loops: {@code W} held transposed as {@code Wᵀ (k, n)}, so that the
 * innermost loop is {@code c[q] += a · wᵀ[q]} over a contiguous row. No packing, no register
 * tiling, no explicit vectors, no threads.
 */
final class PlainProduct implements Product {

  private final int n;
  private final int k;
  private final float[] wt; // (k, n)

  PlainProduct(int n, int k, Entry w) {
    this.n = n;
    this.k = k;
    this.wt = new float[k * n];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < k; j++) {
        wt[j * n + r] = (float) w.at(r, j);
      }
    }
  }

  @Override
  public void multiply(
      int rows, float[] a, int aOff, int lda, float[] c, int cOff, int ldc, boolean accumulate) {
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
}
