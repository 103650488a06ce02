package io.statecast.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.statecast.cell.djl.DjlRuntime;
import io.statecast.model.GateMode;
import io.statecast.model.GateSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a model by truncated back-propagation through time (Williams and Peng 1990) over stateful
 * segments:
 *
 * <ol>
 *   <li>each epoch cuts every key's fit part into segments at a random offset ({@link
 *       SegmentPlan}); the rows of a batch are stepped together, time-major;
 *   <li>a segment first runs {@code warmup} steps without gradient from the zero state (the segment
 *       at a key's first observation starts from the zero state, as serving does), then its steps
 *       in chunks of {@code chunk}: each chunk is unrolled in one graph, its loss over every scored
 *       step and horizon back-propagated, the gradient norm clipped, Adam applied, and the state
 *       carried, detached, into the next chunk ({@link EpochRunner}) — so the state the loss sees
 *       has run for up to {@code warmup + segment} steps, like a long-running key's state in
 *       serving;
 *   <li>after each epoch the validation parts are streamed as serving streams them ({@link
 *       Validator}); {@link EarlyStopping} keeps the best epoch, lowers the learning rate on
 *       plateaus and stops training.
 * </ol>
 *
 * G2-LSTM (Li et al. 2018) trains with Gumbel-sigmoid input and forget gates whose temperature
 * decays exponentially from {@code temperatureStart} to {@code temperatureEnd}; validation and the
 * saved model use the hardened gates {@code 1[z > 0]}.
 *
 * <p>Reproducible: the seed fixes the initial weights (chosen by the caller), the segment offsets
 * and the Gumbel noise; PyTorch's CPU kernels are deterministic for a fixed thread count, so the
 * same seed, data and {@code threads} give the same weights bit for bit (unless {@code maxMinutes}
 * cuts a run short).
 */
public final class Trainer {

  private final TrainingOptions options;
  private final TrainingListener listener;

  public Trainer(TrainingOptions options, TrainingListener listener) {
    this.options = options;
    this.listener = listener == null ? TrainingListener.NONE : listener;
  }

  /**
   * Trains from {@code initial}, whose spec is the training spec (Gumbel gates for G2).
   *
   * @param servingSpec the spec the result is validated and saved under
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
                data, trainSpec.head(), options.loss(), options.validationWarmup(), root)) {
      model.averageWith(options.averageDecay());
      Optim optim = new Optim(options.learningRate(), options.clipNorm(), options.weightDecay());
      EpochRunner runner = new EpochRunner(options, data, model, optim, noise, root, listener);
      listener.started(options.epochs(), runner.updatesPerEpoch(random.split()));
      Run run =
          new Run(
              data,
              servingSpec,
              g2,
              random,
              model,
              validator,
              runner,
              optim,
              new EarlyStopping(options, validator.loss(model, servingSpec), model.snapshot()),
              t0);
      List<EpochStats> history = new ArrayList<>();
      String stop = epochs(run, history);
      ModelWeights weights = TrainableModel.weights(servingSpec, run.stopping().best());
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new TrainingResult(weights, history, run.stopping().bestEpoch(), stop, seconds);
    }
  }

  /** What the epochs of one run share. */
  private record Run(
      TrainingData data,
      ModelSpec servingSpec,
      boolean g2,
      SplittableRandom random,
      TrainableModel model,
      Validator validator,
      EpochRunner runner,
      Optim optim,
      EarlyStopping stopping,
      long t0) {}

  /** Runs epochs until a stopping rule fires; returns why training ended. */
  private String epochs(Run run, List<EpochStats> history) {
    for (int epoch = 1; epoch <= options.epochs(); epoch++) {
      EpochStats stats = epoch(run, epoch);
      history.add(stats);
      listener.epochDone(stats);
      if (run.stopping().exhausted()) {
        return "early stopping: no better validation loss for "
            + run.stopping().since()
            + " epochs";
      }
      if (options.maxMinutes() > 0 && stats.seconds() > 60 * options.maxMinutes()) {
        return "time limit of " + options.maxMinutes() + " minutes";
      }
    }
    return "reached " + options.epochs() + " epochs";
  }

  /** One epoch: train on a fresh segment plan, validate, offer the result to early stopping. */
  private EpochStats epoch(Run run, int epoch) {
    ModelSpec trainSpec = run.model().spec();
    double tau = run.g2() ? temperature(epoch) : 1.0;
    ModelSpec stepSpec =
        run.g2() ? trainSpec.withGates(new GateSpec(GateMode.GUMBEL, tau)) : trainSpec;
    double lr = run.optim().learningRate();
    SegmentPlan plan =
        SegmentPlan.of(run.data().keys(), options.segment(), options.warmup(), run.random());
    EpochRunner.Result r = run.runner().run(epoch, stepSpec, plan);
    double val = run.validator().loss(run.model(), run.servingSpec());
    boolean improved = run.stopping().offer(epoch, val, run.model()::snapshot, run.optim());
    double seconds = (System.nanoTime() - run.t0()) / 1e9;
    return new EpochStats(epoch, r.loss(), val, lr, tau, r.updates(), seconds, improved);
  }

  /** {@code τ_e = τ_start · (τ_end / τ_start)^((e − 1) / (E − 1))}. */
  double temperature(int epoch) {
    double a = options.temperatureStart();
    double b = options.temperatureEnd();
    int e = options.epochs();
    return e <= 1 ? b : a * Math.pow(b / a, (epoch - 1) / (double) (e - 1));
  }
}
