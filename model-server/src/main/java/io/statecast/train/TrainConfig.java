package io.statecast.train;

/**
 * A training configuration: the model and how to train it. Read with {@link TrainConfigs}, which
 * merges a user's file and options over {@code defaults.json} and binds the result once, so every
 * value is validated at the boundary.
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
  }
}
