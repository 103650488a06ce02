package io.statecast.wire;

import static io.statecast.wire.DecodedAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;

class WireCodecRoundTripTest {

  static Observation fullObservation() {
    return Observation.newBuilder()
        .setKey("station-7")
        .setEventTime(1_700_000_000_123L)
        .setFeatures(List.of(1.5f, -2.25f, 0f, Float.NaN, Float.POSITIVE_INFINITY))
        .setNamed(Map.of("temperature", 21.5f, "humidity", 0.43f))
        .setTarget(3.25f)
        .build();
  }

  static Forecast fullForecast() {
    return Forecast.newBuilder()
        .setKey("station-7")
        .setEventTime(1_700_000_000_123L)
        .setValues(List.of(3.5f, 3.75f, 4f))
        .setModelId("lstm-temperature")
        .setModelVersion(12)
        .setSteps(4_000_000_000L)
        .setTarget(3.25f)
        .setObservedAt(1_700_000_000_200L)
        .setEmittedAt(1_700_000_000_201L)
        .build();
  }

  static DeadLetter fullDeadLetter() {
    return DeadLetter.newBuilder()
        .setPayload(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 0, -1, 42}))
        .setRecordKey(ByteBuffer.wrap("station-7".getBytes(StandardCharsets.UTF_8)))
        .setTopic("observations")
        .setPartition(3)
        .setOffset(1L << 40)
        .setRecordTimestamp(1_700_000_000_200L)
        .setKind(ErrorKind.NON_FINITE_VALUE)
        .setMessage("feature 3 is NaN")
        .setFailedAt(1_700_000_000_300L)
        .build();
  }

  static ModelUpdate fullModelUpdate() {
    return ModelUpdate.newBuilder()
        .setModelId("lstm-temperature")
        .setVersion(13)
        .setArtifactUri("file:///models/lstm-temperature/13")
        .setManifestSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        .setPolicy(StatePolicy.REWARM)
        .setPublishedAt(1_700_000_001_000L)
        .setNote("retrained on March data")
        .build();
  }

  private static <T> void assertRoundTrips(WireCodec<T> codec, T record) {
    assertThat(assertOk(codec.decode(codec.encode(record)))).isEqualTo(record);
  }

  @Test
  void observationWithEveryFieldSetRoundTrips() {
    assertRoundTrips(WireCodec.observations(), fullObservation());
  }

  @Test
  void observationWithNullsAndEmptyCollectionsRoundTrips() {
    Observation sparse =
        Observation.newBuilder()
            .setKey(null)
            .setEventTime(-1L)
            .setFeatures(List.of())
            .setNamed(Map.of())
            .setTarget(null)
            .build();
    assertRoundTrips(WireCodec.observations(), sparse);
  }

  @Test
  void forecastRoundTripsWithAndWithoutTarget() {
    assertRoundTrips(WireCodec.forecasts(), fullForecast());
    assertRoundTrips(
        WireCodec.forecasts(), Forecast.newBuilder(fullForecast()).setTarget(null).build());
  }

  @Test
  void deadLetterRoundTripsWithAndWithoutPayloadAndKey() {
    assertRoundTrips(WireCodec.deadLetters(), fullDeadLetter());
    DeadLetter noValue =
        DeadLetter.newBuilder(fullDeadLetter()).setPayload(null).setRecordKey(null).build();
    assertRoundTrips(WireCodec.deadLetters(), noValue);
  }

  @Test
  void modelUpdateRoundTripsForEveryPolicyWithAndWithoutNote() {
    for (StatePolicy policy : StatePolicy.values()) {
      ModelUpdate update = ModelUpdate.newBuilder(fullModelUpdate()).setPolicy(policy).build();
      assertRoundTrips(WireCodec.modelUpdates(), update);
      assertRoundTrips(
          WireCodec.modelUpdates(), ModelUpdate.newBuilder(update).setNote(null).build());
    }
  }

  /**
   * The codec encodes with the generated classes' custom coders; the bytes must be those of Avro's
   * reflective writer (the generated class's own encoder, which does not use them).
   */
  @Test
  void customCodersWriteTheBytesOfAvrosGenericWriter() throws Exception {
    Observation sparse =
        Observation.newBuilder(fullObservation()).setTarget(null).setNamed(Map.of()).build();
    assertSameBytes(WireCodec.observations(), fullObservation(), fullObservation().toByteBuffer());
    assertSameBytes(WireCodec.observations(), sparse, sparse.toByteBuffer());
    assertSameBytes(WireCodec.forecasts(), fullForecast(), fullForecast().toByteBuffer());
    DeadLetter noKey = DeadLetter.newBuilder(fullDeadLetter()).setRecordKey(null).build();
    assertSameBytes(WireCodec.deadLetters(), noKey, noKey.toByteBuffer());
    assertSameBytes(WireCodec.modelUpdates(), fullModelUpdate(), fullModelUpdate().toByteBuffer());
  }

  /**
   * The codec reuses its buffer and encoder per thread: a message written after a record that broke
   * its schema (and left half a body in the buffer) and after a longer message is still exactly
   * Avro's.
   */
  @Test
  void reusedBuffersWriteEachMessageWhole() throws Exception {
    WireCodec<Observation> codec = WireCodec.observations();
    Observation broken = fullObservation();
    broken.setFeatures(null);
    Observation longer =
        Observation.newBuilder(fullObservation())
            .setKey("k".repeat(5_000)) // more than the encoder's 2 KiB buffer
            .build();
    Observation sparse =
        Observation.newBuilder(fullObservation()).setTarget(null).setNamed(Map.of()).build();

    assertSameBytes(codec, longer, longer.toByteBuffer());
    assertThatThrownBy(() -> codec.encode(broken)).isInstanceOf(IllegalArgumentException.class);
    assertSameBytes(codec, sparse, sparse.toByteBuffer());
    assertSameBytes(codec, fullObservation(), fullObservation().toByteBuffer());
  }

  private static <T> void assertSameBytes(WireCodec<T> codec, T record, ByteBuffer generic) {
    byte[] expected = new byte[generic.remaining()];
    generic.get(expected);
    assertThat(codec.encode(record)).isEqualTo(expected);
  }

  @Test
  void messageStartsWithMagicAndWriterFingerprint() throws Exception {
    WireCodec<Observation> codec = WireCodec.observations();
    byte[] bytes = codec.encode(fullObservation());
    byte[] fingerprint =
        SchemaNormalization.parsingFingerprint("CRC-64-AVRO", Observation.getClassSchema());
    assertThat(Arrays.copyOfRange(bytes, 0, 2)).containsExactly(0xC3, 0x01);
    assertThat(Arrays.copyOfRange(bytes, 2, 10)).containsExactly(fingerprint);
  }

  @Test
  void genericCodecOfTheSourceSchemaAndGeneratedClassReadEachOther() throws Exception {
    Schema fromFile =
        SchemaFiles.namedSchemasIn(Path.of("src/main/avro")).stream()
            .filter(s -> s.getName().equals("Observation"))
            .findFirst()
            .orElseThrow();
    WireCodec<GenericRecord> generic = WireCodec.forGeneric(fromFile);
    GenericRecord record =
        new GenericRecordBuilder(fromFile)
            .set("key", "station-7")
            .set("eventTime", 5L)
            .set(
                "features",
                new GenericData.Array<>(fromFile.getField("features").schema(), List.of(1f)))
            .build();

    Observation read = assertOk(WireCodec.observations().decode(generic.encode(record)));
    assertThat(read.getKey()).isEqualTo("station-7");
    assertThat(read.getFeatures()).containsExactly(1f);

    GenericRecord back = assertOk(generic.decode(WireCodec.observations().encode(read)));
    assertThat(back.get("eventTime")).isEqualTo(5L);
    assertThat(back.get("named")).isEqualTo(Map.of());
  }

  @Test
  void encodingARecordThatBreaksItsSchemaThrowsIllegalArgument() {
    Observation broken = fullObservation();
    broken.setFeatures(null); // the builder would refuse; the setter does not
    assertThatThrownBy(() -> WireCodec.observations().encode(broken))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid Observation");
  }

  @Test
  void valueOfAFailureThrowsWithKindAndReason() {
    Decoded<Observation> failed = WireCodec.observations().decode(new byte[0]);
    assertThat(failed.isOk()).isFalse();
    assertThat(failed.toOptional()).isEmpty();
    assertThatThrownBy(failed::value)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("UNDECODABLE")
        .hasMessageContaining("empty");
  }

  @Test
  void okOffersItsValue() {
    Decoded<Observation> ok = Decoded.ok(fullObservation());
    assertThat(ok.isOk()).isTrue();
    assertThat(ok.toOptional()).contains(fullObservation());
  }
}
