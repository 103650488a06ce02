package io.statecast.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.statecast.cell.djl.DjlHeadParams;
import io.statecast.cell.djl.DjlLayerParams;
import io.statecast.cell.djl.DjlStack;
import io.statecast.cell.djl.DjlWindowParams;
import io.statecast.model.Connection;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.WeightNames;
import io.statecast.model.WindowStacks;
import io.statecast.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's weights as DJL leaf arrays that record gradients, under their PyTorch names ({@link
 * WeightNames}), so that what the optimiser updates is exactly what the artifact stores.
 *
 * <p>Each forward pass builds a {@link DjlStack} over them: the fused layer weight {@code [W_ih |
 * W_hh] (4H, in + R)} is concatenated and the bias {@code b_ih + b_hh (4H)} summed inside the pass,
 * so gradients flow back to the named leaves. For passes without gradients (validation, warm-up)
 * the stack is built over detached views, so no graph is recorded whatever the thread's grad mode.
 *
 * <p>Optionally the model keeps an exponential moving average of its weights (Polyak and Juditsky
 * 1992), {@code w̄ ← d·w̄ + (1 − d)·w} after every update, which validation and the saved model
 * use.
 */
final class TrainableModel implements AutoCloseable {

  private final ModelSpec spec;
  private final NDManager manager;
  private final Map<String, NDArray> params = new LinkedHashMap<>();
  private final Map<String, NDArray> average = new LinkedHashMap<>();
  private double decay;

  /** Which weights a pass uses. */
  enum Weights {
    /** The leaves, recording gradients. */
    TRAIN,
    /** The leaves, detached. */
    CURRENT,
    /** The moving average if there is one, else the leaves; detached. */
    AVERAGE
  }

  /** Copies {@code initial} into leaves of a new sub-manager of {@code parent}. */
  TrainableModel(ModelWeights initial, NDManager parent) {
    this.spec = initial.spec();
    this.manager = parent.newSubManager();
    initial
        .tensors()
        .forEach(
            (name, t) -> {
              NDArray a = manager.create(t.toFloatArray(), shape(t));
              a.setRequiresGradient(true);
              params.put(name, a);
            });
  }

  /** The training spec. */
  ModelSpec spec() {
    return spec;
  }

  /** The leaves by name, in canonical order. */
  Map<String, NDArray> parameters() {
    return params;
  }

  /** Keeps a moving average of the weights with decay {@code d} from now on (0: none). */
  void averageWith(double d) {
    this.decay = d;
    if (d > 0) {
      params.forEach((name, a) -> average.put(name, attach(a.stopGradient().duplicate(), manager)));
    }
  }

  /** {@code w̄ ← d·w̄ + (1 − d)·w}, after an update. */
  void updateAverage() {
    if (average.isEmpty()) {
      return;
    }
    try (NDManager scope = manager.newSubManager()) {
      params.forEach(
          (name, a) -> {
            NDArray w = attach(a.stopGradient(), scope);
            average.get(name).muli(decay).addi(attach(w.mul(1 - decay), scope));
          });
    }
  }

  /**
   * A stack for one pass; its temporaries belong to {@code scope}.
   *
   * @param gates the spec to step with (e.g. Gumbel gates at this epoch's temperature)
   * @param which the weights: recording gradients, or detached current or averaged weights
   */
  DjlStack stack(NDManager scope, ModelSpec gates, Weights which) {
    Map<String, NDArray> p = select(scope, which);
    java.util.List<DjlLayerParams> layers = new java.util.ArrayList<>();
    for (int k = 0; k < spec.layers(); k++) {
      NDArray fused =
          attach(
              NDArrays.concat(
                  new NDList(p.get(WeightNames.weightIh(k)), p.get(WeightNames.weightHh(k))), 1),
              scope); // (4H, in + R)
      NDArray bias =
          attach(p.get(WeightNames.biasIh(k)).add(p.get(WeightNames.biasHh(k))), scope); // (4H)
      layers.add(
          new DjlLayerParams(
              fused,
              bias,
              p.get(WeightNames.weightHr(k)),
              p.get(WeightNames.peepholeInput(k)),
              p.get(WeightNames.peepholeForget(k)),
              p.get(WeightNames.peepholeOutput(k)),
              p.get(WeightNames.highwayWeight(k)),
              p.get(WeightNames.highwayBias(k))));
    }
    DjlHeadParams head =
        new DjlHeadParams(
            p.get(WeightNames.HEAD_WEIGHT),
            p.get(WeightNames.HEAD_BIAS),
            p.get(WeightNames.AR_WEIGHT),
            p.get(WeightNames.AR_BIAS));
    return new DjlStack(gates, layers, gridDepth(p, scope), window(p, scope), head);
  }

  /**
   * The window of a window stack: its backward direction ({@code *_l0_reverse}), fused as the
   * layers' are, and its attention; null for other stacks.
   */
  private DjlWindowParams window(Map<String, NDArray> p, NDManager scope) {
    if (spec.stack().window() == null) {
      return null;
    }
    String wih = WeightNames.reverse(WeightNames.weightIh(0));
    String whh = WeightNames.reverse(WeightNames.weightHh(0));
    NDArray fused = attach(NDArrays.concat(new NDList(p.get(wih), p.get(whh)), 1), scope);
    NDArray bias =
        attach(
            p.get(WeightNames.reverse(WeightNames.biasIh(0)))
                .add(p.get(WeightNames.reverse(WeightNames.biasHh(0)))),
            scope); // (4H)
    return new DjlWindowParams(
        new DjlLayerParams(
            fused, // (4H, I + H)
            bias,
            null,
            p.get(WeightNames.reverse(WeightNames.peepholeInput(0))),
            p.get(WeightNames.reverse(WeightNames.peepholeForget(0))),
            p.get(WeightNames.reverse(WeightNames.peepholeOutput(0))),
            null,
            null),
        p.get(WindowStacks.ATTENTION_WEIGHT),
        p.get(WindowStacks.ATTENTION_BIAS));
  }

  /**
   * The depth cells of a grid stack's blocks ({@code *_l{k}_depth}), fused as the layers' are; null
   * for other stacks.
   */
  private java.util.List<DjlLayerParams> gridDepth(Map<String, NDArray> p, NDManager scope) {
    if (spec.stack().connection() != Connection.GRID) {
      return null;
    }
    java.util.List<DjlLayerParams> depth = new java.util.ArrayList<>();
    for (int k = 0; k < spec.layers(); k++) {
      NDArray wih = p.get(WeightNames.depth(WeightNames.weightIh(k)));
      NDArray whh = p.get(WeightNames.depth(WeightNames.weightHh(k)));
      NDArray bih = p.get(WeightNames.depth(WeightNames.biasIh(k)));
      NDArray bhh = p.get(WeightNames.depth(WeightNames.biasHh(k)));
      depth.add(
          new DjlLayerParams(
              attach(NDArrays.concat(new NDList(wih, whh), 1), scope), // (4H, in + H)
              attach(bih.add(bhh), scope), // (4H)
              null,
              p.get(WeightNames.depth(WeightNames.peepholeInput(k))),
              p.get(WeightNames.depth(WeightNames.peepholeForget(k))),
              p.get(WeightNames.depth(WeightNames.peepholeOutput(k))),
              null,
              null));
    }
    return depth;
  }

  /**
   * The model input {@code (…, I)} of encoded rows {@code raw (…, F + M)}: the embedding codes
   * looked up in the tables of {@code which} ({@link EmbeddedInputs}); {@code raw} itself without
   * embeddings.
   */
  NDArray inputs(NDArray raw, NDManager scope, Weights which) {
    if (spec.inputs().embeddings().isEmpty()) {
      return raw;
    }
    return EmbeddedInputs.expand(raw, spec, select(scope, which));
  }

  private Map<String, NDArray> select(NDManager scope, Weights which) {
    Map<String, NDArray> source = which == Weights.AVERAGE && !average.isEmpty() ? average : params;
    Map<String, NDArray> p = new LinkedHashMap<>();
    source.forEach(
        (name, a) -> p.put(name, which == Weights.TRAIN ? a : attach(a.stopGradient(), scope)));
    return p;
  }

  /** The weights validation sees (the moving average if kept), copied to the host. */
  Map<String, float[]> snapshot() {
    Map<String, float[]> out = new LinkedHashMap<>();
    (average.isEmpty() ? params : average).forEach((name, a) -> out.put(name, a.toFloatArray()));
    return out;
  }

  /** Host values as validated weights of {@code servingSpec} (same shapes as the training spec). */
  static ModelWeights weights(ModelSpec servingSpec, Map<String, float[]> values) {
    Map<String, int[]> shapes = WeightNames.expected(servingSpec);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    values.forEach((name, v) -> tensors.put(name, Tensor.ofFloats(shapes.get(name), v)));
    return ModelWeights.bind(servingSpec, tensors, "trained weights");
  }

  private static NDArray attach(NDArray a, NDManager scope) {
    a.attach(scope);
    return a;
  }

  private static Shape shape(Tensor t) {
    long[] dims = new long[t.rank()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = t.dim(i);
    }
    return new Shape(dims);
  }

  @Override
  public void close() {
    manager.close();
  }
}
