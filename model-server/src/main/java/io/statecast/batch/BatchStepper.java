package io.statecast.batch;

import io.statecast.cell.StepKernel;
import io.statecast.model.ModelSpec;

/**
 * Steps a {@link KeyedBatch} through the kernel in {@link Waves}, the states travelling with every
 * call: each wave is one batched kernel call, and a key's rows are applied in order.
 *
 * <pre>
 * gather:  X[r] = x of row e_r,  S[r] = state of key(e_r)          X (n, I), S (n, S)
 * step:    kernel.step(n, X, S, Y, F)                               Y (n, R) without a head,
 *                                                                   F (n, horizon) with one
 * scatter: state of key(e_r) = S[r];  result of e_r = F[r] (or Y[r])
 * </pre>
 *
 * A row whose step leaves its key's state non-finite resets it and is marked ({@link
 * FiniteStates}). Buffers are allocated once, at the batch capacity; a flush allocates nothing.
 */
public final class BatchStepper implements Stepper {

  private final StepKernel kernel;
  private final int inputs;
  private final int stateSize;
  private final int horizon;
  private final int width;
  private final float[] x;
  private final float[] states;
  private final float[] results; // (capacity, width): forecasts, or outputs without a head
  private final int[] rows;
  private final KeyedBatch.KeyEntry[] rowKeys;

  /** A stepper of batches of up to {@code capacity} rows; it closes {@code kernel}. */
  public BatchStepper(StepKernel kernel, int capacity) {
    ModelSpec spec = kernel.spec();
    this.kernel = kernel;
    this.inputs = spec.inputSize();
    this.stateSize = spec.stateLayout().size();
    this.horizon = spec.head().outputs();
    this.width = horizon > 0 ? horizon : spec.outputSize();
    this.x = new float[capacity * inputs];
    this.states = new float[capacity * stateSize];
    this.results = new float[capacity * width];
    this.rows = new int[capacity];
    this.rowKeys = new KeyedBatch.KeyEntry[capacity];
  }

  /** Steps every row of the batch; the entries' states end up after their last row. */
  @Override
  public Flush run(KeyedBatch<?> batch, Listener listener, StateWriter writer) {
    Waves waves = new Waves(batch);
    long nanos = 0;
    while (waves.advance()) {
      int n = gather(batch, waves);
      long t0 = System.nanoTime();
      kernel.step(n, x, states, horizon > 0 ? null : results, horizon > 0 ? results : null);
      nanos += System.nanoTime() - t0;
      scatter(batch, n, listener);
    }
    return waves.flush(nanos);
  }

  /** Nothing to write back: the states were written to their entries at every flush. */
  @Override
  public int writeBack(StateWriter writer) {
    return 0;
  }

  private int gather(KeyedBatch<?> batch, Waves wave) {
    int n = 0;
    for (int w = 0; w < wave.size(); w++) {
      KeyedBatch.KeyEntry e = wave.entry(w);
      int event = wave.event(w);
      System.arraycopy(batch.x, event * inputs, x, n * inputs, inputs);
      System.arraycopy(e.state.state, 0, states, n * stateSize, stateSize);
      rows[n] = event;
      rowKeys[n] = e;
      n++;
    }
    return n;
  }

  /** Each row's state into its key's record (reset when not finite: {@link FiniteStates}). */
  private void scatter(KeyedBatch<?> batch, int n, Listener listener) {
    for (int r = 0; r < n; r++) {
      KeyedBatch.KeyEntry e = rowKeys[r];
      System.arraycopy(states, r * stateSize, e.state.state, 0, stateSize);
      e.state.steps++;
      listener.stepped(rows[r], e, results, r * width);
      FiniteStates.resetIfNonFinite(batch, rows[r], e);
      rowKeys[r] = null;
    }
  }

  @Override
  public void close() {
    kernel.close();
  }
}
