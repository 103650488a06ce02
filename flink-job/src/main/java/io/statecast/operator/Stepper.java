package io.statecast.operator;

/**
 * Steps a {@link PendingBatch}: {@link BatchStepper} when the states live in Flink state only and
 * travel to the kernel on every flush, {@link ResidentStepper} when they stay resident on the
 * kernel's device between checkpoints.
 */
interface Stepper {

  /** Receives each event's forecast, in each key's order. */
  interface Listener {
    /**
     * @param event index of the event in the batch
     * @param entry the key's entry, whose state already includes this event
     * @param forecast the scaled forecast {@code forecast[offset … offset + horizon)}
     */
    void stepped(int event, PendingBatch.KeyEntry entry, float[] forecast, int offset);
  }

  /** Puts a key's state into Flink state: sets the current key and updates the value state. */
  interface StateWriter {
    void write(String key, KeyState state) throws Exception;
  }

  /** Statistics of one flush. */
  record Flush(int events, int waves, int largestWave, long stepNanos) {}

  /**
   * Steps every event of the batch; the entries' states end up after their last event (on the host
   * or, for a resident stepper, on the device; their step counts and event times on the host).
   *
   * @param writer where states evicted from the device to make room go
   */
  Flush run(PendingBatch batch, Listener listener, StateWriter writer) throws Exception;

  /**
   * Writes every state that changed on the device since the last write-back into Flink state; a
   * no-op when the states are not resident.
   *
   * @return the number of states written
   */
  int writeBack(StateWriter writer) throws Exception;
}
