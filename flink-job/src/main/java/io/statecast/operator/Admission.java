package io.statecast.operator;

import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.InvalidObservationException;
import io.statecast.source.ObservationEvent;
import io.statecast.wire.WireCodec;
import org.apache.flink.api.common.state.ValueState;

/**
 * How an event of the current key enters the {@link LstmForecastOperator}'s batch: its key's state
 * is found, its order is checked, its input is encoded into the batch.
 *
 * <p><b>The key's state</b> comes from the filling batch if the key is already in it, else from the
 * newest batch in flight on the kernel thread that has it ({@link Flushes#inFlightEntry}: newer
 * than what Flink state holds until that batch completes), else from Flink state — carried over to
 * the current model by the model chain's policy when it was written under an older one (re-warming
 * queues the key's recent observations as silent events ahead of this one), or a zero state for a
 * new key.
 *
 * <p><b>Order.</b> An event at its key's last applied or buffered event time is a duplicate, an
 * earlier one is late: both are refused ({@link Refusals}) and change nothing. So is an event the
 * model cannot encode.
 */
final class Admission {

  /** Called after an event was buffered: flushes a full batch, or arms the flush timer. */
  interface Buffered {
    void after(PendingBatch batch) throws Exception;
  }

  private final ModelHolder models;
  private final Flushes flushes;
  private final ValueState<KeyState> keyState;
  private final Refusals refusals;
  private final OperatorMetrics metrics;
  private final int rewarmDepth;
  private final Buffered buffered;
  private final WireCodec<Observation> observationCodec = WireCodec.observations();

  Admission(
      ModelHolder models,
      Flushes flushes,
      ValueState<KeyState> keyState,
      Refusals refusals,
      OperatorMetrics metrics,
      int rewarmDepth,
      Buffered buffered) {
    this.models = models;
    this.flushes = flushes;
    this.keyState = keyState;
    this.refusals = refusals;
    this.metrics = metrics;
    this.rewarmDepth = rewarmDepth;
    this.buffered = buffered;
  }

  /** Checks order, encodes and buffers an event of the current key (Flink's keyed context). */
  void accept(ObservationEvent e) throws Exception {
    PendingBatch.KeyEntry entry = entryOf(e.key());
    KeyState stored = entry != null ? null : keyState.value();
    KeyState state = entry != null ? entry.state : carriedOver(stored);
    // only a carry-over can have changed the key's entry (a re-warm buffers silent events first)
    boolean carried = entry == null && state != stored;
    long last =
        entry != null ? entry.lastEventTime : state == null ? Long.MIN_VALUE : state.lastEventTime;
    if (e.eventTime() == last) {
      refusals.duplicate(e);
      return;
    }
    if (e.eventTime() < last) {
      refusals.late(
          e, "event time " + e.eventTime() + " is before the key's last applied event " + last);
      return;
    }
    if (state == null) {
      state = models.model().freshState(Long.MIN_VALUE, models.chain().epoch());
    }
    boolean inTable = entry != null ? entry.inTable : state == stored;
    enqueue(e, state, inTable, previous(carried ? entryOf(e.key()) : entry, state), false);
  }

  /** The key's entry in the filling batch, else in the newest batch in flight, else null. */
  private PendingBatch.KeyEntry entryOf(String key) {
    PendingBatch.KeyEntry entry = models.model().batch.entry(key);
    return entry != null ? entry : flushes.inFlightEntry(key);
  }

  /** The current key's state {@code s}, carried over to the current model if it is older. */
  private KeyState carriedOver(KeyState s) throws Exception {
    if (s == null || s.epoch == models.chain().epoch()) {
      return s;
    }
    StatePolicy policy = models.chain().policyFor(s.epoch);
    metrics.migrated(policy);
    KeyState carried = models.carryOver(s);
    if (policy == StatePolicy.REWARM) {
      rewarm(carried);
    }
    return carried;
  }

  /** Queues the key's recent observations, oldest first, as silent events on a fresh state. */
  private void rewarm(KeyState fresh) throws Exception {
    long previous = FeatureEncoder.NO_PREVIOUS;
    for (byte[] bytes : fresh.recent) {
      Observation o = observationCodec.decode(bytes).value();
      ObservationEvent silent = new ObservationEvent(o, 0, "", -1, -1);
      PendingBatch.KeyEntry entry = entryOf(o.getKey());
      KeyState s = entry != null ? entry.state : fresh;
      if (enqueue(silent, s, false, previous, true)) {
        previous = o.getEventTime();
      }
    }
  }

  private static long previous(PendingBatch.KeyEntry entry, KeyState state) {
    long last = entry != null ? entry.lastEventTime : state.lastEventTime;
    return last == Long.MIN_VALUE ? FeatureEncoder.NO_PREVIOUS : last;
  }

  /**
   * Encodes and buffers one event; false when the model cannot encode it (refused). {@code
   * inTable}: {@code state} is the object the state table holds ({@link
   * PendingBatch.KeyEntry#inTable}).
   */
  private boolean enqueue(
      ObservationEvent e, KeyState state, boolean inTable, long previous, boolean silent)
      throws Exception {
    ServingModel m = models.model();
    PendingBatch batch = m.batch;
    try {
      m.encoder.encode(e.observation, previous, batch.x, batch.nextInputOffset());
    } catch (InvalidObservationException ex) {
      if (!silent) {
        refusals.unusable(e, ex.kind(), ex.getMessage());
      }
      return false;
    }
    if (!silent && rewarmDepth > 0) {
      state.remember(observationCodec.encode(e.observation), rewarmDepth);
    }
    batch.add(e, state, inTable, silent);
    buffered.after(batch);
    return true;
  }
}
