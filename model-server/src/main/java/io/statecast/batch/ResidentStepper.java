package io.statecast.batch;

import io.statecast.cell.ResidentKernel;
import io.statecast.cell.StepKernel;
import io.statecast.model.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Steps a {@link KeyedBatch} on states that stay resident in a {@link ResidentKernel}'s table (on a
 * GPU, in device memory) between checkpoints: per flush only the inputs, the slot indices and the
 * forecasts cross to and from the device.
 *
 * <pre>
 * slots:   every key of the batch → its slot ({@link SlotTable}); absent keys are admitted,
 *          evicting the least recently stepped keys (their dirty rows read and written to Flink
 *          state first), and their host states are written into their slots in one call
 * waves:   X (n, I), slots (n)  →  kernel.step  →  F (n, horizon)          one call per wave
 * back:    {@link #writeBack}: every dirty row read in chunks and written to Flink state
 * </pre>
 *
 * <p><b>Small flushes on the host.</b> With a host kernel and a smallest device batch {@code M}, a
 * flush of fewer than {@code M} keys is stepped on the host ({@link BatchStepper} over the keys'
 * host records), because a device step costs the same launches whatever its size: the keys whose
 * newest state is on the device are read back first (one call for all of them), and their slots
 * become stale, so a key stepped on the host moves to the host and is written into its slot again
 * only when a large flush steps it on the device. With light traffic the keys therefore live on the
 * host and nothing crosses to the device; with heavy traffic they live on the device.
 *
 * <p><b>Non-finite states.</b> A state on the device is checked only when its row's forecast is not
 * finite (then its row is read and, if not finite, reset: {@link FiniteStates}); a flush on the
 * host checks every row's state as {@link BatchStepper} does. So on the device a state that turned
 * non-finite while its forecast stayed finite (a cell state {@code c = ±Inf} gives {@code h = o ⊙
 * tanh(c)} finite) is not caught there: the check costs no transfer of states.
 *
 * <p><b>Coherence.</b> A slot's row is the truth for its key while the slot is dirty; the key's
 * host record stays the truth for its step count, event time and model identity, and the step count
 * tells whether the two still belong together: a host record whose step count differs from the
 * row's (a key whose state expired and began again) is written into the slot again. The operator
 * calls {@link #writeBack} before every checkpoint barrier, before a model switch and at the end of
 * input, so a snapshot always holds every state as of its barrier; written-back records are new
 * objects, never a state-table entry changed in place.
 */
public final class ResidentStepper implements Stepper {

  private final ResidentKernel kernel;
  private final BatchStepper host; // null: every flush on the device
  private final int minDeviceBatch;
  private final SlotTable table;
  private final int inputs;
  private final int stateSize;
  private final int horizon;
  private final int chunk;
  private final float[] x; // (chunk, I)
  private final float[] rows; // (chunk, S): uploads, evictions, write-backs
  private final float[] forecasts; // (chunk, horizon)
  private final int[] slots; // (chunk)
  private final int[] events;
  private final KeyedBatch.KeyEntry[] rowKeys;
  private final List<SlotTable.Eviction> evictions = new ArrayList<>();

  /**
   * @param host the kernel for flushes of fewer than {@code minDeviceBatch} keys, or null
   * @param batchCapacity the batches' capacity (at most the kernel's capacity)
   * @throws IllegalArgumentException for a model without a forecast head (the resident kernel
   *     returns forecasts only)
   */
  public ResidentStepper(
      ResidentKernel kernel, StepKernel host, int minDeviceBatch, int batchCapacity) {
    if (batchCapacity > kernel.capacity()) {
      throw new IllegalArgumentException(
          "the resident table ("
              + kernel.capacity()
              + " slots) must hold a whole batch ("
              + batchCapacity
              + ")");
    }
    ModelSpec spec = kernel.spec();
    if (!spec.head().present()) {
      throw new IllegalArgumentException("resident states need a model with a forecast head");
    }
    this.kernel = kernel;
    this.host = host == null ? null : new BatchStepper(host, batchCapacity);
    this.minDeviceBatch = host == null ? 0 : minDeviceBatch;
    this.table = new SlotTable(kernel.capacity());
    this.inputs = spec.inputSize();
    this.stateSize = spec.stateLayout().size();
    this.horizon = spec.head().outputs();
    this.chunk = batchCapacity;
    this.x = new float[chunk * inputs];
    this.rows = new float[chunk * stateSize];
    this.forecasts = new float[chunk * Math.max(1, horizon)];
    this.slots = new int[chunk];
    this.events = new int[chunk];
    this.rowKeys = new KeyedBatch.KeyEntry[chunk];
  }

  @Override
  public Flush run(KeyedBatch<?> batch, Listener listener, StateWriter writer) throws Exception {
    if (batch.keys().size() < minDeviceBatch) {
      moveToHost(batch);
      return host.run(batch, listener, writer);
    }
    assignSlots(batch, writer);
    Waves waves = new Waves(batch);
    long nanos = 0;
    while (waves.advance()) {
      int n = gather(batch, waves);
      long t0 = System.nanoTime();
      kernel.step(n, slots, x, horizon > 0 ? forecasts : null);
      nanos += System.nanoTime() - t0;
      scatter(batch, n, listener);
    }
    for (KeyedBatch.KeyEntry e : batch.keys()) {
      table.hold(e.slot, e.state.metadata()); // after the flush: its step count and event time
    }
    return waves.flush(nanos);
  }

  /**
   * Gives every key of the batch its slot. Keys already resident are looked up first, so that they
   * are the most recently used when the absent ones are admitted: with at least a batch of slots,
   * an eviction never takes a key of this batch.
   */
  private void assignSlots(KeyedBatch<?> batch, StateWriter writer) throws Exception {
    List<KeyedBatch.KeyEntry> keys = batch.keys();
    for (KeyedBatch.KeyEntry e : keys) {
      e.slot = table.find(e.key);
    }
    int loads = 0;
    for (KeyedBatch.KeyEntry e : keys) {
      if (e.slot < 0) {
        e.slot = table.admit(e.key, evictions);
      }
      if (table.steps(e.slot) != e.state.steps) {
        rowKeys[loads++] = e; // new to the table, or a state that began again
      }
    }
    writeBackEvictions(writer);
    for (int r = 0; r < loads; r++) {
      KeyedBatch.KeyEntry e = rowKeys[r];
      System.arraycopy(e.state.state, 0, rows, r * stateSize, stateSize);
      slots[r] = e.slot;
      rowKeys[r] = null;
    }
    kernel.write(loads, slots, rows);
  }

  /**
   * Makes every key of the batch's host record its newest state: rows newer on the device are read
   * into the records (objects read from Flink state for this flush, which the host stepper steps in
   * place anyway) and their slots are cleaned. The slots are stale from then on without being
   * marked: the host step takes each record's step count past its row's, so a later device flush
   * writes the record into the slot again ({@link #assignSlots}).
   */
  private void moveToHost(KeyedBatch<?> batch) {
    int n = 0;
    for (KeyedBatch.KeyEntry e : batch.keys()) {
      int slot = table.find(e.key);
      if (slot < 0) {
        continue;
      }
      if (table.dirty(slot) && table.steps(slot) == e.state.steps) {
        slots[n] = slot;
        rowKeys[n++] = e;
      }
      table.clean(slot);
    }
    kernel.read(n, slots, rows);
    for (int r = 0; r < n; r++) {
      System.arraycopy(rows, r * stateSize, rowKeys[r].state.state, 0, stateSize);
      rowKeys[r] = null;
    }
  }

  private void writeBackEvictions(StateWriter writer) throws Exception {
    int n = 0;
    for (SlotTable.Eviction ev : evictions) {
      if (ev.dirty()) {
        slots[n++] = ev.slot();
      }
    }
    kernel.read(n, slots, rows);
    int r = 0;
    for (SlotTable.Eviction ev : evictions) {
      if (ev.dirty()) {
        writer.write(ev.key(), ev.holder().withState(row(r++)));
      }
    }
    evictions.clear();
  }

  @Override
  public int writeBack(StateWriter writer) throws Exception {
    int written = 0;
    int used = table.used();
    int next = 0;
    while (next < used) {
      int n = 0;
      while (next < used && n < chunk) {
        if (table.dirty(next)) {
          slots[n++] = next;
        }
        next++;
      }
      kernel.read(n, slots, rows);
      for (int r = 0; r < n; r++) {
        int slot = slots[r];
        writer.write(table.key(slot), table.holder(slot).withState(row(r)));
        table.clean(slot);
      }
      written += n;
    }
    return written;
  }

  private float[] row(int r) {
    return Arrays.copyOfRange(rows, r * stateSize, (r + 1) * stateSize);
  }

  private int gather(KeyedBatch<?> batch, Waves wave) {
    int n = wave.size();
    for (int r = 0; r < n; r++) {
      KeyedBatch.KeyEntry e = wave.entry(r);
      int event = wave.event(r);
      System.arraycopy(batch.x, event * inputs, x, r * inputs, inputs);
      slots[r] = e.slot;
      events[r] = event;
      rowKeys[r] = e;
    }
    return n;
  }

  private void scatter(KeyedBatch<?> batch, int n, Listener listener) {
    for (int r = 0; r < n; r++) {
      KeyedBatch.KeyEntry e = rowKeys[r];
      e.state.steps++;
      table.stepped(e.slot);
      listener.stepped(events[r], e, forecasts, r * horizon);
      if (!FiniteStates.finite(forecasts, r * horizon, horizon)) {
        resetIfNonFinite(batch, events[r], e);
      }
      rowKeys[r] = null;
    }
  }

  /**
   * Reads the key's row from the device; when it is not finite, writes the initial state (zeros)
   * into its slot, resets the host record ({@link FiniteStates}) and marks the batch's row. The
   * slot stays dirty, and its step count follows the reset record at the end of the flush.
   */
  private void resetIfNonFinite(KeyedBatch<?> batch, int row, KeyedBatch.KeyEntry e) {
    int[] slot = {e.slot};
    float[] state = new float[stateSize];
    kernel.read(1, slot, state);
    if (FiniteStates.finite(state, 0, stateSize)) {
      return;
    }
    kernel.write(1, slot, new float[stateSize]);
    if (e.state.state != null) {
      Arrays.fill(e.state.state, 0f);
    }
    e.state.resetSteps();
    batch.markNonFinite(row);
  }

  /** Keys resident now (for metrics and tests). */
  int residentKeys() {
    return table.used();
  }

  /** Closes the device kernel and the host one. */
  @Override
  public void close() {
    try {
      kernel.close();
    } finally {
      if (host != null) {
        host.close();
      }
    }
  }
}
