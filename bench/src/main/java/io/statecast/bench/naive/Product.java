package io.statecast.bench.naive;

/**
 * One weight matrix {@code W (n, k)} ready to multiply: {@code C (rows, n) = A (rows, k) · Wᵀ}, or
 * {@code C += …}. Made by {@link Loops}, which decides how the product is computed.
 */
public interface Product {

  /** The logical matrix {@code W (n, k)}, entry by entry. */
  @FunctionalInterface
  interface Entry {
    double at(int row, int col);
  }

  /**
   * {@code C[r, 0..n) (+)= Σ_j A[r, j] · W[0..n), j]} for {@code r < rows}.
   *
   * @param a row-major, row {@code r} at {@code aOff + r · lda}, {@code k} values read
   * @param c row-major, row {@code r} at {@code cOff + r · ldc}
   * @param accumulate whether to add to {@code C} rather than overwrite it
   */
  void multiply(
      int rows, float[] a, int aOff, int lda, float[] c, int cOff, int ldc, boolean accumulate);
}
