package io.statecast.train;

/**
 * A training configuration: the model and how to train it. Read with {@link TrainConfigs}, which
 * merges a user's file and options over {@code defaults.json} and binds the result once, so every
 * value is validated at the boundary.
 *
 * <p>The loss follows the head: a quantile head trains with {@link LossKind#PINBALL} and a point
 * head with a point loss ({@link LossKind#MAE} unless set); an unset loss is resolved here, and a
 * loss that does not fit the head is refused.
 *
 * @param model what to train
 * @param training how to train it
 */
public record TrainConfig(ModelOptions model, TrainingOptions training) {

  public TrainConfig {
    if (model == null || training == null) {
      throw new IllegalArgumentException("a training configuration needs model and training");
    }
    if (training.warmup() < model.autoregressive()) {
      throw new IllegalArgumentException(
          "training.warmup ("
              + training.warmup()
              + ") must cover model.autoregressive ("
              + model.autoregressive()
              + ") so that the window is filled before the loss counts");
    }
    training = training.withLoss(loss(model, training.loss()));
  }

  private static LossKind loss(ModelOptions model, LossKind asked) {
    if (asked == null) {
      return model.probabilistic() ? LossKind.PINBALL : LossKind.MAE;
    }
    if (model.probabilistic() && asked != LossKind.PINBALL) {
      throw new IllegalArgumentException(
          "training.loss '"
              + asked.name().toLowerCase(java.util.Locale.ROOT)
              + "' trains a point head, but model.quantiles asks for a quantile head, which trains"
              + " with 'pinball' (or set model.quantiles to none for a point head)");
    }
    if (!model.probabilistic() && asked == LossKind.PINBALL) {
      throw new IllegalArgumentException(
          "training.loss 'pinball' needs a quantile head: set model.quantiles (e.g."
              + " 0.1,0.25,0.5,0.75,0.9)");
    }
    return asked;
  }
}
