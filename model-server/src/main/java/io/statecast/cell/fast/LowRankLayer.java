package io.statecast.cell.fast;

import static io.statecast.cell.fast.Micro.MR;

import io.statecast.model.CellSpec;
import io.statecast.model.LayerWeights;
import io.statecast.model.LowRankWeights;

/**
 * The gates of a low-rank layer (see {@link io.statecast.model.WeightNames}): {@code W_ih ≈ L_ih
 * R_ih} (where the layer input is at least {@code K} wide) and {@code W_hh ≈ L_hh R_hh}, stepped as
 * two products instead of one:
 *
 * <pre>
 * p = [u · R_ihᵀ | h · R_hhᵀ]                   (B, 2K)    thin: {@link Gemm}, two K-wide products
 * z = p · [L_ih | L_hh]ᵀ + b; c, m = cell(z, c)  (B, 4H)    fused, {@link GateLayer}
 * </pre>
 *
 * (with {@code u} in place of {@code u · R_ihᵀ} and {@code W_ih} of {@code L_ih} where {@code W_ih}
 * is dense). Per row and step that is {@code K·(in + R) + 4H·2K} multiply-adds instead of {@code
 * 4H·(in + R)}, a saving when {@code K} is small against {@code H}.
 */
final class LowRankLayer {

  private final Panels ihRight; // K = in, N = rank; null where W_ih is dense
  private final Panels hhRight; // K = R, N = rank
  private final int inputWidth; // rank where W_ih is factored, else in
  private final GateLayer gates; // K = inputWidth + rank

  LowRankLayer(CellSpec cell, LayerWeights w, LowRankWeights f) {
    this.ihRight = f.inputFactored() ? Panels.linear(f.ihRight(), null) : null;
    this.hhRight = Panels.linear(f.hhRight(), null);
    this.inputWidth = f.inputFactored() ? cell.rank() : w.weightIh().dim(1);
    LayerWeights left =
        new LayerWeights(
            f.inputFactored() ? f.ihLeft() : w.weightIh(),
            f.hhLeft(),
            w.biasIh(),
            w.biasHh(),
            w.weightHr(),
            w.peepholeInput(),
            w.peepholeForget(),
            w.peepholeOutput(),
            w.highwayWeight(),
            w.highwayBias());
    this.gates = new GateLayer(cell, left);
  }

  /** Columns of the thin product {@code p}: the width of {@link Workspace#lowRankInput}. */
  int columns() {
    return gates.inputColumns();
  }

  /**
   * Steps the cells of {@code rows} rows, as {@link GateLayer#step} does, from the packed {@code [u
   * | h]} in {@code ap} ({@code cols = in + R} columns, the first {@code in} of them {@code u}).
   */
  void step(
      int rows,
      float[] ap,
      int cols,
      int in,
      float[] state,
      int cOff,
      int stride,
      float[] out,
      int outOff,
      int outStride,
      Workspace w) {
    int kp = columns();
    float[] pp = w.lowRankInput;
    if (ihRight != null) {
      Gemm.multiply(rows, ap, 0, cols, ihRight, w.scratch, w.lowRankRows, 0, kp);
    } else {
      for (int t = 0; t < Packing.paddedRows(rows); t += MR) { // u's columns, tile by tile
        System.arraycopy(ap, t * cols, pp, t * kp, in * MR);
      }
    }
    Gemm.multiply(rows, ap, in * MR, cols, hhRight, w.scratch, w.lowRankRows, inputWidth, kp);
    int from = ihRight != null ? 0 : inputWidth;
    Packing.pack(w.lowRankRows, from, kp, rows, kp - from, pp, kp, from);
    Packing.zeroTail(rows, pp, kp);
    gates.step(rows, pp, state, cOff, stride, out, outOff, outStride, w.scratch);
  }
}
