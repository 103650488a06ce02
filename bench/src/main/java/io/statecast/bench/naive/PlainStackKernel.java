package io.statecast.bench.naive;

import io.statecast.cell.StepKernel;
import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadWeights;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.StateLayout;

/**
 * What the unfused cells share: the plain stack of standard LSTM layers and the linear head, in
 * float32, one step for a batch of keys. A subclass computes the gate pre-activations {@code z =
 * W_ih u + W_hh h_{t-1}} {@code (B, 4H)}, rows {@code [i | f | g | o]}; this class adds the bias
 * and updates the cell as the reference does:
 *
 * <pre>
 * i = σ(z_i + b_i)   f = σ(z_f + b_f)   g = tanh(z_g + b_g)   o = σ(z_o + b_o)
 * c_t = f ⊙ c_{t-1} + i ⊙ g;   h_t = o ⊙ tanh(c_t)
 * ŷ = W_out h_top + b_out
 * </pre>
 *
 * with {@code b = b_ih + b_hh} (a subclass may add what the gates read from the cell: {@code z_i},
 * {@code z_f} from {@code c_{t-1}} in {@link #preActivations}, {@code z_o} from {@code c_t} in
 * {@link #outputGateFromCell}) and {@code tanh(x) = 1 − 2 / (1 + e^{2x})}, as the fast kernel
 * computes it. Only what the comparison needs: the fused variant without projection, standard
 * gates, a plain stack and a head without autoregressive term; other models are refused.
 */
public abstract class PlainStackKernel implements StepKernel {

  private final ModelSpec spec;
  private final StateLayout layout;
  private final int hidden;
  private final float[][] bias; // [k] (4H), b_ih + b_hh
  private final Product head; // W_out (outputs, H), or null without a head
  private final float[] headBias; // (outputs)
  private float[] z = new float[0]; // (B, 4H) pre-activations of the layer being stepped
  private float[] y = new float[0]; // (B, H) output of the layer last stepped

  /**
   * @param loops how the head's product is computed
   * @param peepholeMatrices whether the subclass computes the gates' view of the cell itself (then
   *     a {@code peephole} model is accepted, and its diagonal weights are left to the subclass)
   */
  protected PlainStackKernel(ModelWeights weights, Loops loops, boolean peepholeMatrices) {
    this.spec = supported(weights.spec(), peepholeMatrices);
    this.layout = spec.stateLayout();
    this.hidden = spec.cell().hidden();
    this.bias = new float[spec.layers()][];
    for (int k = 0; k < bias.length; k++) {
      bias[k] = floats(weights.layer(k).combinedBias());
    }
    HeadWeights h = weights.head();
    this.head = h == null ? null : loops.rows(h.weight(), 0, h.weight().dim(0));
    this.headBias = h == null ? null : floats(h.bias().data());
  }

  /** {@code spec} when these kernels compute it, else an {@link IllegalArgumentException}. */
  static ModelSpec supported(ModelSpec spec, boolean peepholeMatrices) {
    boolean plain = spec.layers() == 1 || spec.stack().connection() == Connection.PLAIN;
    CellVariant variant = spec.cell().variant();
    if (!(variant == CellVariant.FUSED || peepholeMatrices && variant == CellVariant.PEEPHOLE)
        || spec.cell().projected()
        || !spec.cell().gates().equals(GateSpec.STANDARD)
        || !plain
        || spec.head().autoregressive() > 0) {
      throw new IllegalArgumentException(
          "the unfused bench cells step a plain stack of fused (or, with peephole matrices,"
              + " peephole) unprojected layers with standard gates and a head without"
              + " autoregressive term, not "
              + spec.id());
    }
    return spec;
  }

  /**
   * Writes layer {@code k}'s pre-activations without bias, {@code z = W_ih u + W_hh h} {@code (B,
   * 4H)}.
   *
   * @param u the layer input, row {@code r} at {@code r · ldu}, {@code width} values
   * @param state the packed states {@code (B, lds)}; {@code h_{t-1}} at {@code hOff} in each row
   */
  protected abstract void preActivations(
      int k, int batch, float[] u, int ldu, int width, float[] state, int hOff, int lds, float[] z);

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public void step(int batch, float[] x, float[] state, float[] output, float[] forecast) {
    if (z.length < batch * 4 * hidden) {
      z = new float[batch * 4 * hidden];
      y = new float[batch * hidden];
    }
    int lds = layout.size();
    float[] u = x;
    int width = spec.inputSize();
    for (int k = 0; k < bias.length; k++) {
      preActivations(k, batch, u, width, width, state, layout.hOffset(k), lds, z);
      update(k, batch, state, lds);
      u = y;
      width = hidden;
    }
    if (output != null) {
      System.arraycopy(y, 0, output, 0, batch * hidden);
    }
    if (forecast != null && head != null) {
      int n = headBias.length;
      head.multiply(batch, y, 0, hidden, forecast, 0, n, false);
      for (int r = 0; r < batch; r++) {
        for (int j = 0; j < n; j++) {
          forecast[r * n + j] += headBias[j];
        }
      }
    }
  }

  /**
   * The cell update of layer {@code k} from {@link #z}: new {@code c}, {@code h} in the state, in
   * two passes around {@link #outputGateFromCell}.
   */
  private void update(int k, int batch, float[] state, int lds) {
    float[] b = bias[k];
    int h4 = 4 * hidden;
    int cOff = layout.cOffset(k);
    int hOff = layout.hOffset(k);
    for (int r = 0; r < batch; r++) {
      int zr = r * h4;
      int sc = r * lds + cOff;
      for (int n = 0; n < hidden; n++) {
        float i = sigmoid(z[zr + n] + b[n]);
        float f = sigmoid(z[zr + hidden + n] + b[hidden + n]);
        float g = tanh(z[zr + 2 * hidden + n] + b[2 * hidden + n]);
        state[sc + n] = f * state[sc + n] + i * g;
      }
    }
    outputGateFromCell(k, batch, state, cOff, lds, z);
    for (int r = 0; r < batch; r++) {
      int zo = r * h4 + 3 * hidden;
      int sr = r * lds;
      for (int n = 0; n < hidden; n++) {
        float o = sigmoid(z[zo + n] + b[3 * hidden + n]);
        float h = o * tanh(state[sr + cOff + n]);
        state[sr + hOff + n] = h;
        y[r * hidden + n] = h;
      }
    }
  }

  /**
   * Adds what the output gate reads from the new cell {@code c_t} (at {@code cOff} of each state
   * row) to its pre-activations {@code z_o}, columns {@code [3H, 4H)} of {@code z}; nothing for a
   * standard cell.
   */
  protected void outputGateFromCell(
      int k, int batch, float[] state, int cOff, int lds, float[] z) {}

  /** The packed state's layout. */
  protected final StateLayout layout() {
    return layout;
  }

  private static float sigmoid(float z) {
    return 1f / (1f + (float) Math.exp(-z));
  }

  private static float tanh(float x) {
    return 1f - 2f / (1f + (float) Math.exp(2f * x));
  }

  static float[] floats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  @Override
  public void close() {}
}
