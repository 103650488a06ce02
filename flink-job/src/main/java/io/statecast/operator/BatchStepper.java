package io.statecast.operator;

import io.statecast.cell.StepKernel;
import io.statecast.model.ModelSpec;

/**
 * Steps a {@link PendingBatch} through the kernel in {@link Waves}, the states travelling with
 * every call: each wave is one batched kernel call, and a key's events are applied in order.
 *
 * <pre>
 * gather:  X[r] = x of event e_r,  S[r] = state of key(e_r)        X (n, I), S (n, S)
 * step:    kernel.step(n, X, S, —, F)                               F (n, horizon)
 * scatter: state of key(e_r) = S[r];  forecast of e_r = F[r]
 * </pre>
 *
 * Buffers are allocated once, at the batch capacity; a flush allocates nothing but the forecast
 * records the listener builds.
 */
final class BatchStepper implements Stepper {

  private final StepKernel kernel;
  private final int inputs;
  private final int stateSize;
  private final int horizon;
  private final float[] x;
  private final float[] states;
  private final float[] forecasts;
  private final int[] rows;
  private final PendingBatch.KeyEntry[] rowKeys;

  BatchStepper(StepKernel kernel, int capacity) {
    ModelSpec spec = kernel.spec();
    this.kernel = kernel;
    this.inputs = spec.inputSize();
    this.stateSize = spec.stateLayout().size();
    this.horizon = spec.head().horizon();
    this.x = new float[capacity * inputs];
    this.states = new float[capacity * stateSize];
    this.forecasts = new float[capacity * Math.max(1, horizon)];
    this.rows = new int[capacity];
    this.rowKeys = new PendingBatch.KeyEntry[capacity];
  }

  /** Steps every event of the batch; the entries' states end up after their last event. */
  @Override
  public Flush run(PendingBatch batch, Listener listener, StateWriter writer) {
    Waves waves = new Waves(batch);
    long nanos = 0;
    while (waves.advance()) {
      int n = gather(batch, waves);
      long t0 = System.nanoTime();
      kernel.step(n, x, states, null, horizon > 0 ? forecasts : null);
      nanos += System.nanoTime() - t0;
      scatter(n, listener);
    }
    return waves.flush(nanos);
  }

  /** Nothing to write back: the states were written to their entries at every flush. */
  @Override
  public int writeBack(StateWriter writer) {
    return 0;
  }

  private int gather(PendingBatch batch, Waves wave) {
    int n = 0;
    for (int w = 0; w < wave.size(); w++) {
      PendingBatch.KeyEntry e = wave.entry(w);
      int event = wave.event(w);
      System.arraycopy(batch.x, event * inputs, x, n * inputs, inputs);
      System.arraycopy(e.state.state, 0, states, n * stateSize, stateSize);
      rows[n] = event;
      rowKeys[n] = e;
      n++;
    }
    return n;
  }

  private void scatter(int n, Listener listener) {
    for (int r = 0; r < n; r++) {
      PendingBatch.KeyEntry e = rowKeys[r];
      System.arraycopy(states, r * stateSize, e.state.state, 0, stateSize);
      e.state.steps++;
      listener.stepped(rows[r], e, forecasts, r * horizon);
      rowKeys[r] = null;
    }
  }
}
