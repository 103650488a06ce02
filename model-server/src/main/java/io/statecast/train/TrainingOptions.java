package io.statecast.train;

import static io.statecast.train.ModelOptions.require;

/**
 * How to train (the {@code "training"} part of a training configuration). Defaults are in {@code
 * defaults.json} next to this class.
 *
 * @param seed seeds weights, segment offsets and Gumbel noise: the same seed, data and threads give
 *     the same weights
 * @param epochs the most passes over the data
 * @param patience stop after this many epochs without a better validation loss
 * @param learningRate Adam's step size {@code α}
 * @param lrDecay multiply {@code α} by this after {@code lrPatience} epochs without improvement
 * @param lrPatience epochs without improvement before the learning rate decays
 * @param weightDecay L2 penalty added to the gradient (0: none)
 * @param averageDecay validate and keep an exponential moving average of the weights with this
 *     decay per update (0: the weights themselves)
 * @param clipNorm the global gradient norm is clipped to this (Pascanu et al. 2013)
 * @param segment steps per training row: each key's fit part is cut into segments of this length
 * @param chunk truncated-BPTT length: gradients flow back at most this many steps
 * @param warmup steps run before each segment, without loss or gradient, to bring the state up
 * @param batch the most rows stepped together
 * @param loss the loss on the normalised target; null picks it by the head ({@link TrainConfig}):
 *     {@code pinball} for a quantile head, {@code mae} for a point head
 * @param trainFraction the protocol's training part of every key (the rest is never read)
 * @param validation the last fraction of each key's training part, used for early stopping and
 *     calibration
 * @param calibrate calibrate a quantile head's intervals on the validation part after training
 *     ({@link Conformal}); no effect on a point head
 * @param validationWarmup steps streamed before the validation part (0: from each key's first
 *     observation, exactly as serving; see {@link Validator})
 * @param forgetBias added to the forget-gate bias at initialisation (Jozefowicz et al. 2015)
 * @param temperatureStart G2 gates: Gumbel-sigmoid temperature of the first epoch
 * @param temperatureEnd G2 gates: temperature reached by exponential decay at the last epoch
 * @param threads PyTorch intra-op threads
 * @param maxMinutes stop after this much wall time (0: no limit; a time-limited run is not
 *     reproducible)
 * @param dropout the rate {@code p} of inverted dropout on the non-recurrent connections while
 *     training (every layer's input and the head's input; {@link Dropout}); 0: none
 * @param keyWeights how much each key's errors count in the losses ({@link KeyWeights}); null:
 *     equal
 */
public record TrainingOptions(
    long seed,
    int epochs,
    int patience,
    double learningRate,
    double lrDecay,
    int lrPatience,
    double weightDecay,
    double averageDecay,
    double clipNorm,
    int segment,
    int chunk,
    int warmup,
    int batch,
    LossKind loss,
    double trainFraction,
    double validation,
    boolean calibrate,
    int validationWarmup,
    double forgetBias,
    double temperatureStart,
    double temperatureEnd,
    int threads,
    double maxMinutes,
    double dropout,
    KeyWeights keyWeights) {

  public TrainingOptions {
    if (keyWeights == null) {
      keyWeights = KeyWeights.EQUAL;
    }
    require(epochs >= 1, "training.epochs must be at least 1", epochs);
    require(patience >= 1, "training.patience must be at least 1", patience);
    require(
        learningRate > 0 && learningRate < 1,
        "training.learningRate must be in (0, 1)",
        learningRate);
    require(lrDecay > 0 && lrDecay <= 1, "training.lrDecay must be in (0, 1]", lrDecay);
    require(lrPatience >= 1, "training.lrPatience must be at least 1", lrPatience);
    require(weightDecay >= 0, "training.weightDecay must not be negative", weightDecay);
    require(
        averageDecay >= 0 && averageDecay < 1,
        "training.averageDecay must be in [0, 1)",
        averageDecay);
    require(clipNorm > 0, "training.clipNorm must be positive", clipNorm);
    require(segment >= 2, "training.segment must be at least 2", segment);
    require(chunk >= 1 && chunk <= segment, "training.chunk must be between 1 and segment", chunk);
    require(warmup >= 0, "training.warmup must not be negative", warmup);
    require(batch >= 1, "training.batch must be at least 1", batch);
    require(
        trainFraction > 0 && trainFraction <= 1,
        "training.trainFraction must be in (0, 1]",
        trainFraction);
    require(
        validation > 0 && validation < 0.5, "training.validation must be in (0, 0.5)", validation);
    require(
        validationWarmup >= 0, "training.validationWarmup must not be negative", validationWarmup);
    require(
        temperatureStart > 0 && temperatureEnd > 0 && temperatureEnd <= temperatureStart,
        "training.temperatureStart >= temperatureEnd > 0",
        temperatureStart + ", " + temperatureEnd);
    require(threads >= 1 && threads <= 256, "training.threads must be between 1 and 256", threads);
    require(maxMinutes >= 0, "training.maxMinutes must not be negative", maxMinutes);
    require(dropout >= 0 && dropout < 1, "training.dropout must be in [0, 1)", dropout);
  }

  /** The same options with {@code loss}. */
  public TrainingOptions withLoss(LossKind loss) {
    return new TrainingOptions(
        seed,
        epochs,
        patience,
        learningRate,
        lrDecay,
        lrPatience,
        weightDecay,
        averageDecay,
        clipNorm,
        segment,
        chunk,
        warmup,
        batch,
        loss,
        trainFraction,
        validation,
        calibrate,
        validationWarmup,
        forgetBias,
        temperatureStart,
        temperatureEnd,
        threads,
        maxMinutes,
        dropout,
        keyWeights);
  }
}
