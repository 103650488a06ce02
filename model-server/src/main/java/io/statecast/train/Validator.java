package io.statecast.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.statecast.cell.djl.DjlStack;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelSpec;
import java.util.List;

/**
 * The stopping criterion: every key's training part streamed from the zero state with the serving
 * spec (hardened gates for G2), as serving streams a key, and the loss taken on the forecasts whose
 * targets lie in the validation part {@code [fitEnd, n)}.
 *
 * <p>Row {@code k} starts at {@code a_k = max(0, fitEnd_k − h − warmup)}: with {@code warmup = 0}
 * at the key's first observation, exactly as serving; otherwise {@code warmup} steps before the
 * first validation forecast, which costs a fraction of the steps and differs from the full stream
 * only by the memory the state keeps of observations more than {@code warmup} steps old.
 *
 * <pre>
 * x (T, K, F + M), y (T, K, h), mask (T, K, h): row k holds positions a_k + τ, padded at the end
 * mask[τ][k][j] = 1  iff  fitEnd_k ≤ a_k + τ + 1 + j < n_k
 * forecasts (T, K, Q · h)
 * </pre>
 *
 * The same stream gives {@link Conformal} its calibration forecasts.
 */
final class Validator implements AutoCloseable {

  private static final int STEPS_PER_SCOPE = 256;

  private final NDManager manager;
  private final NDArray x;
  private final NDArray y;
  private final NDArray mask;
  private final float[] hy;
  private final float[] hm;
  private final int steps;
  private final int keys;
  private final double scored;
  private final LossKind loss;
  private final List<Double> levels;

  /**
   * @param head the trained head: its steps and levels
   * @param warmup steps streamed before each key's validation part (0: from its first observation)
   */
  Validator(TrainingData data, HeadSpec head, LossKind loss, int warmup, NDManager parent) {
    List<KeyData> ks = data.keys();
    int horizon = head.horizon();
    this.keys = ks.size();
    this.loss = loss;
    this.levels = head.quantiles();
    int[] start = new int[keys];
    int t = 0;
    for (int r = 0; r < keys; r++) {
      KeyData k = ks.get(r);
      start[r] = warmup == 0 ? 0 : Math.max(0, k.fitEnd() - horizon - warmup);
      t = Math.max(t, k.size() - start[r]);
    }
    this.steps = t;
    int in = data.inputs();
    float[] hx = new float[steps * keys * in];
    this.hy = new float[steps * keys * horizon];
    this.hm = new float[steps * keys * horizon];
    double count = 0;
    for (int r = 0; r < keys; r++) {
      KeyData k = ks.get(r);
      for (int p = start[r]; p < k.size(); p++) {
        int tau = p - start[r];
        System.arraycopy(k.x(), p * in, hx, (tau * keys + r) * in, in);
        for (int j = 0; j < horizon; j++) {
          int q = p + 1 + j;
          if (q >= k.fitEnd() && q < k.size()) {
            hy[(tau * keys + r) * horizon + j] = k.z()[q];
            hm[(tau * keys + r) * horizon + j] = (float) k.weight();
            count += k.weight();
          }
        }
      }
    }
    this.scored = count;
    this.manager = parent.newSubManager();
    this.x = manager.create(hx, new Shape(steps, keys, in));
    this.y = manager.create(hy, new Shape(steps, keys, horizon));
    this.mask = manager.create(hm, new Shape(steps, keys, horizon));
  }

  /** The validation loss of {@code model}'s validated weights stepped with {@code servingSpec}. */
  double loss(TrainableModel model, ModelSpec servingSpec) {
    double[] sum = {0};
    stream(
        model,
        servingSpec,
        TrainableModel.Weights.AVERAGE,
        (range, forecasts, scope) -> {
          NDArray ys = y.get(range.index());
          NDArray ms = mask.get(range.index());
          ys.attach(scope);
          ms.attach(scope);
          sum[0] += Losses.loss(loss, levels, forecasts, ys, ms, 1.0).getFloat();
        });
    return sum[0] / Math.max(1.0, scored);
  }

  /**
   * The head's outputs over the whole stream, {@code (T, K, Q · h)} row-major.
   *
   * @param which the weights to step with
   */
  float[] forecasts(TrainableModel model, ModelSpec spec, TrainableModel.Weights which) {
    int width = spec.head().outputs();
    float[] out = new float[steps * keys * width];
    stream(
        model,
        spec,
        which,
        (range, forecasts, scope) -> {
          float[] f = forecasts.toFloatArray();
          System.arraycopy(f, 0, out, range.from() * keys * width, f.length);
        });
    return out;
  }

  /** The normalised targets {@code y (T, K, h)} row-major. */
  float[] targets() {
    return hy;
  }

  /** The scored entries {@code mask (T, K, h)} row-major: 1 in the validation part. */
  float[] mask() {
    return hm;
  }

  /** Steps {@code T}. */
  int steps() {
    return steps;
  }

  /** Keys {@code K}. */
  int keys() {
    return keys;
  }

  /** What to do with the forecasts of steps {@code [from, to)}, owned by {@code scope}. */
  private interface Sink {
    void accept(Range range, NDArray forecasts, NDManager scope);
  }

  /** Steps {@code [from, to)} and their index. */
  private record Range(int from, int to, NDIndex index) {}

  private void stream(
      TrainableModel model, ModelSpec spec, TrainableModel.Weights which, Sink sink) {
    try (NDManager run = manager.newSubManager()) {
      DjlStack stack = model.stack(run, spec, which);
      Unroll.State s = Unroll.State.zeros(run, spec, keys);
      for (int from = 0; from < steps; from += STEPS_PER_SCOPE) {
        int to = Math.min(steps, from + STEPS_PER_SCOPE);
        try (NDManager scope = run.newSubManager()) {
          Range range = new Range(from, to, new NDIndex("{}:{}", from, to));
          NDArray xs = x.get(range.index());
          xs.attach(scope);
          NDArray in = model.inputs(xs, scope, which); // (to − from, K, I)
          Unroll.Output out = Unroll.run(stack, in, s, null, null);
          sink.accept(range, out.forecasts(), scope); // (to − from, K, Q · h)
          s = out.state().detach(run);
        }
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
