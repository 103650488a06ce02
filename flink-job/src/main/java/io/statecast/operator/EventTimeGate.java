package io.statecast.operator;

import io.statecast.source.ObservationEvent;
import java.time.Duration;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.InternalTimerService;

/**
 * {@link Ordering#EVENT_TIME} mode's holding area: an event ahead of the watermark waits in keyed
 * state ({@code event time → event}, one event-time timer each) until the watermark passes it, so
 * that a key's events are applied in event-time order whatever order they arrived in.
 *
 * <pre>
 * t ≤ watermark − allowed lateness          late (refused with the reason)
 * watermark − allowed lateness ≤ t ≤ wm     applied now
 * t > watermark + the jump bound            set aside (it would wait for years; {@link
 *                                           io.statecast.features.EventTimeJump})
 * t > watermark, t already waiting          duplicate
 * t > watermark                             waits for the watermark
 * </pre>
 *
 * Works on the operator's current key, as keyed state does.
 */
final class EventTimeGate {

  /** What to do with an offered event. */
  enum Verdict {
    APPLY_NOW,
    WAITING,
    DUPLICATE,
    LATE,
    JUMPED
  }

  private final MapState<Long, ObservationEvent> pending;
  private final InternalTimerService<VoidNamespace> timers;
  private final Duration allowedLateness;
  private final Duration jumpBound;

  /**
   * @param pending the current key's waiting events by event time
   * @param timers the operator's event-time timer service for this gate
   * @param allowedLateness how far behind the watermark an event is still applied
   * @param jumpBound how far ahead of the watermark an event may wait (zero: no bound)
   */
  EventTimeGate(
      MapState<Long, ObservationEvent> pending,
      InternalTimerService<VoidNamespace> timers,
      Duration allowedLateness,
      Duration jumpBound) {
    this.pending = pending;
    this.timers = timers;
    this.allowedLateness = allowedLateness;
    this.jumpBound = jumpBound;
  }

  /** Judges {@code e} of the current key; a {@link Verdict#WAITING} event is now held here. */
  Verdict offer(ObservationEvent e) throws Exception {
    long t = e.eventTime();
    long watermark = timers.currentWatermark();
    if (t <= watermark) {
      return t < watermark - allowedLateness.toMillis() ? Verdict.LATE : Verdict.APPLY_NOW;
    }
    if (!jumpBound.isZero()
        && watermark != Long.MIN_VALUE
        && t - watermark > jumpBound.toMillis()) {
      return Verdict.JUMPED;
    }
    if (pending.contains(t)) {
      return Verdict.DUPLICATE;
    }
    pending.put(t, e);
    timers.registerEventTimeTimer(VoidNamespace.INSTANCE, t);
    return Verdict.WAITING;
  }

  /** Why {@code e}, judged {@link Verdict#LATE}, is late. */
  String lateReason(ObservationEvent e) {
    return "event time "
        + e.eventTime()
        + " is behind the watermark "
        + timers.currentWatermark()
        + " by more than the allowed lateness "
        + allowedLateness;
  }

  /** Why {@code e}, judged {@link Verdict#JUMPED}, is set aside. */
  String jumpReason(ObservationEvent e) {
    return io.statecast.features.EventTimeJump.reason(
        e.eventTime(), timers.currentWatermark(), "the watermark", jumpBound);
  }

  /**
   * The current key's event waiting at {@code eventTime}, which leaves the gate, or null (a timer
   * whose event is gone).
   */
  ObservationEvent release(long eventTime) throws Exception {
    ObservationEvent e = pending.get(eventTime);
    if (e != null) {
      pending.remove(eventTime);
    }
    return e;
  }
}
