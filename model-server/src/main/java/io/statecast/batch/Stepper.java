package io.statecast.batch;

/**
 * Steps a {@link KeyedBatch}, gather → step → scatter, wave by wave: {@link BatchStepper} when the
 * states live with their owner and travel to the kernel on every flush, {@link ResidentStepper}
 * when they stay resident on the kernel's device until written back.
 */
public interface Stepper extends AutoCloseable {

  /** Receives each row's result, in each key's order ({@link KeyedBatch#recorder}). */
  interface Listener {
    /**
     * @param row index of the row in the batch
     * @param entry the key's entry, whose state already includes this row
     * @param result the scaled forecast (or the top layer's output) {@code result[offset … offset +
     *     width)}
     */
    void stepped(int row, KeyedBatch.KeyEntry entry, float[] result, int offset);
  }

  /**
   * Puts a key's state back where its owner keeps it (the operator: its Flink state), for states
   * that leave a device.
   */
  interface StateWriter {
    void write(String key, KeyState state) throws Exception;
  }

  /**
   * Statistics of one flush.
   *
   * @param events rows stepped
   * @param waves kernel calls
   * @param largestWave rows of the largest call
   * @param stepNanos time in the kernel
   * @param waveSizes rows of each call, in order
   */
  record Flush(int events, int waves, int largestWave, long stepNanos, int[] waveSizes) {}

  /**
   * Steps every event of the batch; the entries' states end up after their last event (on the host
   * or, for a resident stepper, on the device; their step counts and event times on the host).
   *
   * @param writer where states evicted from the device to make room go
   */
  Flush run(KeyedBatch<?> batch, Listener listener, StateWriter writer) throws Exception;

  /**
   * Writes every state that changed on the device since the last write-back to its owner; a no-op
   * when the states are not resident.
   *
   * @return the number of states written
   */
  int writeBack(StateWriter writer) throws Exception;

  /** Closes the kernels. */
  @Override
  void close();
}
