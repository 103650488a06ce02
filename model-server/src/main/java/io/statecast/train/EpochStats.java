package io.statecast.train;

/**
 * One epoch of training.
 *
 * @param epoch 1-based
 * @param trainLoss mean training loss of the epoch's updates (normalised units)
 * @param validationLoss loss on the validation parts, streamed as serving streams (the stopping
 *     criterion)
 * @param learningRate Adam's step size during the epoch
 * @param temperature the Gumbel temperature of G2 gates (1 for standard gates)
 * @param updates optimiser updates in this epoch
 * @param seconds wall time since training started, at the end of this epoch
 * @param improved whether the validation loss was the best so far
 */
public record EpochStats(
    int epoch,
    double trainLoss,
    double validationLoss,
    double learningRate,
    double temperature,
    int updates,
    double seconds,
    boolean improved) {}
