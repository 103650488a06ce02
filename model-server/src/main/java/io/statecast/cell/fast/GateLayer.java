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
 * two micro-kernel tiles give all four gates of {@code MR} rows × L units, and the cell update
 * reads them as four aligned vectors. A gate temperature {@code τ} is folded into the {@code i} and
 * {@code f} columns, their bias and peepholes ({@code z/τ} costs nothing at run time); hard G2
 * gates ignore it. Units past {@code H} in the last block have zero weights and are never stored.
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
   * @param scratch at least {@link #SCRATCH} floats
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
        int b = t * MR;
        cells(
            u,
            valid,
            scratch,
            state,
            cOff + b * stride,
            stride,
            out,
            outOff + b * outStride,
            outStride);
      }
    }
  }

  /** Floats of scratch {@link #step} needs: two tile results and a stage for a partial block. */
  static final int SCRATCH = 2 * TILE + 2 * MR * L;

  /**
   * The cell update of the {@code valid} rows of one tile and one block of {@code L} units, from
   * the two tile results in scratch: {@code [i | f]} of row {@code r} at {@code r·NR}, {@code [g |
   * o]} at {@code TILE + r·NR}. A block past {@code H} (when {@code H} is not a multiple of {@code
   * L}) goes through a stage in scratch, so that only its real units are read and written.
   */
  private void cells(
      int u,
      int valid,
      float[] s,
      float[] state,
      int cAt,
      int stride,
      float[] out,
      int mAt,
      int outStride) {
    int unit = u * L;
    if (unit + L <= hidden) {
      passes(u, valid, s, state, cAt + unit, stride, out, mAt + unit, outStride);
      return;
    }
    VectorMask<Float> real = F.indexInRange(unit, hidden);
    int stage = 2 * TILE; // c of the rows, then m
    for (int r = 0; r < valid; r++) {
      FloatVector.fromArray(F, state, cAt + r * stride + unit, real).intoArray(s, stage + r * L);
    }
    passes(u, valid, s, s, stage, L, s, stage + MR * L, L);
    for (int r = 0; r < valid; r++) {
      FloatVector.fromArray(F, s, stage + r * L).intoArray(state, cAt + r * stride + unit, real);
      FloatVector.fromArray(F, s, stage + (MR + r) * L)
          .intoArray(out, mAt + r * outStride + unit, real);
    }
  }

  /**
   * The cell update in four passes over the rows, each a short loop with few live vectors, so that
   * little is live across the calls to SVML's {@code exp} that the nonlinearities make (a call
   * clobbers the vector registers): (1) the pre-activations of {@code i}, {@code f}, {@code g}; (2)
   * the gates; (3) {@code c'} and the pre-activation of {@code o}; (4) {@code m}. In one pass per
   * row, many vectors would be live across each call, to be spilled and reloaded around it; the
   * passes were faster on AVX-512 and no slower on AVX2 (docs/benchmarks/history.md). Each row goes
   * through the same operations as in one pass, in the same order.
   *
   * @param c {@code c} of row {@code r} at {@code cAt + r·cStride}: read, then overwritten by c'
   * @param m where {@code m} of row {@code r} goes, at {@code mAt + r·mStride}
   */
  private void passes(
      int u,
      int valid,
      float[] s,
      float[] c,
      int cAt,
      int cStride,
      float[] m,
      int mAt,
      int mStride) {
    int unit = u * L;
    int b0 = 2 * u * NR;
    preActivations(valid, s, c, cAt, cStride, b0, unit);
    if (hard) {
      hardGates(valid, s);
    } else {
      softGates(valid, s);
    }
    newCells(valid, s, c, cAt, cStride, b0, unit);
    outputs(valid, s, m, mAt, mStride);
  }

  /** {@code z_i + b_i + p_i ⊙ c}, {@code z_f + b_f + p_f ⊙ c}, {@code z_g + b_g}, in place. */
  private void preActivations(
      int valid, float[] s, float[] c, int cAt, int cStride, int b0, int unit) {
    FloatVector bi = FloatVector.fromArray(F, gates.bias, b0);
    FloatVector bf = FloatVector.fromArray(F, gates.bias, b0 + L);
    FloatVector bg = FloatVector.fromArray(F, gates.bias, b0 + NR);
    FloatVector vpi = FloatVector.fromArray(F, pi, unit);
    FloatVector vpf = FloatVector.fromArray(F, pf, unit);
    for (int r = 0; r < valid; r++) {
      int z = r * NR;
      FloatVector cOld = FloatVector.fromArray(F, c, cAt + r * cStride);
      vpi.fma(cOld, FloatVector.fromArray(F, s, z).add(bi)).intoArray(s, z);
      vpf.fma(cOld, FloatVector.fromArray(F, s, z + L).add(bf)).intoArray(s, z + L);
      FloatVector.fromArray(F, s, TILE + z).add(bg).intoArray(s, TILE + z);
    }
  }

  /** {@code i = σ(·)}, {@code f = σ(·)}, {@code g = tanh(·)}, in place. */
  private static void softGates(int valid, float[] s) {
    for (int r = 0; r < valid; r++) {
      int z = r * NR;
      CellMath.sigmoid(FloatVector.fromArray(F, s, z)).intoArray(s, z);
      CellMath.sigmoid(FloatVector.fromArray(F, s, z + L)).intoArray(s, z + L);
      CellMath.tanh(FloatVector.fromArray(F, s, TILE + z)).intoArray(s, TILE + z);
    }
  }

  /**
   * Hard G2 gates: {@code i = 1[· > 0]}, {@code f = 1[· > 0]}, {@code g = tanh(·)}, in place. A
   * loop of its own beside {@link #softGates}, not a choice per vector inside one loop: a
   * vector-valued branch keeps C2 from holding the vectors in registers.
   */
  private static void hardGates(int valid, float[] s) {
    for (int r = 0; r < valid; r++) {
      int z = r * NR;
      CellMath.hard(FloatVector.fromArray(F, s, z)).intoArray(s, z);
      CellMath.hard(FloatVector.fromArray(F, s, z + L)).intoArray(s, z + L);
      CellMath.tanh(FloatVector.fromArray(F, s, TILE + z)).intoArray(s, TILE + z);
    }
  }

  /**
   * {@code c' = f ⊙ c + i ⊙ g}, written over {@code c} and over {@code g} in scratch; {@code z_o +
   * b_o + p_o ⊙ c'} in place.
   */
  private void newCells(int valid, float[] s, float[] c, int cAt, int cStride, int b0, int unit) {
    FloatVector bo = FloatVector.fromArray(F, gates.bias, b0 + NR + L);
    FloatVector vpo = FloatVector.fromArray(F, po, unit);
    for (int r = 0; r < valid; r++) {
      int z = r * NR;
      int at = cAt + r * cStride;
      FloatVector i = FloatVector.fromArray(F, s, z);
      FloatVector f = FloatVector.fromArray(F, s, z + L);
      FloatVector g = FloatVector.fromArray(F, s, TILE + z);
      FloatVector cNew = f.mul(FloatVector.fromArray(F, c, at)).add(i.mul(g));
      cNew.intoArray(c, at);
      cNew.intoArray(s, TILE + z);
      vpo.fma(cNew, FloatVector.fromArray(F, s, TILE + z + L).add(bo)).intoArray(s, TILE + z + L);
    }
  }

  /** {@code m = σ(z_o) ⊙ tanh(c')}. */
  private static void outputs(int valid, float[] s, float[] m, int mAt, int mStride) {
    for (int r = 0; r < valid; r++) {
      int z = TILE + r * NR;
      CellMath.sigmoid(FloatVector.fromArray(F, s, z + L))
          .mul(CellMath.tanh(FloatVector.fromArray(F, s, z)))
          .intoArray(m, mAt + r * mStride);
    }
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
