package io.statecast.operator;

import io.statecast.features.EventTimeJump;
import java.time.Duration;
import org.apache.flink.api.common.state.ValueState;

/**
 * The per-key guard of {@link EventTimeJump}: an event further ahead of its key's last accepted
 * event than the bound is set aside (a dead letter), unless it confirms the previous suspect: it
 * lies within the bound of that suspect, and the key accepted nothing in between. The suspect is
 * kept in keyed state ({@code [suspect event time, the key's last event time then]}), read and
 * written only when an event jumps, so the common path costs nothing.
 *
 * <p>Works on the operator's current key, as keyed state does.
 */
final class EventTimeJumps {

  private final ValueState<long[]> suspects;
  private final long boundMillis;
  private final Duration bound;

  /**
   * @param suspects the current key's last suspect
   * @param bound the largest accepted jump; zero: no bound
   */
  EventTimeJumps(ValueState<long[]> suspects, Duration bound) {
    this.suspects = suspects;
    this.bound = bound;
    this.boundMillis = bound.toMillis();
  }

  /**
   * Why the current key's event at {@code t} is set aside, or null when it may be applied.
   *
   * @param last the key's last accepted (applied or buffered) event time; {@code Long.MIN_VALUE}:
   *     none
   */
  String judge(long t, long last) throws Exception {
    if (boundMillis == 0 || last == Long.MIN_VALUE || t - last <= boundMillis) {
      return null;
    }
    long[] suspect = suspects.value();
    if (suspect != null && suspect[1] == last && Math.abs(t - suspect[0]) <= boundMillis) {
      suspects.clear(); // two in a row: the key really resumed there
      return null;
    }
    suspects.update(new long[] {t, last});
    return EventTimeJump.reason(t, last, "the key's last event", bound);
  }
}
