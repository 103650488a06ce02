package io.statecast.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.statecast.cell.djl.DjlStack;
import io.statecast.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One epoch of truncated BPTT: the plan's rows in batches of at most {@code batch}; per batch a
 * warm-up without gradient, then one optimiser update per chunk of {@code chunk} steps, the state
 * carried detached from chunk to chunk.
 *
 * <pre>
 * x (W + S, B, F + M) → embeddings looked up (EmbeddedInputs), x (W + S, B, I) → warm-up x[0 : W) → chunks x[W + cT : W + (c + 1)T) → forecasts (T, B, Q·h)
 * loss_c = Σ mask ⊙ ℓ(forecast − y) / Σ mask over the chunk;  backward;  clip;  Adam
 * </pre>
 *
 * With {@code training.dropout > 0} the chunks' forward passes drop units of the non-recurrent
 * connections ({@link Dropout}); the warm-up, like validation and serving, does not.
 */
final class EpochRunner {

  /**
   * @param loss mean loss of the epoch's updates
   * @param updates number of updates
   */
  record Result(double loss, int updates) {}

  private final TrainingOptions options;
  private final TrainingData data;
  private final TrainableModel model;
  private final Optim optim;
  private final Unroll.Noise noise;
  private final NDManager root;
  private final Engine engine;
  private final TrainingListener listener;
  private final Dropout dropout; // null: none

  EpochRunner(
      TrainingOptions options,
      TrainingData data,
      TrainableModel model,
      Optim optim,
      Unroll.Noise noise,
      NDManager root,
      TrainingListener listener) {
    this.options = options;
    this.data = data;
    this.model = model;
    this.optim = optim;
    this.noise = noise;
    this.root = root;
    this.engine = root.getEngine();
    this.listener = listener;
    this.dropout =
        options.dropout() > 0 ? new Dropout(options.dropout(), options.seed() + 1) : null;
  }

  /** Updates per epoch (of one sample plan: the offsets vary). */
  int updatesPerEpoch(SplittableRandom r) {
    int rows = SegmentPlan.of(data.keys(), options.segment(), options.warmup(), r).rows().size();
    int batches = (rows + options.batch() - 1) / options.batch();
    return batches * ((options.segment() + options.chunk() - 1) / options.chunk());
  }

  /** Runs one epoch with the gates of {@code stepSpec}. */
  Result run(int epoch, ModelSpec stepSpec, SegmentPlan plan) {
    List<SegmentPlan.Row> rows = plan.rows();
    List<Double> losses = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += options.batch()) {
      List<SegmentPlan.Row> part =
          rows.subList(from, Math.min(rows.size(), from + options.batch()));
      Batch b =
          Batch.of(
              part,
              data.keys(),
              data.inputs(),
              stepSpec.head().horizon(),
              options.warmup(),
              options.segment());
      batch(epoch, stepSpec, b, losses);
    }
    double sum = 0;
    for (double l : losses) {
      sum += l;
    }
    return new Result(losses.isEmpty() ? Double.NaN : sum / losses.size(), losses.size());
  }

  private void batch(int epoch, ModelSpec stepSpec, Batch b, List<Double> losses) {
    int w = options.warmup();
    int steps = w + options.segment();
    int h = stepSpec.head().horizon();
    try (NDManager bm = root.newSubManager()) {
      NDArray x = bm.create(b.x(), new Shape(steps, b.batch(), data.inputs())); // (W+S, B, F+M)
      NDArray y = bm.create(b.y(), new Shape(steps, b.batch(), h)); // (W+S, B, h)
      NDArray m = bm.create(b.mask(), new Shape(steps, b.batch(), h)); // (W+S, B, h)
      Unroll.State s = Unroll.State.zeros(bm, stepSpec, b.batch());
      if (w > 0) {
        NDArray keep = bm.create(b.keep(), new Shape(w, b.batch(), 1)); // (W, B, 1)
        DjlStack frozen = model.stack(bm, stepSpec, TrainableModel.Weights.CURRENT);
        NDArray warm =
            model.inputs(x.get(new NDIndex("0:{}", w)), bm, TrainableModel.Weights.CURRENT);
        s = Unroll.run(frozen, warm, s, keep, noise).state();
      }
      for (int from = w; from < steps; from += options.chunk()) {
        int to = Math.min(steps, from + options.chunk());
        double count = count(b, from, to, h);
        if (count == 0) {
          break; // every row's scored steps are contiguous from step W: nothing is left
        }
        s = update(stepSpec, new NDArray[] {x, y, m}, s, from, to, count, losses, bm);
        listener.updated(epoch, losses.size(), losses.get(losses.size() - 1));
      }
    }
  }

  /** One chunk: forward in one graph, backward, clip, Adam; returns the detached state. */
  private Unroll.State update(
      ModelSpec stepSpec,
      NDArray[] xym,
      Unroll.State s,
      int from,
      int to,
      double count,
      List<Double> losses,
      NDManager carry) {
    Unroll.State next;
    try (NDManager scope = carry.newSubManager()) {
      NDIndex range = new NDIndex("{}:{}", from, to);
      NDArray xs = own(xym[0].get(range), scope); // (T, B, F + M)
      NDArray ys = own(xym[1].get(range), scope); // (T, B, h)
      NDArray ms = own(xym[2].get(range), scope); // (T, B, h)
      try (GradientCollector gc = engine.newGradientCollector()) {
        DjlStack stack = model.stack(scope, stepSpec, TrainableModel.Weights.TRAIN);
        if (dropout != null) {
          stack = stack.withDropout(dropout);
        }
        NDArray in = model.inputs(xs, scope, TrainableModel.Weights.TRAIN); // (T, B, I)
        Unroll.Output out = Unroll.run(stack, in, s, null, noise);
        NDArray loss =
            Losses.loss(
                options.loss(), stepSpec.head().quantiles(), out.forecasts(), ys, ms, count);
        double value = loss.getFloat();
        if (!Double.isFinite(value)) {
          throw new IllegalStateException("training diverged: the loss is " + value);
        }
        gc.backward(loss);
        losses.add(value);
        next = out.state().detach(carry);
      }
    }
    optim.step(model.parameters(), root);
    model.updateAverage();
    return next;
  }

  private static double count(Batch b, int from, int to, int h) {
    double c = 0;
    for (int i = from * b.batch() * h; i < to * b.batch() * h; i++) {
      c += b.mask()[i];
    }
    return c;
  }

  private static NDArray own(NDArray a, NDManager m) {
    a.attach(m);
    return a;
  }
}
