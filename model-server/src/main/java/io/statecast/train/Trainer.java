package io.statecast.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.statecast.cell.djl.DjlRuntime;
import io.statecast.cell.djl.DjlStack;
import io.statecast.model.GateMode;
import io.statecast.model.GateSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a model by truncated back-propagation through time (Williams and Peng 1990) over stateful
 * segments:
 *
 * <ol>
 *   <li>each epoch cuts every key's fit part into segments at a random offset ({@link
 *       SegmentPlan}); the rows of a batch are stepped together, time-major;
 *   <li>a segment first runs {@code warmup} steps without gradient from the zero state (or starts
 *       at the key's first observation from the zero state, as serving does), then its steps in
 *       chunks of {@code chunk}: each chunk is unrolled in one graph, its loss over every scored
 *       step and horizon back-propagated, the gradient norm clipped, Adam applied, and the state
 *       carried, detached, into the next chunk — so the state the loss sees has run for up to
 *       {@code warmup + segment} steps, as a long-running key's state has in serving;
 *   <li>after each epoch the validation parts are streamed as serving streams ({@link Validator});
 *       the best epoch's weights are kept, the learning rate decays after {@code lrPatience} epochs
 *       without improvement, and training stops after {@code patience}.
 * </ol>
 *
 * G2-LSTM (Li et al. 2018) trains with Gumbel-sigmoid input and forget gates whose temperature
 * decays exponentially from {@code temperatureStart} to {@code temperatureEnd}; validation and the
 * saved model use the hardened gates {@code 1[z > 0]}.
 */
public final class Trainer {

  private final TrainingOptions options;
  private final TrainingListener listener;

  public Trainer(TrainingOptions options, TrainingListener listener) {
    this.options = options;
    this.listener = listener == null ? TrainingListener.NONE : listener;
  }

  /**
   * Trains from {@code initial} (whose spec is the training spec: Gumbel gates for G2).
   *
   * @param servingSpec the spec the result is saved and validated under
   */
  TrainingResult train(TrainingData data, ModelWeights initial, ModelSpec servingSpec) {
    Engine engine = DjlRuntime.engine(options.threads());
    ModelSpec trainSpec = initial.spec();
    boolean g2 = trainSpec.cell().gates().mode() == GateMode.GUMBEL;
    SplittableRandom random = new SplittableRandom(options.seed());
    Unroll.Noise noise =
        g2
            ? new GumbelNoise(random.nextLong(), trainSpec.layers(), trainSpec.cell().hidden())
            : null;
    long t0 = System.nanoTime();
    try (NDManager root = NDManager.newBaseManager(Device.cpu(), engine.getEngineName());
        TrainableModel model = new TrainableModel(initial, root);
        Validator validator =
            new Validator(
                data,
                trainSpec.head().horizon(),
                options.loss(),
                options.validationWarmup(),
                root)) {
      Optim optim = new Optim(options.learningRate(), options.clipNorm(), options.weightDecay());
      Epochs loop = new Epochs(data, model, optim, noise, root, engine);
      listener.started(options.epochs(), loop.updatesPerEpoch(random.split()));
      List<EpochStats> history = new ArrayList<>();
      Map<String, float[]> best = model.snapshot();
      double bestLoss = validator.loss(model, servingSpec);
      int bestEpoch = 0;
      int since = 0;
      String stop = "reached " + options.epochs() + " epochs";
      for (int epoch = 1; epoch <= options.epochs(); epoch++) {
        double tau = temperature(epoch);
        ModelSpec stepSpec =
            g2 ? trainSpec.withGates(new GateSpec(GateMode.GUMBEL, tau)) : trainSpec;
        double lr = optim.learningRate();
        Epochs.Result r =
            loop.run(
                epoch,
                stepSpec,
                SegmentPlan.of(data.keys(), options.segment(), options.warmup(), random));
        double val = validator.loss(model, servingSpec);
        boolean improved = val < bestLoss;
        if (improved) {
          bestLoss = val;
          best = model.snapshot();
          bestEpoch = epoch;
          since = 0;
        } else if (++since % options.lrPatience() == 0) {
          optim.decay(options.lrDecay());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        EpochStats stats =
            new EpochStats(
                epoch, r.loss(), val, lr, g2 ? tau : 1.0, r.updates(), seconds, improved);
        history.add(stats);
        listener.epochDone(stats);
        if (since >= options.patience()) {
          stop = "early stopping: no better validation loss for " + since + " epochs";
          break;
        }
        if (options.maxMinutes() > 0 && seconds > 60 * options.maxMinutes()) {
          stop = "time limit of " + options.maxMinutes() + " minutes";
          break;
        }
      }
      ModelWeights weights = TrainableModel.weights(servingSpec, best);
      return new TrainingResult(weights, history, bestEpoch, stop, (System.nanoTime() - t0) / 1e9);
    }
  }

  /** {@code τ_e = τ_start · (τ_end / τ_start)^((e − 1) / (E − 1))}. */
  double temperature(int epoch) {
    double a = options.temperatureStart();
    double b = options.temperatureEnd();
    int e = options.epochs();
    return e <= 1 ? b : a * Math.pow(b / a, (epoch - 1) / (double) (e - 1));
  }

  /** One epoch's batches: warm-up, then chunked BPTT updates. */
  private final class Epochs {
    record Result(double loss, int updates) {}

    private final TrainingData data;
    private final TrainableModel model;
    private final Optim optim;
    private final Unroll.Noise noise;
    private final NDManager root;
    private final Engine engine;

    Epochs(
        TrainingData data,
        TrainableModel model,
        Optim optim,
        Unroll.Noise noise,
        NDManager root,
        Engine engine) {
      this.data = data;
      this.model = model;
      this.optim = optim;
      this.noise = noise;
      this.root = root;
      this.engine = engine;
    }

    int updatesPerEpoch(SplittableRandom r) {
      int rows = SegmentPlan.of(data.keys(), options.segment(), options.warmup(), r).rows().size();
      int batches = (rows + options.batch() - 1) / options.batch();
      return batches * ((options.segment() + options.chunk() - 1) / options.chunk());
    }

    Result run(int epoch, ModelSpec stepSpec, SegmentPlan plan) {
      List<SegmentPlan.Row> rows = new ArrayList<>(plan.rows());
      double sum = 0;
      int updates = 0;
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
        for (double loss : batch(epoch, updates, stepSpec, b)) {
          sum += loss;
          updates++;
        }
      }
      return new Result(updates == 0 ? Double.NaN : sum / updates, updates);
    }

    private List<Double> batch(int epoch, int done, ModelSpec stepSpec, Batch b) {
      int w = options.warmup();
      int steps = w + options.segment();
      int h = stepSpec.head().horizon();
      List<Double> losses = new ArrayList<>();
      try (NDManager bm = root.newSubManager()) {
        NDArray x = bm.create(b.x(), new Shape(steps, b.batch(), data.inputs())); // (W+S, B, I)
        NDArray y = bm.create(b.y(), new Shape(steps, b.batch(), h)); // (W+S, B, h)
        NDArray m = bm.create(b.mask(), new Shape(steps, b.batch(), h)); // (W+S, B, h)
        Unroll.State s = Unroll.State.zeros(bm, stepSpec, b.batch());
        if (w > 0) {
          NDArray keep = bm.create(b.keep(), new Shape(w, b.batch(), 1)); // (W, B, 1)
          DjlStack frozen = model.stack(bm, stepSpec, false);
          s = Unroll.run(frozen, x.get(new NDIndex("0:{}", w)), s, keep, noise).state();
        }
        for (int from = w; from < steps; from += options.chunk()) {
          int to = Math.min(steps, from + options.chunk());
          double count = count(b, from, to, h);
          if (count == 0) {
            break; // every row's scored steps are contiguous from step W: nothing is left
          }
          s = chunk(stepSpec, x, y, m, s, from, to, count, losses, bm);
          listener.updated(epoch, done + losses.size(), losses.get(losses.size() - 1));
        }
      }
      return losses;
    }

    private Unroll.State chunk(
        ModelSpec stepSpec,
        NDArray x,
        NDArray y,
        NDArray m,
        Unroll.State s,
        int from,
        int to,
        double count,
        List<Double> losses,
        NDManager carry) {
      Unroll.State next;
      try (NDManager scope = carry.newSubManager()) {
        NDIndex range = new NDIndex("{}:{}", from, to);
        NDArray xs = own(x.get(range), scope); // (T, B, I)
        NDArray ys = own(y.get(range), scope); // (T, B, h)
        NDArray ms = own(m.get(range), scope); // (T, B, h)
        try (GradientCollector gc = engine.newGradientCollector()) {
          DjlStack stack = model.stack(scope, stepSpec, true);
          Unroll.Output out = Unroll.run(stack, xs, s, null, noise);
          NDArray loss = Losses.loss(options.loss(), out.forecasts(), ys, ms, Math.max(count, 1));
          gc.backward(loss);
          losses.add((double) loss.getFloat());
          next = out.state().detach(carry);
        }
      }
      optim.step(model.parameters(), root);
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
}
