package io.statecast.train;

/**
 * Watches a training run, e.g. to draw a progress bar. Library code never prints; the command line
 * implements this. Calls come from the training thread.
 */
public interface TrainingListener {

  /** No-op listener. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * Training starts.
   *
   * @param maxEpochs the most epochs that will run (early stopping may end sooner)
   * @param updatesPerEpoch optimiser updates per epoch (approximate: segments vary)
   */
  default void started(int maxEpochs, int updatesPerEpoch) {}

  /**
   * One optimiser update is done.
   *
   * @param epoch 1-based
   * @param update 1-based within the epoch
   * @param loss this update's training loss
   */
  default void updated(int epoch, int update, double loss) {}

  /** An epoch is done and validated. */
  default void epochDone(EpochStats stats) {}
}
