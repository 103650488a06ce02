package io.statecast.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class JumpTolerantWatermarksTest {

  private static final long DAY = 86_400_000L;
  private static final long T0 = 946_684_800_000L; // 2000-01-01

  private final JumpTolerantWatermarks generator =
      new JumpTolerantWatermarks(Duration.ofDays(1), Duration.ofDays(365));

  @Test
  void followsTheNewestEventTimeLessTheOutOfOrderness() {
    feed(T0, T0 + 5 * DAY, T0 + 3 * DAY);
    assertThat(watermark()).isEqualTo(T0 + 4 * DAY - 1);
  }

  @Test
  void oneRecordFarAheadDoesNotMoveTheWatermark() {
    feed(T0, T0 + DAY, T0 + 3650 * DAY, T0 + 2 * DAY);
    assertThat(watermark()).isEqualTo(T0 + DAY - 1);
  }

  @Test
  void aSecondRecordNearTheFirstConfirmsTheJump() {
    feed(T0, T0 + DAY, T0 + 3650 * DAY, T0 + 3651 * DAY);
    assertThat(watermark()).isEqualTo(T0 + 3650 * DAY - 1);
  }

  @Test
  void anOrdinaryRecordInBetweenForgetsTheSuspect() {
    feed(T0, T0 + 3650 * DAY, T0 + DAY, T0 + 3651 * DAY);
    assertThat(watermark()).isEqualTo(T0 - 1); // the newest is still T0 + 1 day
  }

  @Test
  void jumpsWithinTheBoundAndRecordsWithoutTimeAreOrdinary() {
    feed(T0, Long.MIN_VALUE, T0 + 300 * DAY);
    assertThat(watermark()).isEqualTo(T0 + 299 * DAY - 1);
  }

  @Test
  void zeroBoundIsPlainBoundedOutOfOrderness() {
    JumpTolerantWatermarks plain = new JumpTolerantWatermarks(Duration.ZERO, Duration.ZERO);
    plain.onEvent(null, T0, output);
    plain.onEvent(null, T0 + 3650 * DAY, output);
    plain.onPeriodicEmit(output);
    assertThat(emitted).last().isEqualTo(T0 + 3650 * DAY - 1);
  }

  @Test
  void nothingBeforeTheFirstRecord() {
    generator.onPeriodicEmit(output);
    assertThat(emitted).isEmpty();
  }

  private final List<Long> emitted = new ArrayList<>();
  private final WatermarkOutput output =
      new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark w) {
          emitted.add(w.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
      };

  private void feed(long... times) {
    for (long t : times) {
      generator.onEvent(null, t, output);
    }
  }

  private long watermark() {
    generator.onPeriodicEmit(output);
    return emitted.get(emitted.size() - 1);
  }
}
