package io.statecast.cell.reference;

import io.statecast.model.Connection;
import io.statecast.model.HeadWeights;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.StateLayout;
import java.util.Arrays;

/**
 * The reference implementation of a whole model (stack, connections, head), stepped one event of
 * one key at a time in double precision. Plain and obviously correct: every engine and every fast
 * path is tested against it.
 *
 * <p>The state of a key is the packed vector of {@link StateLayout}. One step, for layers {@code k
 * = 0 … L-1} (see {@link Connection} for the connection modes):
 *
 * <pre>
 * u_0 = x;  u_k = y_{k-1} (plain, residual, highway) or Σ_{j ∈ F_k} h_j (dense; F_k = {0 … k-1}
 *                                                           unless stack.feeds chooses)
 * h_k, c_k = cell_k(u_k, h_k, c_k)
 * y_k = h_k (k = 0, plain, dense) | h_k + u_k (residual) | t ⊙ h_k + (1 − t) ⊙ u_k (highway)
 * window = [window_{1..k-1}, x_a]                     (autoregressive feature a)
 * ŷ = W_out y_{L-1} + b_out + W_ar window + b_ar     (h)
 * </pre>
 *
 * A {@link Connection#GRID} stack steps its blocks in {@link ReferenceGrid} instead of the loop. A
 * window stack ({@link io.statecast.model.WindowStacks}) pools its window after layer 0 in {@link
 * ReferenceWindow}: {@code y_0 = p_t (2H)}, what layer 1 reads.
 */
public final class ReferenceModel {

  /** What one step produced. */
  public record Step(double[] output, double[] forecast) {}

  private final ModelSpec spec;
  private final StateLayout layout;
  private final ReferenceLayer[] layers;
  private final double[][][] highwayWeight; // [k] (R, R), null where the layer has no gate
  private final double[][] highwayBias; // [k] (R)
  private final double[][] headWeight; // (h, R) or null
  private final double[] headBias; // (h)
  private final double[][] arWeight; // (h, k) or null
  private final double[] arBias; // (h)
  private final ReferenceGrid grid; // the blocks of a grid stack, or null
  private final ReferenceWindow window; // the window of a window stack, or null

  public ReferenceModel(ModelWeights weights) {
    this.spec = weights.spec();
    this.layout = spec.stateLayout();
    this.layers = new ReferenceLayer[spec.layers()];
    this.highwayWeight = new double[spec.layers()][][];
    this.highwayBias = new double[spec.layers()][];
    for (int k = 0; k < layers.length; k++) {
      layers[k] = new ReferenceLayer(spec.cell(), weights.layer(k), weights.lowRank(k));
      if (k > 0 && spec.stack().connection() == Connection.HIGHWAY) {
        highwayWeight[k] = ReferenceLayer.matrix(weights.layer(k).highwayWeight());
        highwayBias[k] = weights.layer(k).highwayBias().data();
      }
    }
    HeadWeights head = weights.head();
    this.headWeight = head == null ? null : ReferenceLayer.matrix(head.weight());
    this.headBias = head == null ? null : head.bias().data();
    boolean ar = head != null && head.arWeight() != null;
    this.arWeight = ar ? ReferenceLayer.matrix(head.arWeight()) : null;
    this.arBias = ar ? head.arBias().data() : null;
    this.grid = spec.stack().connection() == Connection.GRID ? new ReferenceGrid(weights) : null;
    this.window = spec.stack().window() == null ? null : new ReferenceWindow(weights);
  }

  public ModelSpec spec() {
    return spec;
  }

  /** The zero state of a new key. */
  public double[] newState() {
    return new double[layout.size()];
  }

  /** Steps one event through the model; {@code state} is updated in place. */
  public Step step(double[] x, double[] state) {
    return step(x, state, null, null);
  }

  /**
   * Steps one event, with Gumbel noise and a gate trace.
   *
   * @param x the scaled input (I)
   * @param state the key's packed state, updated in place
   * @param noise per layer {@code [ε_i (H) | ε_f (H)]} logistic noise for Gumbel gates, or null
   * @param trace per layer, filled with {@code [i (H) | f (H)]}, or null
   */
  public Step step(double[] x, double[] state, double[][] noise, double[][] trace) {
    if (x.length != spec.inputSize() || state.length != layout.size()) {
      throw new IllegalArgumentException(
          "input of size " + x.length + " and state of size " + state.length + " for " + layout);
    }
    if (grid != null) {
      return finish(x, state, grid.step(x, state, trace));
    }
    Connection mode = spec.stack().connection();
    int r = spec.outputSize();
    double[] y = null;
    double[][] hs = new double[layers.length][];
    for (int k = 0; k < layers.length; k++) {
      double[] u = k == 0 ? x : (mode == Connection.DENSE ? denseInput(k, hs) : y);
      double[] h = Arrays.copyOfRange(state, layout.hOffset(k), layout.hOffset(k) + r);
      double[] c =
          Arrays.copyOfRange(state, layout.cOffset(k), layout.cOffset(k) + spec.cell().hidden());
      layers[k].step(u, h, c, noise == null ? null : noise[k], trace == null ? null : trace[k]);
      System.arraycopy(h, 0, state, layout.hOffset(k), r);
      System.arraycopy(c, 0, state, layout.cOffset(k), c.length);
      if (k == 0) {
        y = window == null ? h : window.pool(x, h, state);
      } else {
        y = connect(mode, k, u, h);
      }
      hs[k] = h;
    }
    return finish(x, state, y);
  }

  /** Slides the autoregressive window and applies the head to the top output {@code y}. */
  private Step finish(double[] x, double[] state, double[] y) {
    int window = spec.head().autoregressive();
    if (window > 0) {
      int off = layout.windowOffset();
      System.arraycopy(state, off + 1, state, off, window - 1);
      state[off + window - 1] = x[spec.head().arFeature()];
    }
    return new Step(y, headWeight == null ? new double[0] : forecast(y, state));
  }

  /** {@code Σ_{j ∈ F_k} h_j}, summed in increasing {@code j}. */
  private double[] denseInput(int k, double[][] hs) {
    double[] u = new double[spec.outputSize()];
    for (int j : spec.stack().feedsOf(k)) {
      for (int n = 0; n < u.length; n++) {
        u[n] += hs[j][n];
      }
    }
    return u;
  }

  private double[] connect(Connection mode, int k, double[] u, double[] h) {
    double[] y = new double[h.length];
    for (int j = 0; j < h.length; j++) {
      y[j] =
          switch (mode) {
            case PLAIN, DENSE, GRID -> h[j];
            case RESIDUAL -> h[j] + u[j];
            case HIGHWAY -> {
              double t = ReferenceLayer.sigmoid(dot(highwayWeight[k][j], u) + highwayBias[k][j]);
              yield t * h[j] + (1 - t) * u[j];
            }
          };
    }
    return y;
  }

  private double[] forecast(double[] y, double[] state) {
    int horizon = spec.head().outputs();
    double[] out = new double[horizon];
    for (int j = 0; j < horizon; j++) {
      out[j] = dot(headWeight[j], y) + headBias[j];
    }
    if (arWeight != null) {
      int off = layout.windowOffset();
      double[] win = Arrays.copyOfRange(state, off, off + spec.head().autoregressive());
      for (int j = 0; j < horizon; j++) {
        out[j] += dot(arWeight[j], win) + arBias[j];
      }
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** A copy of layer {@code k}'s {@code h} from a packed state. */
  public double[] hiddenOf(double[] state, int k) {
    return Arrays.copyOfRange(state, layout.hOffset(k), layout.hOffset(k) + spec.outputSize());
  }

  /** A copy of layer {@code k}'s {@code c} from a packed state. */
  public double[] cellOf(double[] state, int k) {
    return Arrays.copyOfRange(state, layout.cOffset(k), layout.cOffset(k) + spec.cell().hidden());
  }
}
