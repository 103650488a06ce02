package io.statecast.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.avro.ErrorKind;
import io.statecast.features.ValidationRules;
import io.statecast.testing.BadInputs;
import io.statecast.testing.TestModels;
import io.statecast.wire.WireCodec;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ObservationDecoderTest {

  private static final long NOW = TestModels.START + 365 * TestModels.DAY;
  private static final SourcePosition AT = new SourcePosition("observations", 3, 42L, 1234L);
  private final ObservationDecoder decoder =
      new ObservationDecoder(ValidationRules.DEFAULTS, 0, 1 << 20);

  static java.util.List<BadInputs.Bad> bad() {
    return BadInputs.beforeTheOperator();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void everyBadInputBecomesADeadLetterWithItsBytesAndPosition(BadInputs.Bad b) throws Exception {
    DecodedRecord r = decoder.decode(b.key(), b.value(), AT, NOW);
    assertThat(r.isValid()).isFalse();
    assertThat(r.deadLetter.getKind()).isEqualTo(b.expected());
    assertThat(r.deadLetter.getPayload()).isEqualTo(ByteBuffer.wrap(b.value()));
    assertThat(r.deadLetter.getRecordKey()).isEqualTo(ByteBuffer.wrap(b.key()));
    assertThat(r.deadLetter.getPartition()).isEqualTo(3);
    assertThat(r.deadLetter.getOffset()).isEqualTo(42L);
    assertThat(r.deadLetter.getMessage()).isNotBlank();
    assertThat(r.eventTimeOrMin()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void aValidObservationKeepsItsSourcePositionAndIngestTime() throws Exception {
    byte[] value = WireCodec.observations().encode(TestModels.observation("a", 2, 5f));
    DecodedRecord r = decoder.decode(null, value, AT, NOW);
    assertThat(r.isValid()).isTrue();
    assertThat(r.event.ingestTime).isEqualTo(1234L);
    assertThat(r.event.offset).isEqualTo(42L);
    assertThat(r.eventTimeOrMin()).isEqualTo(TestModels.START + 2 * TestModels.DAY);
  }

  @Test
  void aRefusedEventsDeadLetterCarriesItsBytesAsTheyArrived() throws Exception {
    byte[] value = WireCodec.observations().encode(TestModels.observation("a", 2, 5f));
    ObservationEvent e = decoder.decode(null, value, AT, NOW).event;
    assertThat(e.payload).isEqualTo(value);
    e.payload = new byte[] {1, 2, 3}; // bytes that no re-encoding of the observation gives
    assertThat(ObservationDecoder.deadLetterFor(e, ErrorKind.LATE_EVENT, "late", NOW).getPayload())
        .isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));

    // an event restored from a savepoint that did not keep them: its observation re-encoded
    e.payload = null;
    assertThat(ObservationDecoder.deadLetterFor(e, ErrorKind.LATE_EVENT, "late", NOW).getPayload())
        .isEqualTo(ByteBuffer.wrap(value));
  }

  @Test
  void tombstonesAndOversizedRecordsAreDeadLetters() throws Exception {
    assertThat(decoder.decode(null, null, AT, NOW).deadLetter.getKind())
        .isEqualTo(ErrorKind.UNDECODABLE);
    ObservationDecoder small = new ObservationDecoder(ValidationRules.DEFAULTS, 0, 100);
    DecodedRecord r = small.decode(null, new byte[101], AT, NOW);
    assertThat(r.deadLetter.getMessage()).contains("101 bytes, more than the limit of 100");
  }

  @Test
  void aTenMegabyteKeyIsAnOversizedKeyWhoseDeadLetterStaysSmall() throws Exception {
    byte[] huge = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) 'k');
    io.statecast.avro.Observation o = TestModels.observation("k", 1, 1f);
    o.setKey(new String(huge, java.nio.charset.StandardCharsets.UTF_8));
    byte[] value = WireCodec.observations().encode(o);
    DecodedRecord r =
        new ObservationDecoder(ValidationRules.DEFAULTS, 0, 64 << 20).decode(huge, value, AT, NOW);
    assertThat(r.deadLetter.getKind()).isEqualTo(ErrorKind.OVERSIZED_KEY);
    assertThat(r.deadLetter.getRecordKey().remaining())
        .isEqualTo(ObservationDecoder.MAX_DEAD_LETTER_BYTES);
    assertThat(r.deadLetter.getPayload().remaining())
        .isEqualTo(ObservationDecoder.MAX_DEAD_LETTER_BYTES);
    assertThat(r.deadLetter.getMessage())
        .contains(
            "10485760 bytes, more than the limit of 256",
            "payload cut to its first",
            "record key cut");
    assertThat(WireCodec.deadLetters().encode(r.deadLetter).length).isLessThan(1 << 20);
  }
}
