package io.statecast.train;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Early stopping on the validation loss (Prechelt 1998): keeps the weights of the best epoch,
 * lowers the learning rate by {@code lrDecay} after every {@code lrPatience} epochs without
 * improvement (reduce-on-plateau), and ends training after {@code patience} such epochs.
 */
final class EarlyStopping {

  private final int patience;
  private final int lrPatience;
  private final double lrDecay;
  private double bestLoss;
  private Map<String, float[]> best;
  private int bestEpoch;
  private int since;

  /** Starts from the untrained weights and their loss (epoch 0). */
  EarlyStopping(TrainingOptions o, double initialLoss, Map<String, float[]> initial) {
    this.patience = o.patience();
    this.lrPatience = o.lrPatience();
    this.lrDecay = o.lrDecay();
    this.bestLoss = initialLoss;
    this.best = initial;
  }

  /**
   * Records an epoch's validation loss.
   *
   * @param weights the epoch's weights, taken only when they are the best so far
   * @return whether the loss improved
   */
  boolean offer(int epoch, double loss, Supplier<Map<String, float[]>> weights, Optim optim) {
    if (loss < bestLoss) {
      bestLoss = loss;
      best = weights.get();
      bestEpoch = epoch;
      since = 0;
      return true;
    }
    if (++since % lrPatience == 0) {
      optim.decay(lrDecay);
    }
    return false;
  }

  /** Whether {@code patience} epochs passed without improvement. */
  boolean exhausted() {
    return since >= patience;
  }

  int since() {
    return since;
  }

  int bestEpoch() {
    return bestEpoch;
  }

  Map<String, float[]> best() {
    return best;
  }
}
