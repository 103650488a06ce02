package io.statecast.cell.fast;

import static io.statecast.cell.fast.Micro.F;
import static io.statecast.cell.fast.Micro.L;
import static io.statecast.cell.fast.Micro.MR;
import static io.statecast.cell.fast.Micro.NR;
import static io.statecast.cell.fast.Micro.TILE;

import io.statecast.model.CellSpec;
import io.statecast.model.CellVariant;
import io.statecast.model.GateMode;
import io.statecast.model.LayerWeights;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * One layer's gates and cell update, fused: the product {@code z = [u | h] · [W_ih | W_hh]ᵀ + b}
 * and, while a tile's {@code z} is still in L1, the whole cell (Gers et al. 2000; peepholes and
 * gate modes as in {@link io.statecast.cell.reference.ReferenceModel}):
 *
 * <pre>
 * i = gate(z_i + p_i ⊙ c)   f = gate(z_f + p_f ⊙ c)   g = tanh(z_g)
 * c' = f ⊙ c + i ⊙ g        o = σ(z_o + p_o ⊙ c')     m = o ⊙ tanh(c')
 * </pre>
 *
 * <p>Weight layout: the {@code 4H} gate columns are regrouped by blocks of {@code L} hidden units
 * (one vector): block {@code u} is two panels, {@code [i_u | f_u]} and {@code [g_u | o_u]}, so that
 * two micro-kernel tiles give all four gates of 6 rows × L units, and the cell update reads them as
 * four aligned vectors. A gate temperature {@code τ} is folded into the {@code i} and {@code f}
 * columns, their bias and peepholes ({@code z/τ} costs nothing at run time); hard G2 gates ignore
 * it. Units past {@code H} in the last block have zero weights and are never stored.
 */
final class GateLayer {

  private final int hidden;
  private final int blocks;
  private final boolean hard;
  private final Panels gates; // K = in + R, N = blocks · 2 · NR
  private final float[] pi; // (blocks · L), scaled by 1/τ; zeros without peepholes
  private final float[] pf;
  private final float[] po;

  GateLayer(CellSpec cell, LayerWeights w) {
    this.hidden = cell.hidden();
    this.blocks = (hidden + L - 1) / L;
    boolean peephole = cell.variant() == CellVariant.PEEPHOLE;
    this.hard = cell.gates().mode() == GateMode.HARD;
    double inv = hard ? 1.0 : 1.0 / cell.gates().temperature();
    int in = w.weightIh().dim(1);
    int rec = w.weightHh().dim(1);
    double[] wih = w.weightIh().data();
    double[] whh = w.weightHh().data();
    double[] bias = w.combinedBias();
    this.gates =
        Panels.of(
            in + rec,
            blocks * 2 * NR,
            (col, k) -> {
              int row = gateRow(col);
              if (row < 0) {
                return 0.0;
              }
              double v = k < in ? wih[row * in + k] : whh[row * rec + k - in];
              return v * scale(row, inv);
            },
            col -> {
              int row = gateRow(col);
              return row < 0 ? 0.0 : bias[row] * scale(row, inv);
            });
    this.pi = padded(peephole ? w.peepholeInput().data() : null, inv);
    this.pf = padded(peephole ? w.peepholeForget().data() : null, inv);
    this.po = padded(peephole ? w.peepholeOutput().data() : null, 1.0);
  }

  /** Inner dimension {@code K = in + R} of the packed input this layer reads. */
  int inputColumns() {
    return gates.k;
  }

  /**
   * Steps the cells of {@code rows} rows.
   *
   * @param ap packed {@code [u | h] (rows, K)}
   * @param state the packed states; {@code c} of row {@code b} at {@code cOff + b·stride} is
   *     updated in place
   * @param out where {@code m} of row {@code b} goes, at {@code outOff + b·outStride}
   * @param scratch at least {@code 2·TILE} floats
   */
  void step(
      int rows,
      float[] ap,
      float[] state,
      int cOff,
      int stride,
      float[] out,
      int outOff,
      int outStride,
      float[] scratch) {
    int k = gates.k;
    int tiles = (rows + MR - 1) / MR;
    for (int u = 0; u < blocks; u++) {
      for (int t = 0; t < tiles; t++) {
        int valid = Math.min(MR, rows - t * MR);
        Micro.rows(valid, ap, t * MR * k, k, gates.w, gates.offset(2 * u), scratch, 0);
        Micro.rows(valid, ap, t * MR * k, k, gates.w, gates.offset(2 * u + 1), scratch, TILE);
        for (int r = 0; r < valid; r++) {
          int b = t * MR + r;
          update(u, r, scratch, state, cOff + b * stride, out, outOff + b * outStride);
        }
      }
    }
  }

  /**
   * The cell update of one row and one block of L units, from the tile results in scratch. Written
   * without vector-valued branches (peepholes are zero vectors when the cell has none), so that C2
   * keeps every vector in registers.
   */
  private void update(int u, int r, float[] s, float[] state, int cAt, float[] out, int mAt) {
    int unit = u * L;
    if (unit + L > hidden) {
      updatePartial(u, r, s, state, cAt, out, mAt);
      return;
    }
    int b0 = 2 * u * NR;
    int z0 = r * NR;
    FloatVector c = FloatVector.fromArray(F, state, cAt + unit);
    FloatVector zi = FloatVector.fromArray(F, s, z0).add(FloatVector.fromArray(F, gates.bias, b0));
    FloatVector zf =
        FloatVector.fromArray(F, s, z0 + L).add(FloatVector.fromArray(F, gates.bias, b0 + L));
    FloatVector zg =
        FloatVector.fromArray(F, s, TILE + z0).add(FloatVector.fromArray(F, gates.bias, b0 + NR));
    FloatVector zo =
        FloatVector.fromArray(F, s, TILE + z0 + L)
            .add(FloatVector.fromArray(F, gates.bias, b0 + NR + L));
    zi = FloatVector.fromArray(F, pi, unit).fma(c, zi);
    zf = FloatVector.fromArray(F, pf, unit).fma(c, zf);
    FloatVector cNew;
    if (hard) {
      cNew = CellMath.hard(zf).mul(c).add(CellMath.hard(zi).mul(CellMath.tanh(zg)));
    } else {
      cNew = CellMath.sigmoid(zf).mul(c).add(CellMath.sigmoid(zi).mul(CellMath.tanh(zg)));
    }
    zo = FloatVector.fromArray(F, po, unit).fma(cNew, zo);
    cNew.intoArray(state, cAt + unit);
    CellMath.sigmoid(zo).mul(CellMath.tanh(cNew)).intoArray(out, mAt + unit);
  }

  /** {@link #update} for the last block when {@code H} is not a multiple of {@code L}. */
  private void updatePartial(
      int u, int r, float[] s, float[] state, int cAt, float[] out, int mAt) {
    int unit = u * L;
    VectorMask<Float> m = F.indexInRange(unit, hidden);
    int b0 = 2 * u * NR;
    int z0 = r * NR;
    FloatVector c = FloatVector.fromArray(F, state, cAt + unit, m);
    FloatVector zi = FloatVector.fromArray(F, s, z0).add(FloatVector.fromArray(F, gates.bias, b0));
    FloatVector zf =
        FloatVector.fromArray(F, s, z0 + L).add(FloatVector.fromArray(F, gates.bias, b0 + L));
    FloatVector zg =
        FloatVector.fromArray(F, s, TILE + z0).add(FloatVector.fromArray(F, gates.bias, b0 + NR));
    FloatVector zo =
        FloatVector.fromArray(F, s, TILE + z0 + L)
            .add(FloatVector.fromArray(F, gates.bias, b0 + NR + L));
    zi = FloatVector.fromArray(F, pi, unit).fma(c, zi);
    zf = FloatVector.fromArray(F, pf, unit).fma(c, zf);
    FloatVector i = hard ? CellMath.hard(zi) : CellMath.sigmoid(zi);
    FloatVector f = hard ? CellMath.hard(zf) : CellMath.sigmoid(zf);
    FloatVector cNew = f.mul(c).add(i.mul(CellMath.tanh(zg)));
    zo = FloatVector.fromArray(F, po, unit).fma(cNew, zo);
    cNew.intoArray(state, cAt + unit, m);
    CellMath.sigmoid(zo).mul(CellMath.tanh(cNew)).intoArray(out, mAt + unit, m);
  }

  /** Row of the {@code (4H, ·)} PyTorch weights behind packed column {@code col}, or −1. */
  private int gateRow(int col) {
    int panel = col / NR;
    int j = col % NR;
    int gate = (panel % 2) * 2 + j / L; // 0 i, 1 f, 2 g, 3 o
    int unit = (panel / 2) * L + j % L;
    return unit < hidden ? gate * hidden + unit : -1;
  }

  /** 1/τ for the input and forget gate rows, 1 for the others. */
  private double scale(int row, double inv) {
    return row < 2 * hidden ? inv : 1.0;
  }

  /** Peepholes padded to whole vectors; zeros for a cell without them. */
  private float[] padded(double[] values, double scale) {
    float[] p = new float[blocks * L];
    for (int j = 0; values != null && j < values.length; j++) {
      p[j] = (float) (values[j] * scale);
    }
    return p;
  }
}
