package io.statecast.train;

import io.statecast.model.ModelWeights;
import java.util.List;

/**
 * What a training run produced.
 *
 * @param weights the weights of the best epoch under the serving spec
 * @param history every epoch
 * @param bestEpoch the epoch whose weights were kept (0: the initial weights)
 * @param stoppedBecause why training ended
 * @param seconds wall time of the training loop
 */
public record TrainingResult(
    ModelWeights weights,
    List<EpochStats> history,
    int bestEpoch,
    String stoppedBecause,
    double seconds) {

  public TrainingResult {
    history = List.copyOf(history);
  }

  /** The best validation loss. */
  public double bestValidationLoss() {
    return history.stream()
        .filter(e -> e.epoch() == bestEpoch)
        .mapToDouble(EpochStats::validationLoss)
        .findFirst()
        .orElse(Double.NaN);
  }
}
