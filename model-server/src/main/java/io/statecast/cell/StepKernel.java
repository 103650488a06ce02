package io.statecast.cell;

import io.statecast.model.ModelSpec;

/**
 * Steps a batch of keys once: the one operation the streaming operator, the stateful API and the
 * benchmarks need. A kernel is built for one model; the per-key state lives outside it, as the
 * packed rows of {@link io.statecast.model.StateLayout}, so the caller gathers the states of the
 * keys it wants to step, calls {@link #step}, and scatters them back.
 *
 * <p>A row's result must not depend on which other rows share its batch (beyond float rounding).
 * Kernels are not thread-safe: use one per thread (one per Flink subtask).
 */
public interface StepKernel extends AutoCloseable {

  /** The model this kernel steps. */
  ModelSpec spec();

  /**
   * Steps {@code batch} keys once.
   *
   * @param batch number of rows {@code B ≥ 1}
   * @param x scaled inputs, {@code (B, I)} row-major; only the first {@code B·I} values are read
   * @param state packed states, {@code (B, S)}; updated in place
   * @param output where to write the top layer's output {@code (B, R)}, or null
   * @param forecast where to write the head's forecast {@code (B, horizon)}, or null
   */
  void step(int batch, float[] x, float[] state, float[] output, float[] forecast);

  /** Releases native memory; the kernel must not be used afterwards. */
  @Override
  void close();
}
