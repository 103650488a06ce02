package io.statecast.cell.fast;

import io.statecast.cell.StepKernel;
import io.statecast.model.Connection;
import io.statecast.model.HeadWeights;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.StateLayout;

/**
 * A {@link StepKernel} in pure Java on the Vector API: the whole model (every cell variant, gate
 * mode, connection and head of {@link io.statecast.cell.reference.ReferenceModel}) in float32, with
 * one fused product per layer and no native call, so that it is fast from batch 1 up.
 *
 * <p>One step, for layers {@code k = 0 … L-1}:
 *
 * <pre>
 * A = pack([u_k | h_k])                                   (B, in + R) in MR-row tiles
 * z = A · [W_ih | W_hh]ᵀ + b; c, m = cell(z, c)           fused, {@link GateLayer}; c in place
 *                                                         (low rank: {@link LowRankLayer})
 * h_k = m  or  m · W_hrᵀ (LSTMP)                          written into the state rows
 * y_k = h_k | h_k + u_k | u_k + σ(W_t u_k + b_t) ⊙ (h_k − u_k)   (plain/dense, residual, highway)
 * </pre>
 *
 * A {@link Connection#GRID} stack steps each block's two cells in {@link GridBlocks} instead. A
 * window stack pools its window after layer 0 in {@link WindowAttention}; layer 1 reads the pooled
 * {@code p (B, 2H)}.
 *
 * <p>Then the window slides and the head computes {@code [y | window] · [W_out | W_ar]ᵀ + b_out +
 * b_ar} as one product. A dense stack's {@code u_k} is the sum of its chosen earlier layers' {@code
 * h_j} ({@link DenseInputs}). Buffers live in a {@link Workspace} sized for the largest batch seen;
 * steps allocate nothing after that. Not thread-safe, like every kernel.
 */
public final class FastStepKernel implements StepKernel {

  /**
   * Rows stepped through the whole model at a time: few enough that their packed inputs and state
   * rows stay in L2 from one layer to the next, enough to reuse each weight panel many times.
   */
  static final int BLOCK_ROWS = 192;

  private final ModelSpec spec;
  private final StateLayout layout;
  private final Connection connection;
  private final int inputs;
  private final int outputSize;
  private final int hidden;
  private final int size;
  private final GateLayer[] gates; // [k], null for a low-rank layer
  private final LowRankLayer[] lowRank; // [k], null for a dense layer
  private final Panels[] projections; // [k] or null without projection
  private final Panels[] carries; // [k] highway gate, null for k = 0 and other connections
  private final Panels head; // K = R + window, or null
  private final DenseInputs denseInputs; // null unless the connection is dense
  private final GridBlocks grid; // the depth cells of a grid stack, or null
  private final WindowAttention window; // the window of a window stack, or null
  private final Workspace.Shapes shapes;
  private final RowSplitter splitter;
  private final RowSplitter.Block block = this::stepBlock; // one object, not one per step

  /** A kernel for {@code weights}; see {@link FastKernels#create} for the checked entry point. */
  FastStepKernel(ModelWeights weights) {
    this(weights, BLOCK_ROWS, 1);
  }

  /**
   * A kernel that steps at most {@code blockRows} rows through the model at a time, on {@code
   * threads} threads (the caller's and {@code threads − 1} of its own) when a batch is large
   * enough.
   */
  FastStepKernel(ModelWeights weights, int blockRows, int threads) {
    this.spec = weights.spec();
    this.layout = spec.stateLayout();
    this.connection = spec.stack().connection();
    this.inputs = spec.inputSize();
    this.outputSize = spec.outputSize();
    this.hidden = spec.cell().hidden();
    this.size = layout.size();
    int layers = spec.layers();
    this.gates = new GateLayer[layers];
    this.lowRank = new LowRankLayer[layers];
    this.projections = new Panels[layers];
    this.carries = new Panels[layers];
    int gateColumns = 0;
    int lowRankColumns = 0;
    for (int k = 0; k < layers; k++) {
      gateColumns = Math.max(gateColumns, spec.layerInputSize(k) + outputSize);
      if (weights.lowRank(k) == null) {
        gates[k] = new GateLayer(spec.cell(), weights.layer(k));
      } else {
        lowRank[k] = new LowRankLayer(spec.cell(), weights.layer(k), weights.lowRank(k));
        lowRankColumns = Math.max(lowRankColumns, lowRank[k].columns());
      }
      if (spec.cell().projected()) {
        projections[k] = Panels.linear(weights.layer(k).weightHr(), null);
      }
      if (k > 0 && connection == Connection.HIGHWAY) {
        carries[k] =
            Panels.linear(weights.layer(k).highwayWeight(), weights.layer(k).highwayBias());
      }
    }
    this.head = headPanels(weights.head(), outputSize, layout.window());
    this.denseInputs =
        connection == Connection.DENSE ? new DenseInputs(spec.stack(), layout, outputSize) : null;
    this.grid = connection == Connection.GRID ? new GridBlocks(weights) : null;
    this.window = spec.stack().window() == null ? null : new WindowAttention(weights);
    int mStride =
        spec.cell().projected() || grid != null ? (hidden + Micro.L - 1) / Micro.L * Micro.L : 0;
    int denseColumns = Math.max(spec.cell().projected() ? hidden : 0, head == null ? 0 : head.k);
    this.shapes =
        new Workspace.Shapes(
            gateColumns,
            denseColumns,
            outputSize,
            mStride,
            connection == Connection.DENSE,
            connection == Connection.HIGHWAY,
            lowRankColumns,
            layout.span());
    this.splitter = new RowSplitter(shapes, blockRows, threads);
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  /** Rows the buffers hold now (they grow with the largest batch stepped, up to a block). */
  int capacity() {
    return splitter.capacity();
  }

  @Override
  public void step(int batch, float[] x, float[] state, float[] output, float[] forecast) {
    checkArguments(batch, x, state, output, forecast);
    splitter.run(batch, x, state, output, forecast, block);
  }

  /** Steps rows {@code from … from + rows - 1} through the whole model. */
  private void stepBlock(
      int from, int rows, float[] x, float[] state, float[] output, float[] forecast, Workspace w) {
    int xOff = from * inputs;
    int sOff = from * size;
    for (int k = 0; k < spec.layers(); k++) {
      stepLayer(k, rows, x, xOff, state, sOff, w);
      if (k == 0 && window != null) {
        window.step(rows, x, xOff, state, sOff, size, w); // p (rows, 2H) into w.pooled
      }
    }
    if (layout.window() > 0) {
      Rows.slide(
          rows,
          state,
          sOff + layout.windowOffset(),
          size,
          layout.window(),
          x,
          xOff,
          inputs,
          spec.head().arFeature());
    }
    if (output != null) {
      System.arraycopy(w.y, 0, output, from * outputSize, rows * outputSize);
    }
    if (head != null && forecast != null) {
      int k = head.k;
      Packing.pack(w.y, 0, outputSize, rows, outputSize, w.denseInput, k, 0);
      Packing.pack(
          state,
          sOff + layout.windowOffset(),
          size,
          rows,
          layout.window(),
          w.denseInput,
          k,
          outputSize);
      Packing.zeroTail(rows, w.denseInput, k);
      Gemm.multiply(rows, w.denseInput, k, head, w.scratch, forecast, from * head.n, head.n);
    }
  }

  private void stepLayer(
      int k, int rows, float[] x, int xOff, float[] state, int sOff, Workspace w) {
    int in = spec.layerInputSize(k);
    int cols = in + outputSize;
    float[] ap = w.gateInput;
    if (k == 0) {
      Packing.pack(x, xOff, inputs, rows, inputs, ap, cols, 0);
    } else if (k == 1 && window != null) {
      Packing.pack(w.pooled, 0, in, rows, in, ap, cols, 0);
    } else if (denseInputs != null) {
      denseInputs.sum(k, rows, state, sOff, size, w.sum);
      Packing.pack(w.sum, 0, in, rows, in, ap, cols, 0);
    } else {
      Packing.pack(w.y, 0, in, rows, in, ap, cols, 0);
    }
    int h = sOff + layout.hOffset(k);
    int c = sOff + layout.cOffset(k);
    Packing.pack(state, h, size, rows, outputSize, ap, cols, in);
    Packing.zeroTail(rows, ap, cols);
    if (grid != null) {
      grid.step(k, gates[k], rows, ap, state, h, c, size, hidden, shapes.mStride(), w);
      return;
    }
    if (projections[k] == null) {
      cells(k, rows, ap, cols, in, state, c, state, h, size, w);
    } else {
      int stride = shapes.mStride();
      cells(k, rows, ap, cols, in, state, c, w.m, 0, stride, w);
      Packing.pack(w.m, 0, stride, rows, hidden, w.denseInput, hidden, 0);
      Packing.zeroTail(rows, w.denseInput, hidden);
      Gemm.multiply(rows, w.denseInput, hidden, projections[k], w.scratch, state, h, size);
    }
    connect(k, rows, ap, cols, state, h, w);
  }

  /** The gates and cells of layer {@code k}: {@code m} to {@code out}, {@code c} in place. */
  private void cells(
      int k,
      int rows,
      float[] ap,
      int cols,
      int in,
      float[] state,
      int c,
      float[] out,
      int outOff,
      int outStride,
      Workspace w) {
    if (lowRank[k] != null) {
      lowRank[k].step(rows, ap, cols, in, state, c, size, out, outOff, outStride, w);
    } else {
      gates[k].step(rows, ap, state, c, size, out, outOff, outStride, w.scratch);
    }
  }

  /** {@code y_k} from {@code h_k} (in the state at {@code h}) and {@code u_k} (in {@code w.y}). */
  private void connect(int k, int rows, float[] ap, int cols, float[] state, int h, Workspace w) {
    int r = outputSize;
    if (k == 0 || connection == Connection.PLAIN || connection == Connection.DENSE) {
      Rows.copy(rows, state, h, size, w.y, 0, r, r);
    } else if (connection == Connection.RESIDUAL) {
      Rows.add(rows, state, h, size, w.y, r);
    } else {
      Gemm.multiply(rows, ap, cols, carries[k], w.scratch, w.carry, 0, r);
      Rows.highway(rows, w.carry, state, h, size, w.y, r);
    }
  }

  private void checkArguments(
      int batch, float[] x, float[] state, float[] output, float[] forecast) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    need("x", x, batch * inputs, batch);
    need("state", state, batch * size, batch);
    if (output != null) {
      need("output", output, batch * outputSize, batch);
    }
    if (forecast != null && head != null) {
      need("forecast", forecast, batch * head.n, batch);
    }
  }

  private static void need(String name, float[] a, int n, int batch) {
    if (a == null || a.length < n) {
      throw new IllegalArgumentException(
          name
              + " holds "
              + (a == null ? "nothing" : a.length + " floats")
              + "; a batch of "
              + batch
              + " needs "
              + n);
    }
  }

  /** {@code [W_out | W_ar] (h, R + k)} and {@code b_out + b_ar}, or null without a head. */
  private static Panels headPanels(HeadWeights h, int r, int window) {
    if (h == null) {
      return null;
    }
    double[] w = h.weight().data();
    double[] b = h.bias().data();
    double[] wa = h.arWeight() == null ? null : h.arWeight().data();
    double[] ba = h.arBias() == null ? null : h.arBias().data();
    return Panels.of(
        r + window,
        h.weight().dim(0),
        (col, k) -> k < r ? w[col * r + k] : wa[col * window + k - r],
        col -> b[col] + (ba == null ? 0.0 : ba[col]));
  }

  @Override
  public void close() {
    splitter.close();
  }
}
