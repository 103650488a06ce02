package io.statecast.operator;

import io.statecast.cell.StepKernel;
import io.statecast.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps a {@link PendingBatch} through the kernel in waves: wave {@code w} holds the {@code w}-th
 * buffered event of every key that has one, so a key's events are applied in order, one wave after
 * the other, and each wave is one batched kernel call.
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
final class BatchStepper {

  /** Receives each event's forecast, in each key's order. */
  interface Listener {
    /**
     * @param event index of the event in the batch
     * @param entry the key's entry, whose state already includes this event
     * @param forecast the scaled forecast {@code forecast[offset … offset + horizon)}
     */
    void stepped(int event, PendingBatch.KeyEntry entry, float[] forecast, int offset);
  }

  /** Statistics of one flush. */
  record Flush(int events, int waves, int largestWave, long stepNanos) {}

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
  Flush run(PendingBatch batch, Listener listener) {
    List<PendingBatch.KeyEntry> active = new ArrayList<>(batch.keys());
    int[] cursor = new int[batch.size()];
    for (PendingBatch.KeyEntry e : active) {
      cursor[e.head] = e.head; // a key's cursor is kept at its head event's slot
    }
    int waves = 0;
    int largest = 0;
    long nanos = 0;
    while (!active.isEmpty()) {
      int n = gather(batch, active, cursor);
      long t0 = System.nanoTime();
      kernel.step(n, x, states, null, horizon > 0 ? forecasts : null);
      nanos += System.nanoTime() - t0;
      scatter(n, listener);
      active = advance(batch, active, cursor);
      waves++;
      largest = Math.max(largest, n);
    }
    return new Flush(batch.size(), waves, largest, nanos);
  }

  private int gather(PendingBatch batch, List<PendingBatch.KeyEntry> active, int[] cursor) {
    int n = 0;
    for (PendingBatch.KeyEntry e : active) {
      int event = cursor[e.head];
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

  private static List<PendingBatch.KeyEntry> advance(
      PendingBatch batch, List<PendingBatch.KeyEntry> active, int[] cursor) {
    List<PendingBatch.KeyEntry> still = new ArrayList<>(active.size());
    for (PendingBatch.KeyEntry e : active) {
      int following = batch.next[cursor[e.head]];
      if (following >= 0) {
        cursor[e.head] = following;
        still.add(e);
      }
    }
    return still;
  }
}
