package io.statecast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.avro.Observation;
import io.statecast.wire.WireCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The replay loop and the sender on a mock producer: skipped lines counted by reason, strict mode,
 * the limit, record keys and timestamps, send failures counted and failing the exit code.
 */
class ProduceReplayTest {

  private static final String CSV =
      "key,date,value\n"
          + "a,2024-01-01,1\n"
          + "a,2024-01-02\n"
          + "b,2024-01-01,2\n"
          + "b,someday,3\n"
          + "c,2024-01-01,x\n"
          + "c,2024-01-02,4\n";

  private final ProduceSummary summary = new ProduceSummary();
  private final List<InputLine> printed = new ArrayList<>();

  private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private void replay(
      MockProducer<byte[], byte[]> producer,
      ObservationSender.Timestamp ts,
      long limit,
      boolean strict)
      throws Exception {
    RecordFileReader reader =
        RecordFileReader.open(
            new BufferedReader(new StringReader(CSV)),
            "test.csv",
            InputFormat.CSV,
            CsvColumns.DEFAULT,
            ZoneOffset.UTC);
    ObservationSender sender =
        new ObservationSender(producer, WireCodec.observations(), "obs", ts, summary);
    new Replay(
            reader,
            sender,
            Pacer.perSecond(Double.POSITIVE_INFINITY),
            summary,
            limit,
            strict,
            printed::add)
        .run();
  }

  private static Observation decode(ProducerRecord<byte[], byte[]> r) {
    return WireCodec.observations().decode(r.value()).value();
  }

  @Test
  void sendsTheGoodLinesAndCountsTheBadOnesByReason() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true);
    replay(producer, ObservationSender.Timestamp.NOW, Long.MAX_VALUE, false);
    List<ProducerRecord<byte[], byte[]>> sent = producer.history();
    assertThat(sent)
        .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .containsExactly("a", "b", "c");
    assertThat(sent).extracting(r -> decode(r).getTarget()).containsExactly(1f, 2f, 4f);
    assertThat(sent).allSatisfy(r -> assertThat(r.topic()).isEqualTo("obs"));
    // "now": the producer stamps the record when it is sent
    assertThat(sent).allSatisfy(r -> assertThat(r.timestamp()).isNull());
    assertThat(summary.records()).isEqualTo(3);
    assertThat(summary.acknowledgedCount()).isEqualTo(3);
    assertThat(summary.skippedFor(SkipReason.COLUMNS)).isEqualTo(1);
    assertThat(summary.skippedFor(SkipReason.TIME)).isEqualTo(1);
    assertThat(summary.skippedFor(SkipReason.NUMBER)).isEqualTo(1);
    assertThat(printed).extracting(InputLine::number).containsExactly(3L, 5L, 6L);
    assertThat(summary.exitCode()).isZero();
    assertThat(String.join("\n", summary.report("obs")))
        .contains("lines read: 7")
        .contains("records acknowledged: 3")
        .contains("lines skipped: 3 (columns 1, time 1, number 1)")
        .contains("send failures: 0");
  }

  @Test
  void strictStopsAtTheFirstBadLineWithExitCodeOne() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true);
    replay(producer, ObservationSender.Timestamp.NOW, Long.MAX_VALUE, true);
    assertThat(producer.history()).hasSize(1);
    assertThat(summary.stoppedAt().number()).isEqualTo(3);
    assertThat(summary.exitCode()).isEqualTo(1);
    assertThat(String.join("\n", summary.report("obs"))).contains("stopped at line 3 (--strict)");
  }

  @Test
  void theLimitCountsRecordsAndEventTimestampsAreTheEventTimes() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true);
    replay(producer, ObservationSender.Timestamp.EVENT, 2, false);
    assertThat(producer.history()).hasSize(2);
    assertThat(producer.history())
        .allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(decode(r).getEventTime()));
    assertThat(summary.exitCode()).isZero();
  }

  @Test
  void aFailedSendIsCountedReportedAndFailsTheRun() throws IOException {
    MockProducer<byte[], byte[]> producer = producer(false);
    ObservationSender sender =
        new ObservationSender(
            producer, WireCodec.observations(), "obs", ObservationSender.Timestamp.NOW, summary);
    for (int i = 0; i < 3; i++) {
      summary.recordRead();
      sender.send(Observation.newBuilder().setKey("k").setEventTime(i).setTarget(1f).build());
    }
    assertThat(producer.errorNext(new RecordTooLargeException("too large"))).isTrue();
    sender.flush();
    assertThat(summary.sentCount()).isEqualTo(3);
    assertThat(summary.acknowledgedCount()).isEqualTo(2);
    assertThat(summary.failedCount()).isEqualTo(1);
    assertThat(summary.exitCode()).isEqualTo(1);
    assertThat(String.join("\n", summary.report("obs")))
        .contains("send failures: 1")
        .contains("RecordTooLargeException: too large");
  }
}
