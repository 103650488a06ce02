package io.statecast.cell.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import io.statecast.model.Connection;
import io.statecast.model.GridStacks;
import io.statecast.model.HeadWeights;
import io.statecast.model.LayerWeights;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.WindowStacks;
import io.statecast.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole model (stack, connections, head) as batched DJL operations: the math of {@link
 * io.statecast.cell.reference.ReferenceModel}, one operation over the whole batch at a time.
 * Serving wraps it in {@link DjlStepKernel}; training builds it over parameters that record
 * gradients. A {@link Connection#GRID} stack steps its blocks in {@link DjlGrid}; a window stack
 * pools its window after layer 0 in {@link DjlWindow}. A low-rank cell is stepped in its dense
 * form: its factors are multiplied once, here, into {@code W_ih} and {@code W_hh} ({@link
 * ModelWeights#layer}), which gives the same results without the low-rank saving (the fast kernel
 * steps the factors).
 */
public final class DjlStack {

  /**
   * One step's results.
   *
   * @param output top of the stack {@code y_{L-1} (B, R)}
   * @param hidden each layer's new {@code h (B, R)}
   * @param cells each layer's new {@code c (B, H)}
   * @param window the new autoregressive window {@code (B, k)}, or null
   * @param span the new span of a window stack {@code (B, 1 + W·(I + H))}, or null
   * @param forecast the head's forecast {@code (B, h)}, or null without a head
   * @param inputGates each layer's input gate {@code (B, H)}
   * @param forgetGates each layer's forget gate {@code (B, H)}
   */
  public record Step(
      NDArray output,
      NDList hidden,
      NDList cells,
      NDArray window,
      NDArray span,
      NDArray forecast,
      NDList inputGates,
      NDList forgetGates) {}

  /**
   * Drops units of a non-recurrent connection while training: {@code site} {@code k < L} is the
   * input of layer {@code k}'s cell, {@code L} the head's input.
   */
  public interface Dropout {
    NDArray apply(int site, NDArray a);
  }

  private final ModelSpec spec;
  private final List<DjlLayerParams> layers;
  private final DjlHeadParams head;
  private final List<DjlLayerParams> depth; // a grid stack's depth cells, or null
  private final DjlWindowParams attention; // a window stack's window, or null
  private final Dropout dropout; // null: none (inference)

  public DjlStack(ModelSpec spec, List<DjlLayerParams> layers, DjlHeadParams head) {
    this(spec, layers, null, head);
  }

  /**
   * A stack whose blocks also have depth cells ({@code depth}, one per layer) when its connection
   * is {@link Connection#GRID}; {@code layers} are then the blocks' time cells.
   */
  public DjlStack(
      ModelSpec spec, List<DjlLayerParams> layers, List<DjlLayerParams> depth, DjlHeadParams head) {
    this(spec, layers, depth, null, head, null);
  }

  /**
   * A stack with the depth cells of a grid stack and the window of a window stack ({@code
   * attention}), each null where the spec has none.
   */
  public DjlStack(
      ModelSpec spec,
      List<DjlLayerParams> layers,
      List<DjlLayerParams> depth,
      DjlWindowParams attention,
      DjlHeadParams head) {
    this(spec, layers, depth, attention, head, null);
  }

  private DjlStack(
      ModelSpec spec,
      List<DjlLayerParams> layers,
      List<DjlLayerParams> depth,
      DjlWindowParams attention,
      DjlHeadParams head,
      Dropout dropout) {
    this.spec = spec;
    this.layers = List.copyOf(layers);
    this.head = head;
    this.depth = depth == null ? null : List.copyOf(depth);
    this.attention = attention;
    this.dropout = dropout;
    if ((spec.stack().window() != null) != (attention != null)) {
      throw new IllegalArgumentException(
          "a window stack needs its window's parameters and only a window stack has them");
    }
    if ((spec.stack().connection() == Connection.GRID) != (depth != null)) {
      throw new IllegalArgumentException(
          "a grid stack needs depth cells and only a grid stack has them ("
              + spec.stack().connection()
              + ")");
    }
  }

  /** The same stack dropping units of its non-recurrent connections as {@code d} says. */
  public DjlStack withDropout(Dropout d) {
    return new DjlStack(spec, layers, depth, attention, head, d);
  }

  /** Copies validated weights into {@code manager} (on its device) as float32 arrays. */
  public static DjlStack fromWeights(ModelWeights weights, NDManager manager) {
    ModelSpec spec = weights.spec();
    List<DjlLayerParams> layers = new ArrayList<>();
    for (int k = 0; k < spec.layers(); k++) {
      LayerWeights w = weights.layer(k);
      layers.add(
          new DjlLayerParams(
              manager.create(fusedWeight(w), new Shape(w.weightIh().dim(0), fusedColumns(w))),
              manager.create(toFloats(w.combinedBias())),
              array(manager, w.weightHr()),
              array(manager, w.peepholeInput()),
              array(manager, w.peepholeForget()),
              array(manager, w.peepholeOutput()),
              array(manager, w.highwayWeight()),
              array(manager, w.highwayBias())));
    }
    HeadWeights h = weights.head();
    DjlHeadParams head =
        h == null
            ? null
            : new DjlHeadParams(
                array(manager, h.weight()),
                array(manager, h.bias()),
                array(manager, h.arWeight()),
                array(manager, h.arBias()));
    List<DjlLayerParams> depth = null;
    if (spec.stack().connection() == Connection.GRID) {
      depth = new ArrayList<>();
      for (int k = 0; k < spec.layers(); k++) {
        depth.add(cellParams(manager, GridStacks.depthLayer(weights, k)));
      }
    }
    DjlWindowParams attention = null;
    if (spec.stack().window() != null) {
      attention =
          new DjlWindowParams(
              cellParams(manager, WindowStacks.reverseLayer(weights)),
              array(manager, weights.tensors().get(WindowStacks.ATTENTION_WEIGHT)),
              array(manager, weights.tensors().get(WindowStacks.ATTENTION_BIAS)));
    }
    return new DjlStack(spec, layers, depth, attention, head);
  }

  /**
   * The parameters of a cell without projection or highway gate (a grid block's depth cell, a
   * window's backward direction).
   */
  private static DjlLayerParams cellParams(NDManager manager, LayerWeights w) {
    return new DjlLayerParams(
        manager.create(fusedWeight(w), new Shape(w.weightIh().dim(0), fusedColumns(w))),
        manager.create(toFloats(w.combinedBias())),
        null,
        array(manager, w.peepholeInput()),
        array(manager, w.peepholeForget()),
        array(manager, w.peepholeOutput()),
        null,
        null);
  }

  public ModelSpec spec() {
    return spec;
  }

  /**
   * Steps a batch once. No argument is modified.
   *
   * @param x scaled input {@code (B, I)}
   * @param h each layer's {@code h (B, R)}
   * @param c each layer's {@code c (B, H)}
   * @param window the autoregressive window {@code (B, k)}, or null when the head has none
   * @param noise per layer {@code (B, 2H)} logistic noise for Gumbel gates, or null
   */
  public Step step(NDArray x, NDList h, NDList c, NDArray window, NDList noise) {
    return step(x, h, c, window, null, noise);
  }

  /**
   * Steps a batch once. No argument is modified.
   *
   * @param x scaled input {@code (B, I)}
   * @param h each layer's {@code h (B, R)}
   * @param c each layer's {@code c (B, H)}
   * @param window the autoregressive window {@code (B, k)}, or null when the head has none
   * @param span a window stack's span {@code (B, 1 + W·(I + H))}, or null for other stacks
   * @param noise per layer {@code (B, 2H)} logistic noise for Gumbel gates, or null
   */
  public Step step(NDArray x, NDList h, NDList c, NDArray window, NDArray span, NDList noise) {
    Connection mode = spec.stack().connection();
    NDList hs = new NDList(layers.size());
    NDList cs = new NDList(layers.size());
    NDList is = new NDList(layers.size());
    NDList fs = new NDList(layers.size());
    if (depth != null) {
      NDArray top = DjlGrid.step(spec.cell(), layers, depth, x, h, c, hs, cs, is, fs);
      NDArray slid = window == null ? null : slide(window, x);
      return new Step(top, hs, cs, slid, null, head == null ? null : forecast(top, slid), is, fs);
    }
    NDArray y = null;
    NDArray newSpan = null;
    for (int k = 0; k < layers.size(); k++) {
      NDArray u = k == 0 ? x : (mode == Connection.DENSE ? denseInput(k, hs) : y);
      NDList out =
          DjlCell.step(
              spec.cell(),
              layers.get(k),
              drop(k, u),
              h.get(k),
              c.get(k),
              noise == null ? null : noise.get(k));
      NDArray hk = out.get(0);
      hs.add(hk);
      cs.add(out.get(1));
      is.add(out.get(2));
      fs.add(out.get(3));
      if (k == 0 && attention != null) {
        NDList pooled = DjlWindow.pool(spec, attention, x, hk, span);
        newSpan = pooled.get(0);
        y = pooled.get(1); // (B, 2H)
      } else {
        y = k == 0 ? hk : connect(mode, layers.get(k), u, hk);
      }
    }
    NDArray newWindow = window == null ? null : slide(window, x);
    NDArray forecast = head == null ? null : forecast(drop(layers.size(), y), newWindow);
    return new Step(y, hs, cs, newWindow, newSpan, forecast, is, fs);
  }

  /** {@code u_k = Σ_{j ∈ F_k} h_j (B, R)}, the chosen earlier layers' new outputs. */
  private NDArray denseInput(int k, NDList hs) {
    int[] from = spec.stack().feedsOf(k);
    NDArray u = hs.get(from[0]);
    for (int i = 1; i < from.length; i++) {
      u = u.add(hs.get(from[i]));
    }
    return u;
  }

  private NDArray drop(int site, NDArray a) {
    return dropout == null ? a : dropout.apply(site, a);
  }

  private static NDArray connect(Connection mode, DjlLayerParams p, NDArray u, NDArray h) {
    return switch (mode) {
      case PLAIN, DENSE, GRID -> h;
      case RESIDUAL -> h.add(u);
      case HIGHWAY -> {
        NDArray t =
            Activation.sigmoid(
                Linear.linear(u, p.highwayWeight(), p.highwayBias()).singletonOrThrow());
        yield u.add(t.mul(h.sub(u))); // t ⊙ h + (1 − t) ⊙ u
      }
    };
  }

  private NDArray slide(NDArray window, NDArray x) {
    int a = spec.head().arFeature();
    NDArray newest = x.get(new NDIndex(":, {}:{}", a, a + 1)); // (B, 1)
    if (spec.head().autoregressive() == 1) {
      return newest;
    }
    return window.get(new NDIndex(":, 1:")).concat(newest, 1); // (B, k)
  }

  private NDArray forecast(NDArray y, NDArray window) {
    NDArray f = Linear.linear(y, head.weight(), head.bias()).singletonOrThrow(); // (B, h)
    if (head.arWeight() != null) {
      f = f.add(Linear.linear(window, head.arWeight(), head.arBias()).singletonOrThrow());
    }
    return f;
  }

  private static int fusedColumns(LayerWeights w) {
    return w.weightIh().dim(1) + w.weightHh().dim(1);
  }

  /** {@code [W_ih | W_hh]} row by row, {@code (4H, in + R)}. */
  private static float[] fusedWeight(LayerWeights w) {
    int rows = w.weightIh().dim(0);
    int in = w.weightIh().dim(1);
    int rec = w.weightHh().dim(1);
    float[] out = new float[rows * (in + rec)];
    double[] a = w.weightIh().data();
    double[] b = w.weightHh().data();
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < in; j++) {
        out[r * (in + rec) + j] = (float) a[r * in + j];
      }
      for (int j = 0; j < rec; j++) {
        out[r * (in + rec) + in + j] = (float) b[r * rec + j];
      }
    }
    return out;
  }

  private static NDArray array(NDManager manager, Tensor t) {
    if (t == null) {
      return null;
    }
    long[] dims = new long[t.rank()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = t.dim(i);
    }
    return manager.create(t.toFloatArray(), new Shape(dims));
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
