package io.statecast.cell.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernel every product of the fast kernel runs through, and the packing
 * of its left operand.
 *
 * <p>A product {@code C (B, N) = A (B, K) · W (K, N)} is cut into tiles of {@link #MR} = 6 rows ×
 * {@link #NR} = 2 vectors of columns (16 floats with AVX2, 32 with AVX-512). For one tile the
 * kernel keeps the 12 accumulators in registers and walks {@code K}: per step it loads two vectors
 * of the weight panel, broadcasts six values of {@code A} and issues 12 fused multiply-adds. That
 * is 12 accumulators + 2 weights + 1 broadcast = 15 of AVX2's 16 vector registers. (Measured here:
 * 6×2 ≈ 85 GFLOP/s of thread time, 4×3 ≈ 37, 2×4 ≈ 42; broadcasting from six row-major rows instead
 * of a packed tile ≈ 57.)
 *
 * <p>Layouts (all {@code float[]}, row-major inside a block):
 *
 * <pre>
 * packed A:     [tile t = b / 6][k][b % 6]          tile stride 6·K; rows past B are zero
 * weight panel: [panel p][k][NR]                    panel stride K·NR, columns p·NR … p·NR+NR-1
 * tile result:  [row r (6)][NR]                     written to a scratch array
 * </pre>
 */
final class Micro {

  /** The vector shape: the widest the CPU has. */
  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  /** Floats per vector {@code L}. */
  static final int L = F.length();

  /** Columns per weight panel: two vectors. */
  static final int NR = 2 * L;

  /** Rows per tile. */
  static final int MR = 6;

  /** Floats of one tile result, {@code (MR, NR)}. */
  static final int TILE = MR * NR;

  private Micro() {}

  /** Rows rounded up to whole tiles. */
  static int paddedRows(int rows) {
    return (rows + MR - 1) / MR * MR;
  }

  /**
   * One tile: {@code out[outOff + r·NR + j] = Σ_{k<kLen} ap[apOff + 6k + r] · w[wOff + k·NR + j]}.
   *
   * <p>Deliberately one long method: the twelve accumulators must stay in registers, so nothing
   * vector-typed may cross a call that C2 might not inline. Every accumulator starts from its own
   * {@code zero()}: sharing one initial vector between them stops C2 from keeping them unboxed
   * (measured: 1 GFLOP/s instead of 80).
   *
   * @param ap packed A
   * @param apOff start of the tile (its first k) in {@code ap}
   * @param kLen how many k to sum over
   * @param w weight panels
   * @param wOff start of the panel (its first k) in {@code w}
   * @param out where the tile result {@code (6, NR)} goes
   * @param outOff its first index in {@code out}
   */
  static void tile(float[] ap, int apOff, int kLen, float[] w, int wOff, float[] out, int outOff) {
    FloatVector c00 = FloatVector.zero(F);
    FloatVector c01 = FloatVector.zero(F);
    FloatVector c10 = FloatVector.zero(F);
    FloatVector c11 = FloatVector.zero(F);
    FloatVector c20 = FloatVector.zero(F);
    FloatVector c21 = FloatVector.zero(F);
    FloatVector c30 = FloatVector.zero(F);
    FloatVector c31 = FloatVector.zero(F);
    FloatVector c40 = FloatVector.zero(F);
    FloatVector c41 = FloatVector.zero(F);
    FloatVector c50 = FloatVector.zero(F);
    FloatVector c51 = FloatVector.zero(F);
    for (int k = 0; k < kLen; k++) {
      int wo = wOff + k * NR;
      FloatVector w0 = FloatVector.fromArray(F, w, wo);
      FloatVector w1 = FloatVector.fromArray(F, w, wo + L);
      int ao = apOff + MR * k;
      FloatVector a = FloatVector.broadcast(F, ap[ao]);
      c00 = w0.fma(a, c00);
      c01 = w1.fma(a, c01);
      a = FloatVector.broadcast(F, ap[ao + 1]);
      c10 = w0.fma(a, c10);
      c11 = w1.fma(a, c11);
      a = FloatVector.broadcast(F, ap[ao + 2]);
      c20 = w0.fma(a, c20);
      c21 = w1.fma(a, c21);
      a = FloatVector.broadcast(F, ap[ao + 3]);
      c30 = w0.fma(a, c30);
      c31 = w1.fma(a, c31);
      a = FloatVector.broadcast(F, ap[ao + 4]);
      c40 = w0.fma(a, c40);
      c41 = w1.fma(a, c41);
      a = FloatVector.broadcast(F, ap[ao + 5]);
      c50 = w0.fma(a, c50);
      c51 = w1.fma(a, c51);
    }
    c00.intoArray(out, outOff);
    c01.intoArray(out, outOff + L);
    c10.intoArray(out, outOff + 2 * L);
    c11.intoArray(out, outOff + 3 * L);
    c20.intoArray(out, outOff + 4 * L);
    c21.intoArray(out, outOff + 5 * L);
    c30.intoArray(out, outOff + 6 * L);
    c31.intoArray(out, outOff + 7 * L);
    c40.intoArray(out, outOff + 8 * L);
    c41.intoArray(out, outOff + 9 * L);
    c50.intoArray(out, outOff + 10 * L);
    c51.intoArray(out, outOff + 11 * L);
  }

  /**
   * One row of a tile: {@code out[outOff + j] = Σ_{k<kLen} ap[apOff + 6k + r] · w[wOff + k·NR + j]}
   * for the row {@code r} that {@code apOff} points at. For the rows of a partly filled last tile
   * (and so for batches of 1–2), where {@link #tile} would compute padding. It sums in exactly the
   * order {@link #tile} does (one FMA chain per vector), so a row's result never depends on which
   * rows share its tile, its batch or its thread (bit for bit for the products; the cell's
   * exponentials can differ in the last bit while the JIT is still compiling them, see
   * FastStepKernelTest). The chain is latency-bound, which at these batch sizes hides behind
   * streaming the weights from L2/L3.
   */
  static void row(float[] ap, int apOff, int kLen, float[] w, int wOff, float[] out, int outOff) {
    FloatVector c0 = FloatVector.zero(F);
    FloatVector c1 = FloatVector.zero(F);
    for (int k = 0; k < kLen; k++) {
      int wo = wOff + k * NR;
      FloatVector a = FloatVector.broadcast(F, ap[apOff + MR * k]);
      c0 = FloatVector.fromArray(F, w, wo).fma(a, c0);
      c1 = FloatVector.fromArray(F, w, wo + L).fma(a, c1);
    }
    c0.intoArray(out, outOff);
    c1.intoArray(out, outOff + L);
  }

  /** Rows of a partly filled tile up to which {@link #row} per row beats one {@link #tile}. */
  static final int ROWS_BY_ROW = 2;

  /**
   * The {@code valid} rows of one tile, into {@code out} as {@link #tile} writes them: a whole
   * tile, or row by row when only a few rows are real.
   */
  static void rows(
      int valid, float[] ap, int apOff, int kLen, float[] w, int wOff, float[] out, int outOff) {
    if (valid > ROWS_BY_ROW) {
      tile(ap, apOff, kLen, w, wOff, out, outOff);
    } else {
      for (int r = 0; r < valid; r++) {
        row(ap, apOff + r, kLen, w, wOff, out, outOff + r * NR);
      }
    }
  }

  /**
   * Copies {@code cols} columns of {@code rows} row-major rows into columns {@code colOff …} of a
   * packed A with {@code k} columns in all.
   *
   * @param src the rows; row {@code b} starts at {@code srcOff + b·srcStride}
   */
  static void pack(
      float[] src, int srcOff, int srcStride, int rows, int cols, float[] ap, int k, int colOff) {
    int full = rows / MR * MR;
    for (int t = 0; t < full; t += MR) { // whole tiles: write the packed tile in order
      int to = t * k + colOff * MR;
      int s0 = srcOff + t * srcStride;
      int s1 = s0 + srcStride;
      int s2 = s1 + srcStride;
      int s3 = s2 + srcStride;
      int s4 = s3 + srcStride;
      int s5 = s4 + srcStride;
      for (int j = 0; j < cols; j++) {
        int o = to + j * MR;
        ap[o] = src[s0 + j];
        ap[o + 1] = src[s1 + j];
        ap[o + 2] = src[s2 + j];
        ap[o + 3] = src[s3 + j];
        ap[o + 4] = src[s4 + j];
        ap[o + 5] = src[s5 + j];
      }
    }
    for (int b = full; b < rows; b++) {
      int to = full * k + colOff * MR + b - full;
      int from = srcOff + b * srcStride;
      for (int j = 0; j < cols; j++) {
        ap[to + j * MR] = src[from + j];
      }
    }
  }

  /** Zeroes the rows of the last tile past {@code rows}, so padded rows compute on zeros. */
  static void zeroTail(int rows, float[] ap, int k) {
    int padded = paddedRows(rows);
    for (int b = rows; b < padded; b++) {
      int to = (b / MR) * MR * k + b % MR;
      for (int j = 0; j < k; j++) {
        ap[to + j * MR] = 0f;
      }
    }
  }
}
