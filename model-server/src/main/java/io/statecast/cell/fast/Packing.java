package io.statecast.cell.fast;

import static io.statecast.cell.fast.Micro.HALF;
import static io.statecast.cell.fast.Micro.MR;

/**
 * The left operand of {@link Micro}'s products, packed: rows cut into tiles of {@link Micro#MR}
 * rows, each tile stored column by column so that one step of a tile reads {@code MR} consecutive
 * floats to broadcast.
 *
 * <pre>
 * packed A:     [tile t = b / MR][k][b % MR]        tile stride MR·K; rows past B are zero
 * </pre>
 *
 * A packed A is filled by one {@link #pack} per group of columns (e.g. {@code [u | h]}: the layer
 * input, then the recurrent state), then {@link #zeroTail} clears the padding rows of its last
 * tile.
 */
final class Packing {

  private Packing() {}

  /** Rows rounded up to whole tiles. */
  static int paddedRows(int rows) {
    return (rows + MR - 1) / MR * MR;
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
    for (int t = 0; t < full; t += MR) { // whole tiles, six rows at a time (MR is 6 or 12)
      for (int half = 0; half < MR; half += HALF) {
        int to = t * k + colOff * MR + half;
        int s0 = srcOff + (t + half) * srcStride;
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
