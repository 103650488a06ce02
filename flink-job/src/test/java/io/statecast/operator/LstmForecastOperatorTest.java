package io.statecast.operator;

import static io.statecast.testing.TestModels.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.source.EventKey;
import io.statecast.source.ModelUpdateEvent;
import io.statecast.source.ObservationEvent;
import io.statecast.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator in Flink's keyed operator test harness, checked against the offline oracle, with
 * every flush stepped on the operator thread ({@link OverlappedStepsTest} runs the same tests with
 * steps on a kernel thread).
 */
class LstmForecastOperatorTest {

  private static final double TOLERANCE = 1e-5;

  @TempDir Path tmp;
  private ModelArtifact artifact;

  @BeforeEach
  void writeModel() throws Exception {
    artifact = TestModels.write(tmp.resolve("model"));
  }

  /** Whether this run's operators step on a kernel thread of their own. */
  boolean overlapSteps() {
    return false;
  }

  ForecastOperatorConfig config(int batch) {
    return ForecastOperatorConfig.builder(artifact.directory().toString())
        .setBatch(batch, Duration.ofMillis(50))
        .setOverlapSteps(overlapSteps())
        .build();
  }

  /**
   * Lets a batch stepping on the kernel thread complete: runs the mails of the harness's mailbox
   * (which the harness never runs by itself) until none is in flight, for at most 10 s.
   */
  static void settle(AbstractStreamOperatorTestHarness<Forecast> h) {
    LstmForecastOperator op = (LstmForecastOperator) h.getOperator();
    await("no batch stepping any more")
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .pollInSameThread() // mails run on the operator's (this) thread
        .until(
            () -> {
              Optional<Mail> mail;
              while (op.stepping()
                  && (mail = h.getTaskMailbox().tryTake(TaskMailbox.MIN_PRIORITY)).isPresent()) {
                mail.get().run();
              }
              return !op.stepping();
            });
  }

  static KeyedTwoInputStreamOperatorTestHarness<
          String, ObservationEvent, ModelUpdateEvent, Forecast>
      harness(ForecastOperatorConfig config) throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new LstmForecastOperator(config), new EventKey(), u -> "model-updates", Types.STRING);
  }

  /** The forecasts of {@code events} sent through a fresh operator to the end of input. */
  static List<Forecast> runToEnd(ForecastOperatorConfig config, List<ObservationEvent> events)
      throws Exception {
    try (var h = harness(config)) {
      h.open();
      for (ObservationEvent e : events) {
        h.processElement1(record(e));
      }
      h.endInput1();
      return h.extractOutputValues();
    }
  }

  /** 40 keys × 15 days, interleaved at random but in order per key. */
  static List<ObservationEvent> stream(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<List<ObservationEvent>> perKey = new ArrayList<>();
    for (int k = 0; k < 40; k++) {
      List<ObservationEvent> events = new ArrayList<>();
      for (int d = 0; d < 15; d++) {
        events.add(event("key-" + k, d, (float) (10 + 4 * r.nextGaussian()), k * 100L + d));
      }
      perKey.add(events);
    }
    List<ObservationEvent> out = new ArrayList<>();
    while (!perKey.isEmpty()) {
      int k = r.nextInt(perKey.size());
      out.add(perKey.get(k).remove(0));
      if (perKey.get(k).isEmpty()) {
        perKey.remove(k);
      }
    }
    return out;
  }

  @Test
  void emitsOneForecastPerEventEqualToSteppingEachKeyOffline() throws Exception {
    List<ObservationEvent> events = stream(1);
    try (var h = harness(config(16))) {
      h.open();
      for (ObservationEvent e : events) {
        h.processElement1(new StreamRecord<>(e, e.eventTime()));
      }
      h.endInput1();
      List<Forecast> out = h.extractOutputValues();
      assertThat(out).hasSize(events.size());
      double err = maxErrorAgainstOffline(events, out);
      System.out.printf("%d forecasts vs offline stepping: max |err| %.2e%n", out.size(), err);
      assertThat(err).isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @Test
  void eventsOfOneKeyInOneBatchAreAppliedInOrder() throws Exception {
    List<ObservationEvent> events = new ArrayList<>();
    for (int d = 0; d < 6; d++) {
      events.add(event("solo", d, 10 + d, d));
      events.add(event("other", d, 5 - d, 100 + d));
    }
    try (var h = harness(config(64))) {
      h.open();
      for (ObservationEvent e : events) {
        h.processElement1(new StreamRecord<>(e, e.eventTime()));
      }
      assertThat(h.extractOutputValues()).as("nothing is stepped before a flush").isEmpty();
      h.endInput1();
      List<Forecast> out = h.extractOutputValues();
      assertThat(out.stream().filter(f -> f.getKey().equals("solo")).map(Forecast::getSteps))
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(maxErrorAgainstOffline(events, out)).isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @Test
  void bufferedEventsAreSteppedBeforeTheSnapshot() throws Exception {
    List<ObservationEvent> events = stream(2).subList(0, 30);
    try (var h = harness(config(1000))) {
      h.open();
      for (ObservationEvent e : events) {
        h.processElement1(new StreamRecord<>(e, e.eventTime()));
      }
      assertThat(h.extractOutputValues()).isEmpty();
      h.prepareSnapshotPreBarrier(1);
      h.snapshot(1, 1);
      assertThat(h.extractOutputValues()).hasSize(30);
    }
  }

  @Test
  void snapshotThenRestoreInANewOperatorContinuesEveryKeyExactly() throws Exception {
    checkSnapshotRestore(false);
  }

  @Test
  void snapshotThenRestoreContinuesExactlyOnRocksDb() throws Exception {
    checkSnapshotRestore(true);
  }

  private void checkSnapshotRestore(boolean rocksDb) throws Exception {
    List<ObservationEvent> events = stream(3);
    int cut = events.size() / 2;
    List<Forecast> out = new ArrayList<>();
    OperatorSubtaskState snapshot;
    try (var h = harness(config(7))) {
      if (rocksDb) {
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
      }
      h.open();
      for (ObservationEvent e : events.subList(0, cut)) {
        h.processElement1(new StreamRecord<>(e, e.eventTime()));
      }
      h.prepareSnapshotPreBarrier(1);
      snapshot = h.snapshot(1, 1);
      out.addAll(h.extractOutputValues());
    }
    try (var h = harness(config(7))) {
      if (rocksDb) {
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
      }
      h.initializeState(snapshot);
      h.open();
      for (ObservationEvent e : events.subList(cut, events.size())) {
        h.processElement1(new StreamRecord<>(e, e.eventTime()));
      }
      h.endInput1();
      out.addAll(h.extractOutputValues());
    }
    assertThat(out).hasSize(events.size());
    double err = maxErrorAgainstOffline(events, out);
    System.out.printf(
        "snapshot/restore (%s): %d forecasts, max |err| vs uninterrupted offline %.2e%n",
        rocksDb ? "RocksDB" : "heap", out.size(), err);
    assertThat(err).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void duplicatesAndOutOfOrderEventsAreNotAppliedInArrivalMode() throws Exception {
    ObservationEvent duplicate = event("a", 5, 11, 2); // the same time as the first: duplicate
    ObservationEvent late = event("a", 3, 12, 3); // earlier: late
    try (var h = harness(config(4))) {
      h.open();
      h.processElement1(record(event("a", 5, 10, 1)));
      h.processElement1(record(duplicate));
      h.processElement1(record(late));
      h.processElement1(record(event("a", 6, 13, 4)));
      h.endInput1();
      assertThat(h.extractOutputValues()).extracting(Forecast::getSteps).containsExactly(1L, 2L);
      assertThat(values(h.getSideOutput(LstmForecastOperator.REFUSED)))
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getKind()).isEqualTo(ErrorKind.DUPLICATE_EVENT);
                assertThat(bytes(d.getPayload()))
                    .as("the bytes as they arrived")
                    .isEqualTo(duplicate.payload);
              });
      assertThat(values(h.getSideOutput(LstmForecastOperator.LATE_EVENTS)))
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getOffset()).isEqualTo(3);
                assertThat(d.getMessage()).contains("before the key's last applied event");
                assertThat(bytes(d.getPayload())).isEqualTo(late.payload);
              });
    }
  }

  @Test
  void eventTimeModeAppliesEventsInEventTimeOrderOnceTheWatermarkPasses() throws Exception {
    ForecastOperatorConfig c =
        config(8).toBuilder().setOrdering(Ordering.EVENT_TIME, Duration.ofDays(1)).build();
    List<ObservationEvent> inOrder =
        List.of(event("k", 1, 1, 1), event("k", 2, 2, 2), event("k", 3, 3, 3), event("k", 4, 4, 4));
    try (var h = harness(c)) {
      h.open();
      h.processElement1(record(inOrder.get(2)));
      h.processElement1(record(inOrder.get(0)));
      h.processElement1(record(inOrder.get(3)));
      h.processElement1(record(inOrder.get(1)));
      h.processElement1(record(event("k", 2, 9, 5))); // duplicate of a pending event
      assertThat(h.extractOutputValues()).isEmpty();
      h.processWatermark1(new Watermark(TestModels.START + 3 * TestModels.DAY));
      assertThat(h.extractOutputValues())
          .extracting(Forecast::getEventTime)
          .containsExactly(day(1), day(2), day(3));
      h.processElement1(record(event("k", 1, 7, 6))); // behind the watermark by 2 days > lateness
      h.processWatermark1(new Watermark(Long.MAX_VALUE));
      h.endInput1();
      List<Forecast> out = h.extractOutputValues();
      assertThat(out)
          .extracting(Forecast::getEventTime)
          .containsExactly(day(1), day(2), day(3), day(4));
      assertThat(maxErrorAgainstOffline(inOrder, out)).isLessThanOrEqualTo(TOLERANCE);
      assertThat(kinds(h.getSideOutput(LstmForecastOperator.REFUSED)))
          .containsExactly(ErrorKind.DUPLICATE_EVENT);
      assertThat(values(h.getSideOutput(LstmForecastOperator.LATE_EVENTS)))
          .singleElement()
          .satisfies(d -> assertThat(d.getMessage()).contains("behind the watermark"));
    }
  }

  @Test
  void theFlushTimerStepsAPartialBatch() throws Exception {
    try (var h = harness(config(100))) {
      h.open();
      h.setProcessingTime(1_000);
      h.processElement1(record(event("a", 1, 1, 1)));
      h.processElement1(record(event("b", 1, 2, 2)));
      h.setProcessingTime(1_049);
      assertThat(h.extractOutputValues()).isEmpty();
      h.setProcessingTime(1_050);
      settle(h);
      assertThat(h.extractOutputValues()).hasSize(2);
    }
  }

  @Test
  void expiredKeysLeaveNoState() throws Exception {
    ForecastOperatorConfig c = config(2).toBuilder().optStateTtl(Duration.ofSeconds(10)).build();
    OperatorSubtaskState snapshot;
    try (var h = harness(c)) {
      h.open();
      h.setStateTtlProcessingTime(0);
      h.processElement1(record(event("idle", 1, 1, 1)));
      h.processElement1(record(event("busy", 1, 1, 2)));
      settle(h); // the full batch's states are written (with TTL: not in place) at time 0
      h.setStateTtlProcessingTime(8_000);
      h.processElement1(record(event("busy", 2, 1, 3)));
      h.endInput1();
      assertThat(h.numKeyedStateEntries()).isEqualTo(2);
      h.setStateTtlProcessingTime(12_000);
      h.prepareSnapshotPreBarrier(1);
      snapshot = h.snapshot(1, 1);
    }
    try (var h = harness(c)) {
      h.initializeState(snapshot);
      h.open();
      System.out.printf(
          "keyed state entries after the idle key expired: %d%n", h.numKeyedStateEntries());
      assertThat(h.numKeyedStateEntries()).isEqualTo(1);
      LstmForecastOperator op = (LstmForecastOperator) h.getOperator();
      h.setStateTtlProcessingTime(12_000);
      assertThat(op.stateOf("idle")).isNull();
      assertThat(op.stateOf("busy").steps).isEqualTo(2);
    }
  }

  @Test
  void anObservationTheModelCannotEncodeIsADeadLetter() throws Exception {
    ObservationEvent noTarget = event("a", 1, 1, 9);
    noTarget.observation.setTarget(null);
    try (var h = harness(config(4))) {
      h.open();
      h.processElement1(record(noTarget));
      h.endInput1();
      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(values(h.getSideOutput(LstmForecastOperator.REFUSED)))
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getKind()).isEqualTo(ErrorKind.WRONG_FEATURE_COUNT);
                assertThat(d.getOffset()).isEqualTo(9);
                assertThat(bytes(d.getPayload())).isEqualTo(noTarget.payload);
              });
    }
  }

  private static byte[] bytes(java.nio.ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private double maxErrorAgainstOffline(List<ObservationEvent> events, List<Forecast> out)
      throws Exception {
    return maxErrorAgainstOffline(artifact, events, out);
  }

  static double maxErrorAgainstOfflineOf(
      LstmForecastOperatorTest test, List<ObservationEvent> events, List<Forecast> out)
      throws Exception {
    return test.maxErrorAgainstOffline(events, out);
  }

  /**
   * The largest difference between the forecasts and stepping each key's events offline, in order;
   * fails on a forecast for an event that was not sent.
   */
  static double maxErrorAgainstOffline(
      ModelArtifact artifact, List<ObservationEvent> events, List<Forecast> out) throws Exception {
    TestModels.Offline offline = new TestModels.Offline(artifact);
    Map<String, float[]> expected = new HashMap<>();
    for (ObservationEvent e : events) {
      expected.put(e.key() + "@" + e.eventTime(), offline.step(e.observation));
    }
    double max = 0;
    for (Forecast f : out) {
      float[] want = expected.get(f.getKey() + "@" + f.getEventTime());
      assertThat(want).as("forecast for an unknown event").isNotNull();
      for (int j = 0; j < want.length; j++) {
        max = Math.max(max, Math.abs(want[j] - f.getValues().get(j)));
      }
    }
    return max;
  }

  private static long day(int d) {
    return TestModels.START + d * TestModels.DAY;
  }

  static StreamRecord<ObservationEvent> record(ObservationEvent e) {
    return new StreamRecord<>(e, e.eventTime());
  }

  static <T> List<T> values(java.util.Collection<StreamRecord<T>> records) {
    List<T> out = new ArrayList<>();
    if (records != null) {
      records.forEach(r -> out.add(r.getValue()));
    }
    return out;
  }

  private static List<ErrorKind> kinds(java.util.Collection<StreamRecord<DeadLetter>> records) {
    return values(records).stream().map(DeadLetter::getKind).toList();
  }
}
