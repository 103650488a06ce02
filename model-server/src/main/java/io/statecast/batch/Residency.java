package io.statecast.batch;

import java.io.Serializable;

/**
 * Whether, and how many, keys' states the operator keeps resident on the kernel's device (a GPU
 * with {@code --gpu}) between checkpoints, instead of sending every stepped key's state to the
 * device and back on every flush. Resident states are written back to Flink state before every
 * checkpoint barrier, before a model switch, at the end of input, and when a key is evicted to make
 * room (least recently stepped first). See {@link ResidentStepper}.
 *
 * @param capacity slots of the device table (0: off); at least the batch size when on
 * @param minDeviceBatch flushes of fewer keys step on the host's fast kernel instead, because a
 *     device step costs a fixed number of kernel launches whatever its size; their keys' states
 *     move to the host (read back once when their newest state was on the device) until a larger
 *     flush steps them on the device again; 0 or 1: every flush on the device
 */
public record Residency(int capacity, int minDeviceBatch) implements Serializable {

  /** No resident states: every flush sends the states to the kernel and back. */
  public static final Residency OFF = new Residency(0, 0);

  /** Maximum slots (2^24 keys; 32 GiB of standard-model states). */
  public static final int MAX_CAPACITY = 1 << 24;

  public Residency {
    if (capacity < 0 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "resident capacity must be between 0 and " + MAX_CAPACITY + ", got " + capacity);
    }
    if (minDeviceBatch < 0) {
      throw new IllegalArgumentException(
          "the smallest device batch must not be negative, got " + minDeviceBatch);
    }
    if (capacity == 0 && minDeviceBatch > 0) {
      throw new IllegalArgumentException(
          "a smallest device batch (--min-device-batch) only applies to resident states"
              + " (--resident-keys > 0)");
    }
  }

  /** Whether states are kept resident. */
  public boolean enabled() {
    return capacity > 0;
  }
}
