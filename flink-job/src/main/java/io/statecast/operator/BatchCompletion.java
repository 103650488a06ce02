package io.statecast.operator;

import io.statecast.avro.Forecast;
import io.statecast.batch.Batcher;
import io.statecast.batch.KeyState;
import io.statecast.batch.KeyedBatch;
import io.statecast.batch.ServingModel;
import io.statecast.batch.Stepper;
import io.statecast.source.ObservationEvent;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * What a stepped batch leaves behind, on the operator thread: its forecasts, built and emitted in
 * the order the events came, and its states, written into Flink's keyed state. Every write sets the
 * operator's current key; each public method puts back the key that was current before it.
 *
 * <p>A row whose step left its key's state non-finite ({@link KeyedBatch#nonFinite}: the stepper
 * has reset the state to the model's initial one) gets no forecast: it becomes a dead letter {@code
 * NON_FINITE_STATE} with the record's original bytes ({@link Refusals#nonFinite}), counted in
 * {@code nonFiniteStates}; a silent (re-warming) row only counts.
 *
 * <p>Each emitted forecast is handed to {@link Anomalies}, which scores the event's actual against
 * the key's previous forecast and keeps this one's interval.
 *
 * <p>Not written at completion: the states stepped in place in the heap state table ({@link
 * #writesInPlace}), and those of keys that a later batch in flight steps again ({@link
 * Flushes.Done#toWrite}), which that batch writes when it completes.
 */
final class BatchCompletion implements Stepper.StateWriter {

  private final Output<StreamRecord<Forecast>> output;
  private final OperatorMetrics metrics;
  private final Refusals refusals;
  private final ValueState<KeyState> keyState;
  private final KeyContext keys;
  private final boolean writesInPlace;
  private final Anomalies anomalies;

  BatchCompletion(
      Output<StreamRecord<Forecast>> output,
      OperatorMetrics metrics,
      Refusals refusals,
      ValueState<KeyState> keyState,
      KeyContext keys,
      boolean writesInPlace,
      Anomalies anomalies) {
    this.output = output;
    this.metrics = metrics;
    this.refusals = refusals;
    this.keyState = keyState;
    this.keys = keys;
    this.writesInPlace = writesInPlace;
    this.anomalies = anomalies;
  }

  /**
   * Emits the forecasts of a stepped batch, writes its states, clears it and gives it back to its
   * batcher.
   */
  void complete(Flushes.Done done) throws Exception {
    Object currentKey = keys.getCurrentKey();
    KeyedBatch<ObservationEvent> batch = done.batch();
    ServingModel model = done.batcher().model();
    long now = System.currentTimeMillis();
    for (int i = 0; i < batch.size(); i++) {
      ObservationEvent e = batch.row(i);
      if (batch.nonFinite(i)) {
        nonFinite(e, batch.silent(i));
        anomalies.forget(e);
      } else if (!batch.silent(i)) {
        Forecast f = Forecasts.of(batch, i, model, now);
        output.collect(new StreamRecord<>(f, e.eventTime()));
        anomalies.answer(e, f, now);
        metrics.forecast(model.version());
        metrics.latencyMillis.update(Math.max(0, now - e.ingestTime));
      }
    }
    for (KeyedBatch.KeyEntry entry : done.toWrite()) {
      if (!(writesInPlace && entry.inTable)) {
        write(entry.key, entry.state);
      }
    }
    metrics.flushed(done.stats());
    batch.clear();
    done.batcher().recycle(batch);
    restore(currentKey);
  }

  private void nonFinite(ObservationEvent e, boolean silent) {
    if (silent) {
      metrics.nonFiniteStates.inc();
      return;
    }
    refusals.nonFinite(
        e,
        "the step of key '"
            + e.key()
            + "' at event time "
            + e.eventTime()
            + " left its state with NaN or infinite numbers; the state was reset to the model's"
            + " initial state");
  }

  /**
   * Writes every state that {@code batcher} keeps resident on the kernel's device and that changed
   * since the last write-back into Flink state (nothing when states are not resident).
   */
  void writeBack(Batcher<ObservationEvent> batcher) throws Exception {
    Object currentKey = keys.getCurrentKey();
    metrics.writtenBack(batcher.writeBack(this));
    restore(currentKey);
  }

  /** Writes {@code state} as the state of {@code key}, which becomes the current key. */
  @Override
  public void write(String key, KeyState state) throws Exception {
    keys.setCurrentKey(key);
    keyState.update(state);
  }

  private void restore(Object currentKey) {
    if (currentKey != null) {
      keys.setCurrentKey(currentKey);
    }
  }

  /**
   * Whether a state object read from the backend and stepped in place needs no {@code update}: true
   * on the heap backend without TTL. Its {@code CopyOnWriteStateMap} hands out the object it holds
   * and, while an asynchronous snapshot still needs the old value, copies the entry on {@code get}
   * before handing it out, so mutating what {@code value()} returned never reaches a running
   * snapshot (Flink's own {@code HeapListState.add} appends to the list it got the same way). Not
   * with TTL, whose timestamp only a write refreshes, nor on RocksDB (a read is a copy), nor behind
   * the changelog backend (it logs only writes): those get every state written back. It saves a
   * hash-table walk per key and flush.
   */
  static boolean writesInPlace(Object backend, ForecastOperatorConfig config) {
    return backend instanceof HeapKeyedStateBackend<?> && config.stateTtl() == null;
  }
}
