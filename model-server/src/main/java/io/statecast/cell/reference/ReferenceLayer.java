package io.statecast.cell.reference;

import io.statecast.model.CellSpec;
import io.statecast.model.CellVariant;
import io.statecast.model.GateMode;
import io.statecast.model.GateSpec;
import io.statecast.model.LayerWeights;
import io.statecast.model.LowRankWeights;
import io.statecast.tensor.Tensor;

/**
 * One LSTM layer, stepped for one key in double precision with plain loops: the oracle every fast
 * path is tested against, written to be read, not to be fast.
 *
 * <pre>
 * z = W_ih u + W_hh h_{t-1} + b_ih + b_hh                       (4H), rows [i | f | g | o]
 * i = gate(z_i + p_i ⊙ c_{t-1})    f = gate(z_f + p_f ⊙ c_{t-1})    (p = 0 for a fused cell)
 * g = tanh(z_g)
 * c_t = f ⊙ c_{t-1} + i ⊙ g
 * o = σ(z_o + p_o ⊙ c_t)
 * m = o ⊙ tanh(c_t);   h_t = W_hr m (LSTMP) or m
 * </pre>
 *
 * A low-rank layer forms {@code z} from its factors ({@link LowRankProduct}).
 *
 * <p>where {@code gate} is {@code σ(z/τ)}, the hard G2 gate {@code 1[z > 0]}, or the Gumbel-sigmoid
 * {@code σ((z + ε)/τ)} with logistic noise {@code ε = log u − log(1 − u)} supplied by the caller.
 * References: Gers, Schmidhuber and Cummins 2000; Sak, Senior and Beaufays 2014 (peepholes, LSTMP);
 * Li et al. 2018 (G2-LSTM).
 */
final class ReferenceLayer {

  private final int hidden;
  private final int out;
  private final GateSpec gates;
  private final double[][] wih; // (4H, in), null for a low-rank layer
  private final double[][] whh; // (4H, R), null for a low-rank layer
  private final LowRankProduct lowRank; // or null
  private final double[] bias; // (4H)
  private final double[][] whr; // (R, H) or null
  private final double[] pi; // (H) or null
  private final double[] pf;
  private final double[] po;

  /** A layer with dense weights. */
  ReferenceLayer(CellSpec cell, LayerWeights w) {
    this(cell, w, null);
  }

  /**
   * @param factors the layer's low-rank factors, or null for dense weights
   */
  ReferenceLayer(CellSpec cell, LayerWeights w, LowRankWeights factors) {
    this.hidden = cell.hidden();
    this.out = cell.outputSize();
    this.gates = cell.gates();
    this.lowRank = factors == null ? null : new LowRankProduct(factors, w);
    this.wih = factors == null ? matrix(w.weightIh()) : null;
    this.whh = factors == null ? matrix(w.weightHh()) : null;
    this.bias = w.combinedBias();
    this.whr = cell.projected() ? matrix(w.weightHr()) : null;
    boolean peep = cell.variant() == CellVariant.PEEPHOLE;
    this.pi = peep ? w.peepholeInput().data() : null;
    this.pf = peep ? w.peepholeForget().data() : null;
    this.po = peep ? w.peepholeOutput().data() : null;
  }

  /**
   * Steps the layer once.
   *
   * @param u the layer input (in)
   * @param h the previous output (R), replaced by the new one
   * @param c the previous cell (H), replaced by the new one
   * @param noise logistic noise for the Gumbel gates, {@code [ε_i (H) | ε_f (H)]}, or null
   * @param trace where to record the input and forget gate values {@code [i (H) | f (H)]}, or null
   */
  void step(double[] u, double[] h, double[] c, double[] noise, double[] trace) {
    double[] z = bias.clone(); // (4H)
    if (lowRank != null) {
      lowRank.addTo(z, u, h);
    }
    for (int r = 0; lowRank == null && r < z.length; r++) {
      double s = z[r];
      for (int j = 0; j < u.length; j++) {
        s += wih[r][j] * u[j];
      }
      for (int j = 0; j < h.length; j++) {
        s += whh[r][j] * h[j];
      }
      z[r] = s;
    }
    double[] m = new double[hidden];
    for (int n = 0; n < hidden; n++) {
      double cPrev = c[n];
      double i = gate(z[n] + (pi == null ? 0 : pi[n] * cPrev), noise == null ? 0 : noise[n]);
      double f =
          gate(
              z[hidden + n] + (pf == null ? 0 : pf[n] * cPrev),
              noise == null ? 0 : noise[hidden + n]);
      double g = Math.tanh(z[2 * hidden + n]);
      double cNew = f * cPrev + i * g;
      double o = sigmoid(z[3 * hidden + n] + (po == null ? 0 : po[n] * cNew));
      c[n] = cNew;
      m[n] = o * Math.tanh(cNew);
      if (trace != null) {
        trace[n] = i;
        trace[hidden + n] = f;
      }
    }
    if (whr == null) {
      System.arraycopy(m, 0, h, 0, hidden);
    } else {
      for (int r = 0; r < out; r++) {
        double s = 0;
        for (int n = 0; n < hidden; n++) {
          s += whr[r][n] * m[n];
        }
        h[r] = s;
      }
    }
  }

  private double gate(double z, double noise) {
    GateMode mode = gates.mode();
    if (mode == GateMode.HARD) {
      return z > 0 ? 1.0 : 0.0;
    }
    double tau = gates.temperature();
    return sigmoid((mode == GateMode.GUMBEL ? z + noise : z) / tau);
  }

  static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }

  static double[][] matrix(Tensor t) {
    int rows = t.dim(0);
    int cols = t.dim(1);
    double[][] m = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(t.data(), r * cols, m[r], 0, cols);
    }
    return m;
  }
}
