package io.statecast.source;

import io.statecast.features.EventTimeJump;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Flink's bounded out-of-orderness watermarks ({@code watermark = newest event time −
 * out-of-orderness − 1 ms}), except that one record cannot move the newest event time by more than
 * the jump bound ({@link EventTimeJump}): with plain bounded out-of-orderness, a single record ten
 * years ahead on a partition makes every other key's events on it late. A record further ahead of
 * the newest time than the bound becomes the suspect and does not count; a second record within the
 * bound of the suspect, before any ordinary record, confirms the jump (the partition really moved
 * on) and the newest time moves there. An ordinary record forgets the suspect.
 *
 * <p>Records without an event time (dead letters, {@code Long.MIN_VALUE}) do not count. One
 * generator runs per Kafka partition (the source's per-split watermarks).
 */
public final class JumpTolerantWatermarks implements WatermarkGenerator<DecodedRecord> {

  private final long outOfOrderness;
  private final long bound;
  private long newest = Long.MIN_VALUE;
  private long suspect = Long.MIN_VALUE;

  /**
   * @param outOfOrderness how far behind the newest event time events may still arrive
   * @param bound the largest jump one record may make (zero: no bound)
   */
  public JumpTolerantWatermarks(Duration outOfOrderness, Duration bound) {
    this.outOfOrderness = outOfOrderness.toMillis();
    this.bound = bound.toMillis();
  }

  @Override
  public void onEvent(DecodedRecord record, long timestamp, WatermarkOutput output) {
    if (timestamp == Long.MIN_VALUE) {
      return;
    }
    if (bound == 0 || newest == Long.MIN_VALUE || timestamp - newest <= bound) {
      newest = Math.max(newest, timestamp);
      suspect = Long.MIN_VALUE;
    } else if (suspect != Long.MIN_VALUE && Math.abs(timestamp - suspect) <= bound) {
      newest = Math.max(timestamp, suspect);
      suspect = Long.MIN_VALUE;
    } else {
      suspect = timestamp;
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (newest != Long.MIN_VALUE) {
      output.emitWatermark(new Watermark(newest - outOfOrderness - 1));
    }
  }
}
