package io.statecast.operator;

import static io.statecast.testing.TestModels.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.batch.Residency;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.source.ObservationEvent;
import java.util.List;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * The operator tests of {@link LstmForecastOperatorTest} with every flush stepped on the kernel
 * thread while the next batch fills ({@link Flushes}), and the cases only overlapping has: a key
 * whose batch is still in flight when its next event arrives. The harness never runs the operator's
 * mails by itself, so a batch stays in flight until the next flush, a drain or {@link #settle}: the
 * tests below meet the in-flight path on purpose, not by chance.
 */
class OverlappedStepsTest extends LstmForecastOperatorTest {

  @Override
  boolean overlapSteps() {
    return true;
  }

  @Test
  void aKeyInFlightContinuesFromTheBatchInFlight() throws Exception {
    checkInFlightKey(false);
  }

  @Test
  void aKeyInFlightContinuesFromTheBatchInFlightOnRocksDb() throws Exception {
    checkInFlightKey(true); // where a read of Flink state would return the state before the batch
  }

  private void checkInFlightKey(boolean rocksDb) throws Exception {
    List<ObservationEvent> events =
        List.of(
            event("a", 1, 10, 1),
            event("b", 1, 20, 2), // batch of 2 full: a@1, b@1 in flight
            event("a", 1, 11, 3), // duplicate of the event in flight
            event("a", 0, 12, 4), // before it: late
            event("a", 2, 13, 5),
            event("b", 2, 21, 6), // batch a@2, b@2: the first one completes, this one goes
            event("a", 3, 14, 7));
    try (var h = harness(config(2))) {
      if (rocksDb) {
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
      }
      h.open();
      LstmForecastOperator op = (LstmForecastOperator) h.getOperator();
      for (ObservationEvent e : events.subList(0, 2)) {
        h.processElement1(record(e));
      }
      assertThat(op.stepping()).as("the full batch went to the kernel thread").isTrue();
      for (ObservationEvent e : events.subList(2, events.size())) {
        h.processElement1(record(e));
      }
      h.endInput1();
      List<Forecast> out = h.extractOutputValues();
      assertThat(out)
          .extracting(f -> f.getKey() + "@" + f.getSteps())
          .containsExactly("a@1", "b@1", "a@2", "b@2", "a@3");
      assertThat(values(h.getSideOutput(LstmForecastOperator.REFUSED)))
          .extracting(DeadLetter::getKind, DeadLetter::getOffset)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(ErrorKind.DUPLICATE_EVENT, 3L));
      assertThat(values(h.getSideOutput(LstmForecastOperator.LATE_EVENTS)))
          .extracting(DeadLetter::getOffset)
          .containsExactly(4L);
      List<ObservationEvent> applied =
          List.of(events.get(0), events.get(1), events.get(4), events.get(5), events.get(6));
      double err = LstmForecastOperatorTest.maxErrorAgainstOfflineOf(this, applied, out);
      System.out.printf(
          "in-flight key (%s): %d forecasts, max |err| vs offline %.2e%n",
          rocksDb ? "RocksDB" : "heap", out.size(), err);
      assertThat(err).isLessThanOrEqualTo(1e-5);
      assertThat(op.stateOf("a").steps).isEqualTo(3);
    }
  }

  @Test
  void aKeyOnlyInTheOlderOfTwoBatchesInFlightContinuesFromIt() throws Exception {
    List<ObservationEvent> events =
        List.of(
            event("a", 1, 10, 1),
            event("b", 1, 20, 2), // batch a@1, b@1 stepping
            event("c", 1, 30, 3),
            event("d", 1, 40, 4), // batch c@1, d@1 queued behind it
            event("a", 2, 11, 5)); // a is only in the older batch in flight
    try (var h = harness(config(2))) {
      // RocksDB: a read of Flink state would find no state for a (its first step not written yet)
      h.setStateBackend(new EmbeddedRocksDBStateBackend());
      h.open();
      LstmForecastOperator op = (LstmForecastOperator) h.getOperator();
      for (ObservationEvent e : events) {
        h.processElement1(record(e));
      }
      assertThat(op.stepping()).as("batches still in flight when a@2 arrived").isTrue();
      h.endInput1();
      List<Forecast> out = h.extractOutputValues();
      assertThat(out)
          .extracting(f -> f.getKey() + "@" + f.getSteps())
          .containsExactly("a@1", "b@1", "c@1", "d@1", "a@2");
      double err = LstmForecastOperatorTest.maxErrorAgainstOfflineOf(this, events, out);
      System.out.printf(
          "key in the older batch in flight: %d forecasts, max |err| vs offline %.2e%n",
          out.size(), err);
      assertThat(err).isLessThanOrEqualTo(1e-5);
      assertThat(op.stateOf("a").steps).isEqualTo(2);
    }
  }

  @Test
  void stepsOnTheKernelThreadEmitExactlyWhatInlineStepsEmit() throws Exception {
    List<ObservationEvent> events = stream(11);
    // The fast kernel: pure Java, so the same inputs give the same bits on any thread (PyTorch's
    // may differ in the last bit with the alignment of the buffers it is handed).
    ForecastOperatorConfig fast =
        config(16).toBuilder().setKernels(new Engine(EngineKind.FAST, 1, false)).build();
    List<Forecast> overlapped = runToEnd(fast, events);
    List<Forecast> inline = runToEnd(fast.toBuilder().setOverlapSteps(false).build(), events);
    assertThat(overlapped).hasSize(events.size());
    // The same kernel on the same inputs in the same order: equal to the bit, emitted times aside.
    assertThat(overlapped)
        .extracting(f -> f.getKey() + "@" + f.getEventTime() + "#" + f.getSteps() + f.getValues())
        .containsExactlyElementsOf(
            inline.stream()
                .map(f -> f.getKey() + "@" + f.getEventTime() + "#" + f.getSteps() + f.getValues())
                .toList());
  }

  @Test
  void aWatermarkFollowsTheForecastsOfTheBatchInFlight() throws Exception {
    try (var h = harness(config(2))) {
      h.open();
      h.processElement1(record(event("a", 1, 1, 1)));
      h.processElement1(record(event("b", 1, 2, 2))); // in flight
      h.processElement1(record(event("c", 1, 3, 3))); // filling
      h.processWatermark1(new Watermark(5));
      assertThat(h.getOutput())
          .extracting(o -> o instanceof StreamRecord<?> r ? ((Forecast) r.getValue()).getKey() : o)
          .containsExactly("a", "b", "c", new Watermark(5));
    }
  }

  @Test
  void overlappedStepsDoNotCombineWithResidentStates() {
    assertThatThrownBy(
            () ->
                config(4).toBuilder()
                    .setKernels(new Engine(EngineKind.DJL, 1, false))
                    .setResidency(new Residency(16, 0))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--overlap-steps")
        .hasMessageContaining("--resident-keys");
  }
}
