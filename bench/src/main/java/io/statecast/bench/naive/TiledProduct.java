package io.statecast.bench.naive;

import static io.statecast.cell.fast.Micro.MR;
import static io.statecast.cell.fast.Micro.NR;

import io.statecast.cell.fast.Micro;
import io.statecast.cell.fast.Panels;

/**
 * A product through the fast kernel's register-tiled micro-kernel ({@link Micro#tile}): {@code A}
 * packed per call into tiles of {@link Micro#MR} rows, {@code [tile][k][MR]}, the weights packed
 * once into {@link Panels} of {@link Micro#NR} columns, and each tile's result added to or written
 * into {@code C}. What it lacks against the fast kernel is the fusion: the cell update is not done
 * on the tile's registers, and every product packs its own {@code A}.
 */
final class TiledProduct implements Product {

  private final int n;
  private final int k;
  private final Panels panels;
  private final float[] tile = new float[Micro.TILE]; // (MR, NR)
  private float[] packed = new float[0]; // [tile][k][MR]

  TiledProduct(int n, int k, Entry w) {
    this.n = n;
    this.k = k;
    this.panels = Panels.of(k, n, (col, j) -> w.at(col, j), null);
  }

  @Override
  public void multiply(
      int rows, float[] a, int aOff, int lda, float[] c, int cOff, int ldc, boolean accumulate) {
    int tiles = (rows + MR - 1) / MR;
    pack(rows, tiles, a, aOff, lda);
    for (int p = 0; p < panels.count; p++) {
      int col = p * NR;
      int width = Math.min(NR, n - col);
      for (int t = 0; t < tiles; t++) {
        Micro.tile(packed, t * MR * k, k, panels.w, panels.offset(p), tile, 0);
        int valid = Math.min(MR, rows - t * MR);
        for (int r = 0; r < valid; r++) {
          int to = cOff + (t * MR + r) * ldc + col;
          for (int j = 0; j < width; j++) {
            c[to + j] = (accumulate ? c[to + j] : 0f) + tile[r * NR + j];
          }
        }
      }
    }
  }

  /** {@code packed[(t·k + j)·MR + r] = A[t·MR + r, j]}, zero past the last row. */
  private void pack(int rows, int tiles, float[] a, int aOff, int lda) {
    if (packed.length < tiles * MR * k) {
      packed = new float[tiles * MR * k];
    }
    for (int t = 0; t < tiles; t++) {
      for (int r = 0; r < MR; r++) {
        int row = t * MR + r;
        int from = aOff + row * lda;
        for (int j = 0; j < k; j++) {
          packed[(t * k + j) * MR + r] = row < rows ? a[from + j] : 0f;
        }
      }
    }
  }
}
