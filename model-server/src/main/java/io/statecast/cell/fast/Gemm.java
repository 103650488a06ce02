package io.statecast.cell.fast;

import static io.statecast.cell.fast.Micro.F;
import static io.statecast.cell.fast.Micro.L;
import static io.statecast.cell.fast.Micro.MR;
import static io.statecast.cell.fast.Micro.NR;

import jdk.incubator.vector.FloatVector;

/**
 * {@code C = A · W + b} over a packed A and {@link Panels}, for the products that are not gates:
 * the LSTMP projection, the highway carry gate and the head. Panels outer, tiles inner, so that a
 * panel ({@code K·NR} floats, 16 KiB at K = 256) stays in L1 while the packed rows stream past it.
 */
final class Gemm {

  private Gemm() {}

  /**
   * Writes {@code c[cOff + b·ldc + j] = Σ_{k<kLen} A[b][k] · W[k][j] + bias[j]} for {@code b <
   * rows}, {@code j < N}.
   *
   * @param ap packed A with tile stride {@code MR·aCols}; only its first {@code p.k} columns are
   *     read
   * @param aCols the number of columns the packed A was packed with
   * @param scratch at least {@link Micro#TILE} floats
   */
  static void multiply(
      int rows, float[] ap, int aCols, Panels p, float[] scratch, float[] c, int cOff, int ldc) {
    multiply(rows, ap, 0, aCols, p, scratch, c, cOff, ldc);
  }

  /**
   * As above, reading the packed A from its column {@code aOff / MR}: {@code aOff} is that column's
   * offset in the first tile (a later group of columns, e.g. {@code h} of {@code [u | h]}).
   */
  static void multiply(
      int rows,
      float[] ap,
      int aOff,
      int aCols,
      Panels p,
      float[] scratch,
      float[] c,
      int cOff,
      int ldc) {
    int tiles = (rows + MR - 1) / MR;
    for (int q = 0; q < p.count; q++) {
      int col = q * NR;
      int width = Math.min(NR, p.n - col);
      for (int t = 0; t < tiles; t++) {
        int valid = Math.min(MR, rows - t * MR);
        Micro.rows(valid, ap, aOff + t * MR * aCols, p.k, p.w, p.offset(q), scratch, 0);
        for (int r = 0; r < valid; r++) {
          int to = cOff + (t * MR + r) * ldc + col;
          if (width == NR) {
            FloatVector.fromArray(F, scratch, r * NR)
                .add(FloatVector.fromArray(F, p.bias, col))
                .intoArray(c, to);
            FloatVector.fromArray(F, scratch, r * NR + L)
                .add(FloatVector.fromArray(F, p.bias, col + L))
                .intoArray(c, to + L);
          } else {
            for (int j = 0; j < width; j++) {
              c[to + j] = scratch[r * NR + j] + p.bias[col + j];
            }
          }
        }
      }
    }
  }
}
