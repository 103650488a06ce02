package io.statecast.cell;

import io.statecast.model.ModelSpec;

/**
 * Steps keys whose states stay resident in the kernel's own memory — on a GPU, in device memory —
 * as rows of a table addressed by slot, so that a step moves only inputs and forecasts between the
 * host and the device; a state crosses only when its key is admitted ({@link #write}) and when it
 * is written back ({@link #read}: before every checkpoint, and when its key is evicted).
 *
 * <pre>
 * T (capacity, S)  the resident table, one packed {@link io.statecast.model.StateLayout} row a slot
 * step:   S_b = T[slots]                      gather on the device          (n, S)
 *         S_b', F = stack(x, S_b)             x (n, I) in from the host, F (n, horizon) out
 *         T[slots] = S_b'                     scatter on the device
 * </pre>
 *
 * <p>Which key owns which slot is the caller's business (the streaming operator keeps a slot
 * table); the slots of one call must be distinct and in {@code [0, capacity)}, or the call throws
 * {@link IllegalArgumentException} before touching the table. A row's result must not depend on
 * which other rows share its step. Kernels are not thread-safe: use one per thread.
 */
public interface ResidentKernel extends AutoCloseable {

  /** The model this kernel steps. */
  ModelSpec spec();

  /** Number of slots of the resident table. */
  int capacity();

  /**
   * Copies states from the host into slots.
   *
   * @param n rows to copy
   * @param slots their slots, {@code n} distinct values
   * @param states packed states {@code (n, S)} row-major
   */
  void write(int n, int[] slots, float[] states);

  /**
   * Copies slots' states to the host.
   *
   * @param n rows to copy
   * @param slots their slots, {@code n} distinct values
   * @param states where to put them, {@code (n, S)} row-major
   */
  void read(int n, int[] slots, float[] states);

  /**
   * Steps the states in {@code slots} once, in place in the table.
   *
   * @param n rows to step, {@code n ≥ 1}
   * @param slots their slots, {@code n} distinct values
   * @param x scaled inputs {@code (n, I)} row-major
   * @param forecast where to write the head's forecast {@code (n, horizon)}, or null
   */
  void step(int n, int[] slots, float[] x, float[] forecast);

  /** Releases the table and the weights; the kernel must not be used afterwards. */
  @Override
  void close();

  /**
   * Checks that {@code slots[0..n)} are distinct and in {@code [0, capacity)}, using {@code seen}
   * ({@code capacity} flags, all false; left all false) as scratch.
   *
   * @throws IllegalArgumentException naming the first bad slot
   */
  static void checkSlots(int n, int[] slots, boolean[] seen) {
    if (n < 0 || n > slots.length) {
      throw new IllegalArgumentException("row count " + n + " outside [0, " + slots.length + "]");
    }
    int i = 0;
    try {
      for (; i < n; i++) {
        int s = slots[i];
        if (s < 0 || s >= seen.length) {
          throw new IllegalArgumentException(
              "slot " + s + " (row " + i + ") outside [0, " + seen.length + ")");
        }
        if (seen[s]) {
          throw new IllegalArgumentException("slot " + s + " appears twice in one call");
        }
        seen[s] = true;
      }
    } finally {
      for (int j = 0; j < i; j++) {
        int s = slots[j];
        if (s >= 0 && s < seen.length) {
          seen[s] = false;
        }
      }
    }
  }
}
