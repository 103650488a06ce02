package io.statecast.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.statecast.cell.djl.DjlStack;
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
 * x (T, K, I), y (T, K, h), mask (T, K, h): row k holds positions a_k + τ, padded at the end
 * mask[τ][k][j] = 1  iff  fitEnd_k ≤ a_k + τ + 1 + j < n_k
 * </pre>
 */
final class Validator implements AutoCloseable {

  private static final int STEPS_PER_SCOPE = 256;

  private final NDManager manager;
  private final NDArray x;
  private final NDArray y;
  private final NDArray mask;
  private final int steps;
  private final int keys;
  private final double scored;
  private final LossKind loss;

  Validator(TrainingData data, int horizon, LossKind loss, int warmup, NDManager parent) {
    List<KeyData> ks = data.keys();
    this.keys = ks.size();
    this.loss = loss;
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
    float[] hy = new float[steps * keys * horizon];
    float[] hm = new float[steps * keys * horizon];
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
            hm[(tau * keys + r) * horizon + j] = 1f;
            count++;
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

  /** The validation loss of {@code model} stepped with {@code servingSpec}. */
  double loss(TrainableModel model, ModelSpec servingSpec) {
    double sum = 0;
    try (NDManager run = manager.newSubManager()) {
      DjlStack stack = model.stack(run, servingSpec, TrainableModel.Weights.AVERAGE);
      Unroll.State s = Unroll.State.zeros(run, servingSpec, keys);
      for (int from = 0; from < steps; from += STEPS_PER_SCOPE) {
        int to = Math.min(steps, from + STEPS_PER_SCOPE);
        try (NDManager scope = run.newSubManager()) {
          NDIndex range = new NDIndex("{}:{}", from, to);
          NDArray xs = x.get(range);
          xs.attach(scope);
          Unroll.Output out = Unroll.run(stack, xs, s, null, null);
          NDArray ys = y.get(range);
          NDArray ms = mask.get(range);
          ys.attach(scope);
          ms.attach(scope);
          sum += Losses.loss(loss, out.forecasts(), ys, ms, 1.0).getFloat();
          s = out.state().detach(run);
        }
      }
    }
    return sum / Math.max(1.0, scored);
  }

  @Override
  public void close() {
    manager.close();
  }
}
