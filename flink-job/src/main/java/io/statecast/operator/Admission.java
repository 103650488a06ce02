package io.statecast.operator;

import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.batch.KeyState;
import io.statecast.batch.KeyedBatch;
import io.statecast.batch.ServingModel;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.InvalidObservationException;
import io.statecast.source.ObservationEvent;
import io.statecast.upgrade.ModelHolder;
import io.statecast.wire.WireCodec;
import org.apache.flink.api.common.state.ValueState;

/**
 * How an event of the current key enters the {@link LstmForecastOperator}'s batch: its key's state
 * is found, its order is checked, its input is encoded into the batch, and the operator is told the
 * outcome (it never is called back from here).
 *
 * <p><b>The key's state</b> comes from the filling batch if the key is already in it, else from the
 * newest batch in flight on the kernel thread that has it ({@link Flushes#inFlightEntry}: newer
 * than what Flink state holds until that batch completes), else from Flink state — carried over to
 * the current model by the model chain's policy when it was written under an older one (re-warming
 * buffers the key's recent observations as silent rows ahead of this one), or a zero state for a
 * new key.
 *
 * <p><b>Order.</b> An event at its key's last applied or buffered event time is a duplicate, an
 * earlier one is late, one too far ahead of it is set aside ({@link EventTimeJumps}): all are
 * refused and change nothing. So is an event the model cannot encode. Named features the model does
 * not read are counted ({@link UnknownFeatures}), and a buffered event records the age of its key's
 * state ({@link OperatorMetrics#stateAge}: its event time minus the key's last one).
 */
final class Admission {

  /** What became of an event. */
  enum Verdict {
    BUFFERED,
    DUPLICATE,
    LATE,
    JUMPED,
    UNUSABLE
  }

  /** The verdict, with the dead letter's kind and reason when refused. */
  record Outcome(Verdict verdict, ErrorKind kind, String reason) {
    static final Outcome BUFFERED = new Outcome(Verdict.BUFFERED, null, null);
    static final Outcome DUPLICATE =
        new Outcome(Verdict.DUPLICATE, ErrorKind.DUPLICATE_EVENT, "already applied");
  }

  private final ModelHolder models;
  private final Flushes flushes;
  private final ValueState<KeyState> keyState;
  private final OperatorMetrics metrics;
  private final EventTimeJumps jumps;
  private final UnknownFeatures unknownFeatures;
  private final int rewarmDepth;
  private final WireCodec<Observation> observationCodec = WireCodec.observations();

  Admission(
      ModelHolder models,
      Flushes flushes,
      ValueState<KeyState> keyState,
      OperatorMetrics metrics,
      EventTimeJumps jumps,
      int rewarmDepth) {
    this.models = models;
    this.flushes = flushes;
    this.keyState = keyState;
    this.metrics = metrics;
    this.jumps = jumps;
    this.unknownFeatures = new UnknownFeatures(metrics.unknownFeatures);
    this.rewarmDepth = rewarmDepth;
  }

  /**
   * Checks order, encodes and buffers an event of the current key (Flink's keyed context) into the
   * current model's filling batch, which may then hold more than its capacity (a re-warm adds the
   * key's recent observations at once): the operator steps it when it is full.
   */
  Outcome admit(ObservationEvent e) throws Exception {
    KeyedBatch.KeyEntry entry = entryOf(e.key());
    KeyState stored = entry != null ? null : keyState.value();
    KeyState state = entry != null ? entry.state : carriedOver(stored);
    long last =
        entry != null ? entry.lastEventTime : state == null ? Long.MIN_VALUE : state.lastEventTime;
    if (e.eventTime() == last) {
      return Outcome.DUPLICATE;
    }
    if (e.eventTime() < last) {
      return new Outcome(
          Verdict.LATE,
          ErrorKind.LATE_EVENT,
          "event time " + e.eventTime() + " is before the key's last applied event " + last);
    }
    String jump = jumps.judge(e.eventTime(), last);
    if (jump != null) {
      return new Outcome(Verdict.JUMPED, ErrorKind.EVENT_TIME_JUMP, jump);
    }
    if (state == null) {
      state = models.model().freshState(Long.MIN_VALUE, models.chain().epoch());
    }
    boolean inTable = entry != null ? entry.inTable : state == stored;
    KeyedBatch.KeyEntry now = entryOf(e.key()); // a re-warm may have made the key's entry
    long previous = now != null ? now.lastEventTime : state.lastEventTime;
    InvalidObservationException bad = buffer(e, state, inTable, previous, false);
    if (bad != null) {
      return new Outcome(Verdict.UNUSABLE, bad.kind(), bad.getMessage());
    }
    if (rewarmDepth > 0) {
      state.remember(observationCodec.encode(e.observation), rewarmDepth);
    }
    unknownFeatures.check(e.observation, models.model());
    metrics.stateAge(e.eventTime(), last);
    return Outcome.BUFFERED;
  }

  /** The key's entry in the filling batch, else in the newest batch in flight, else null. */
  private KeyedBatch.KeyEntry entryOf(String key) {
    KeyedBatch.KeyEntry entry = models.batcher().filling().entry(key);
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

  /** Buffers the key's recent observations, oldest first, as silent rows on a fresh state. */
  private void rewarm(KeyState fresh) throws Exception {
    long previous = Long.MIN_VALUE;
    for (byte[] bytes : fresh.recent) {
      Observation o = observationCodec.decode(bytes).value();
      ObservationEvent silent = new ObservationEvent(o, 0, "", -1, -1, bytes);
      KeyedBatch.KeyEntry entry = entryOf(o.getKey());
      if (buffer(silent, entry != null ? entry.state : fresh, false, previous, true) == null) {
        previous = o.getEventTime();
      }
    }
  }

  /**
   * Encodes and buffers one row; the refusal when the model cannot encode it, else null. {@code
   * inTable}: {@code state} is the object the state table holds ({@link
   * KeyedBatch.KeyEntry#inTable}); {@code previous}: the key's event before it ({@code
   * Long.MIN_VALUE}: none).
   */
  private InvalidObservationException buffer(
      ObservationEvent e, KeyState state, boolean inTable, long previous, boolean silent)
      throws Exception {
    ServingModel m = models.model();
    KeyedBatch<ObservationEvent> batch = models.batcher().filling();
    int offset = batch.nextInputOffset(); // first: it may grow the batch's arrays
    long gapFrom = previous == Long.MIN_VALUE ? FeatureEncoder.NO_PREVIOUS : previous;
    try {
      m.encoder().encode(e.observation, gapFrom, batch.x, offset);
    } catch (InvalidObservationException ex) {
      return ex;
    }
    batch.add(e, state, inTable, silent);
    return null;
  }
}
