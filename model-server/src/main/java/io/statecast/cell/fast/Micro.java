package io.statecast.cell.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernel every product of the fast kernel runs through. {@link Packing}
 * lays out its left operand, {@code [tile b / MR][k][b % MR]}, and {@link Panels} its weights,
 * {@code [panel p][k][NR]}; a tile's result is {@code [row r][NR]}, in a scratch array.
 *
 * <p>A product {@code C (B, N) = A (B, K) · W (K, N)} is cut into tiles of {@link #MR} rows ×
 * {@link #NR} = 2 vectors of columns. For one tile the kernel keeps its {@code 2·MR} accumulators
 * in registers and walks {@code K}: per step it loads two vectors of the weight panel, broadcasts
 * {@code MR} values of {@code A} and issues {@code 2·MR} fused multiply-adds. The tile is as tall
 * as the registers allow: 6 × 2 on AVX2 (12 accumulators + 2 weights + 1 broadcast = 15 of 16
 * registers), 12 × 2 on AVX-512 (24 + 2 + 1 = 27 of 32), where each weight vector loaded feeds
 * twelve FMAs instead of six: half the weight traffic per FLOP (a layer's panel pair is 64 KiB at K
 * = 256, more than L1) and half the loop's loads, branches and index arithmetic per FMA. No other
 * tile shape tried was faster, nor broadcasting from unpacked rows, nor the same tile in C
 * (docs/benchmarks/history.md).
 *
 * <p>Every loop walks {@code K} with offsets that move by a constant each step ({@code ao += MR},
 * {@code wo += NR}) and ends on the packed offset, instead of computing both from {@code k}: C2
 * then drops the range checks from the loop and keeps its arithmetic to two additions. Every path —
 * a full tile, the six-row half tile for a partly filled tall tile, one row — sums {@code k = 0 …
 * K−1} into a zero accumulator in order, one FMA chain per output vector, so a row's result never
 * depends on which path computed it.
 */
public final class Micro {

  /** The vector shape: the widest the CPU has. */
  public static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  /** Floats per vector {@code L}. */
  public static final int L = F.length();

  /** Columns per weight panel: two vectors. */
  public static final int NR = 2 * L;

  /** Rows of the short tile (AVX2's), and of the half tile for partly filled tall ones. */
  static final int HALF = 6;

  /** Rows per tile: 12 where vectors hold 16 floats or more (AVX-512), else 6. */
  public static final int MR = L >= 16 ? 2 * HALF : HALF;

  /** Floats of one tile result, {@code (MR, NR)}. */
  public static final int TILE = MR * NR;

  private Micro() {}

  /**
   * One tile: {@code out[outOff + r·NR + j] = Σ_{k<kLen} ap[apOff + MR·k + r] · w[wOff + k·NR + j]}
   * for every row {@code r < MR}.
   *
   * @param ap packed A
   * @param apOff start of the tile (its first k) in {@code ap}
   * @param kLen how many k to sum over
   * @param w weight panels
   * @param wOff start of the panel (its first k) in {@code w}
   * @param out where the tile result {@code (MR, NR)} goes
   * @param outOff its first index in {@code out}
   */
  public static void tile(
      float[] ap, int apOff, int kLen, float[] w, int wOff, float[] out, int outOff) {
    if (MR == 2 * HALF) { // a constant: C2 keeps one branch
      tall(ap, apOff, kLen, w, wOff, out, outOff);
    } else {
      half(ap, apOff, kLen, w, wOff, out, outOff);
    }
  }

  /**
   * The tall tile (AVX-512), two steps of {@code k} per iteration: half the index arithmetic, range
   * checks and branches per FMA, each accumulator still summing its {@code k} in order. One long
   * method, the step written out three times (twice in the loop, once for an odd {@code K}): the 24
   * accumulators must stay in registers, so nothing vector-typed may cross a call that C2 might not
   * inline. Each starts from its own {@code zero()}: sharing one initial vector between them stops
   * C2 from keeping them unboxed, which makes the tile many times slower.
   */
  private static void tall(
      float[] ap, int apOff, int kLen, float[] w, int wOff, float[] out, int outOff) {
    FloatVector c000 = FloatVector.zero(F);
    FloatVector c001 = FloatVector.zero(F);
    FloatVector c010 = FloatVector.zero(F);
    FloatVector c011 = FloatVector.zero(F);
    FloatVector c020 = FloatVector.zero(F);
    FloatVector c021 = FloatVector.zero(F);
    FloatVector c030 = FloatVector.zero(F);
    FloatVector c031 = FloatVector.zero(F);
    FloatVector c040 = FloatVector.zero(F);
    FloatVector c041 = FloatVector.zero(F);
    FloatVector c050 = FloatVector.zero(F);
    FloatVector c051 = FloatVector.zero(F);
    FloatVector c060 = FloatVector.zero(F);
    FloatVector c061 = FloatVector.zero(F);
    FloatVector c070 = FloatVector.zero(F);
    FloatVector c071 = FloatVector.zero(F);
    FloatVector c080 = FloatVector.zero(F);
    FloatVector c081 = FloatVector.zero(F);
    FloatVector c090 = FloatVector.zero(F);
    FloatVector c091 = FloatVector.zero(F);
    FloatVector c100 = FloatVector.zero(F);
    FloatVector c101 = FloatVector.zero(F);
    FloatVector c110 = FloatVector.zero(F);
    FloatVector c111 = FloatVector.zero(F);
    int wo = wOff;
    int ao = apOff;
    int pairsEnd = apOff + MR * (kLen & ~1);
    for (; ao < pairsEnd; ao += 2 * MR, wo += 2 * NR) { // two steps of k per iteration
      {
        FloatVector w0 = FloatVector.fromArray(F, w, wo);
        FloatVector w1 = FloatVector.fromArray(F, w, wo + L);
        FloatVector a = FloatVector.broadcast(F, ap[ao]);
        c000 = w0.fma(a, c000);
        c001 = w1.fma(a, c001);
        a = FloatVector.broadcast(F, ap[ao + 1]);
        c010 = w0.fma(a, c010);
        c011 = w1.fma(a, c011);
        a = FloatVector.broadcast(F, ap[ao + 2]);
        c020 = w0.fma(a, c020);
        c021 = w1.fma(a, c021);
        a = FloatVector.broadcast(F, ap[ao + 3]);
        c030 = w0.fma(a, c030);
        c031 = w1.fma(a, c031);
        a = FloatVector.broadcast(F, ap[ao + 4]);
        c040 = w0.fma(a, c040);
        c041 = w1.fma(a, c041);
        a = FloatVector.broadcast(F, ap[ao + 5]);
        c050 = w0.fma(a, c050);
        c051 = w1.fma(a, c051);
        a = FloatVector.broadcast(F, ap[ao + 6]);
        c060 = w0.fma(a, c060);
        c061 = w1.fma(a, c061);
        a = FloatVector.broadcast(F, ap[ao + 7]);
        c070 = w0.fma(a, c070);
        c071 = w1.fma(a, c071);
        a = FloatVector.broadcast(F, ap[ao + 8]);
        c080 = w0.fma(a, c080);
        c081 = w1.fma(a, c081);
        a = FloatVector.broadcast(F, ap[ao + 9]);
        c090 = w0.fma(a, c090);
        c091 = w1.fma(a, c091);
        a = FloatVector.broadcast(F, ap[ao + 10]);
        c100 = w0.fma(a, c100);
        c101 = w1.fma(a, c101);
        a = FloatVector.broadcast(F, ap[ao + 11]);
        c110 = w0.fma(a, c110);
        c111 = w1.fma(a, c111);
      }
      {
        FloatVector w0 = FloatVector.fromArray(F, w, wo + NR);
        FloatVector w1 = FloatVector.fromArray(F, w, wo + NR + L);
        FloatVector a = FloatVector.broadcast(F, ap[ao + MR]);
        c000 = w0.fma(a, c000);
        c001 = w1.fma(a, c001);
        a = FloatVector.broadcast(F, ap[ao + MR + 1]);
        c010 = w0.fma(a, c010);
        c011 = w1.fma(a, c011);
        a = FloatVector.broadcast(F, ap[ao + MR + 2]);
        c020 = w0.fma(a, c020);
        c021 = w1.fma(a, c021);
        a = FloatVector.broadcast(F, ap[ao + MR + 3]);
        c030 = w0.fma(a, c030);
        c031 = w1.fma(a, c031);
        a = FloatVector.broadcast(F, ap[ao + MR + 4]);
        c040 = w0.fma(a, c040);
        c041 = w1.fma(a, c041);
        a = FloatVector.broadcast(F, ap[ao + MR + 5]);
        c050 = w0.fma(a, c050);
        c051 = w1.fma(a, c051);
        a = FloatVector.broadcast(F, ap[ao + MR + 6]);
        c060 = w0.fma(a, c060);
        c061 = w1.fma(a, c061);
        a = FloatVector.broadcast(F, ap[ao + MR + 7]);
        c070 = w0.fma(a, c070);
        c071 = w1.fma(a, c071);
        a = FloatVector.broadcast(F, ap[ao + MR + 8]);
        c080 = w0.fma(a, c080);
        c081 = w1.fma(a, c081);
        a = FloatVector.broadcast(F, ap[ao + MR + 9]);
        c090 = w0.fma(a, c090);
        c091 = w1.fma(a, c091);
        a = FloatVector.broadcast(F, ap[ao + MR + 10]);
        c100 = w0.fma(a, c100);
        c101 = w1.fma(a, c101);
        a = FloatVector.broadcast(F, ap[ao + MR + 11]);
        c110 = w0.fma(a, c110);
        c111 = w1.fma(a, c111);
      }
    }
    if ((kLen & 1) != 0) {
      FloatVector w0 = FloatVector.fromArray(F, w, wo);
      FloatVector w1 = FloatVector.fromArray(F, w, wo + L);
      FloatVector a = FloatVector.broadcast(F, ap[ao]);
      c000 = w0.fma(a, c000);
      c001 = w1.fma(a, c001);
      a = FloatVector.broadcast(F, ap[ao + 1]);
      c010 = w0.fma(a, c010);
      c011 = w1.fma(a, c011);
      a = FloatVector.broadcast(F, ap[ao + 2]);
      c020 = w0.fma(a, c020);
      c021 = w1.fma(a, c021);
      a = FloatVector.broadcast(F, ap[ao + 3]);
      c030 = w0.fma(a, c030);
      c031 = w1.fma(a, c031);
      a = FloatVector.broadcast(F, ap[ao + 4]);
      c040 = w0.fma(a, c040);
      c041 = w1.fma(a, c041);
      a = FloatVector.broadcast(F, ap[ao + 5]);
      c050 = w0.fma(a, c050);
      c051 = w1.fma(a, c051);
      a = FloatVector.broadcast(F, ap[ao + 6]);
      c060 = w0.fma(a, c060);
      c061 = w1.fma(a, c061);
      a = FloatVector.broadcast(F, ap[ao + 7]);
      c070 = w0.fma(a, c070);
      c071 = w1.fma(a, c071);
      a = FloatVector.broadcast(F, ap[ao + 8]);
      c080 = w0.fma(a, c080);
      c081 = w1.fma(a, c081);
      a = FloatVector.broadcast(F, ap[ao + 9]);
      c090 = w0.fma(a, c090);
      c091 = w1.fma(a, c091);
      a = FloatVector.broadcast(F, ap[ao + 10]);
      c100 = w0.fma(a, c100);
      c101 = w1.fma(a, c101);
      a = FloatVector.broadcast(F, ap[ao + 11]);
      c110 = w0.fma(a, c110);
      c111 = w1.fma(a, c111);
    }
    c000.intoArray(out, outOff);
    c001.intoArray(out, outOff + L);
    c010.intoArray(out, outOff + 2 * L);
    c011.intoArray(out, outOff + 3 * L);
    c020.intoArray(out, outOff + 4 * L);
    c021.intoArray(out, outOff + 5 * L);
    c030.intoArray(out, outOff + 6 * L);
    c031.intoArray(out, outOff + 7 * L);
    c040.intoArray(out, outOff + 8 * L);
    c041.intoArray(out, outOff + 9 * L);
    c050.intoArray(out, outOff + 10 * L);
    c051.intoArray(out, outOff + 11 * L);
    c060.intoArray(out, outOff + 12 * L);
    c061.intoArray(out, outOff + 13 * L);
    c070.intoArray(out, outOff + 14 * L);
    c071.intoArray(out, outOff + 15 * L);
    c080.intoArray(out, outOff + 16 * L);
    c081.intoArray(out, outOff + 17 * L);
    c090.intoArray(out, outOff + 18 * L);
    c091.intoArray(out, outOff + 19 * L);
    c100.intoArray(out, outOff + 20 * L);
    c101.intoArray(out, outOff + 21 * L);
    c110.intoArray(out, outOff + 22 * L);
    c111.intoArray(out, outOff + 23 * L);
  }

  /**
   * Six rows, 12 accumulators: the whole tile where {@link #MR} is 6, else the first six rows of a
   * tall tile that has no more (packed stride still {@code MR}); written out like {@link #tall}.
   */
  static void half(float[] ap, int apOff, int kLen, float[] w, int wOff, float[] out, int outOff) {
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
    int end = apOff + MR * kLen;
    for (int ao = apOff, wo = wOff; ao < end; ao += MR, wo += NR) {
      FloatVector w0 = FloatVector.fromArray(F, w, wo);
      FloatVector w1 = FloatVector.fromArray(F, w, wo + L);
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
   * One row: {@code out[outOff + j] = Σ_{k<kLen} ap[apOff + MR·k] · w[wOff + k·NR + j]} for the row
   * at {@code apOff}: the rows of a partly filled last tile (so batches of 1–2), where a tile would
   * compute padding. Summed in the tiles' order, bit for bit whatever shares its tile, batch or
   * thread (the cell's exponentials can differ in the last bit while the JIT compiles them, see
   * FastStepKernelTest); its latency-bound chain hides behind streaming the weights from L2/L3.
   */
  static void row(float[] ap, int apOff, int kLen, float[] w, int wOff, float[] out, int outOff) {
    FloatVector c0 = FloatVector.zero(F);
    FloatVector c1 = FloatVector.zero(F);
    int end = apOff + MR * kLen;
    for (int ao = apOff, wo = wOff; ao < end; ao += MR, wo += NR) {
      FloatVector a = FloatVector.broadcast(F, ap[ao]);
      c0 = FloatVector.fromArray(F, w, wo).fma(a, c0);
      c1 = FloatVector.fromArray(F, w, wo + L).fma(a, c1);
    }
    c0.intoArray(out, outOff);
    c1.intoArray(out, outOff + L);
  }

  /** Up to this many valid rows, {@link #row} per row beats a six-row {@link #half}. */
  static final int ROWS_BY_ROW = 2;

  /**
   * The {@code valid} rows of one tile, into {@code out} as {@link #tile} writes them: the whole
   * tile, its first six rows when no more are real, or row by row when only a few are.
   */
  static void rows(
      int valid, float[] ap, int apOff, int kLen, float[] w, int wOff, float[] out, int outOff) {
    if (valid > HALF) {
      tile(ap, apOff, kLen, w, wOff, out, outOff);
    } else if (valid > ROWS_BY_ROW) {
      half(ap, apOff, kLen, w, wOff, out, outOff);
    } else {
      for (int r = 0; r < valid; r++) {
        row(ap, apOff + r, kLen, w, wOff, out, outOff + r * NR);
      }
    }
  }
}
