package io.statecast.wire;

import static io.statecast.wire.DecodedAssertions.assertFailed;
import static io.statecast.wire.DecodedAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaEvolutionTest {

  private static GenericRecord observation(Schema schema) {
    GenericRecordBuilder builder =
        new GenericRecordBuilder(schema)
            .set("key", "station-7")
            .set("features", floats(schema, 1f, 2f));
    if (schema.getField("eventTime").schema().getType() == Schema.Type.STRING) {
      return builder.set("eventTime", "2024-03-01T12:00:00Z").build();
    }
    return builder.set("eventTime", 1_700_000_000_000L).build();
  }

  private static GenericData.Array<Float> floats(Schema record, Float... values) {
    return new GenericData.Array<>(record.getField("features").schema(), List.of(values));
  }

  @Test
  void newReaderReadsOldWriterWithDefaultsForFieldsTheWriterLacked() {
    byte[] fromOldProducer =
        WireCodec.forGeneric(EvolvedSchemas.OBSERVATION_V0)
            .encode(observation(EvolvedSchemas.OBSERVATION_V0));

    Observation read =
        assertOk(
            WireCodec.observations()
                .withWriterSchemas(List.of(EvolvedSchemas.OBSERVATION_V0))
                .decode(fromOldProducer));

    assertThat(read.getKey()).isEqualTo("station-7");
    assertThat(read.getEventTime()).isEqualTo(1_700_000_000_000L);
    assertThat(read.getFeatures()).containsExactly(1f, 2f);
    assertThat(read.getNamed()).isEqualTo(Map.of());
    assertThat(read.getTarget()).isNull();
  }

  @Test
  void oldReaderReadsNewWriterOnceTheNewSchemaIsRegistered() {
    GenericRecord v2 = observation(EvolvedSchemas.OBSERVATION_V2);
    v2.put("target", 4.5f);
    v2.put("quality", 0.9f);
    byte[] fromNewProducer = WireCodec.forGeneric(EvolvedSchemas.OBSERVATION_V2).encode(v2);

    Observation read =
        assertOk(
            WireCodec.observations()
                .withWriterSchemas(List.of(EvolvedSchemas.OBSERVATION_V2))
                .decode(fromNewProducer));

    assertThat(read.getKey()).isEqualTo("station-7");
    assertThat(read.getTarget()).isEqualTo(4.5f);
    assertThat(read.getFeatures()).containsExactly(1f, 2f);
  }

  @Test
  void oldReaderRefusesNewWriterAsUnknownSchemaUntilRegistered() {
    byte[] fromNewProducer =
        WireCodec.forGeneric(EvolvedSchemas.OBSERVATION_V2)
            .encode(observation(EvolvedSchemas.OBSERVATION_V2));
    String fingerprint = SingleObject.hex(SingleObject.fingerprint(EvolvedSchemas.OBSERVATION_V2));

    assertFailed(
        WireCodec.observations().decode(fromNewProducer),
        ErrorKind.UNKNOWN_SCHEMA,
        "unknown writer schema",
        fingerprint,
        "io.statecast.avro.Observation");
  }

  @Test
  void typeChangeOfAFieldIsIncompatibleAndTheReasonNamesTheField() {
    byte[] withStringTime =
        WireCodec.forGeneric(EvolvedSchemas.OBSERVATION_STRING_EVENT_TIME)
            .encode(observation(EvolvedSchemas.OBSERVATION_STRING_EVENT_TIME));

    assertFailed(
        WireCodec.observations()
            .withWriterSchemas(List.of(EvolvedSchemas.OBSERVATION_STRING_EVENT_TIME))
            .decode(withStringTime),
        ErrorKind.INCOMPATIBLE_SCHEMA,
        "TYPE_MISMATCH",
        "field eventTime",
        "LONG",
        "STRING");
  }

  @Test
  void readerRequiringAFieldWithoutDefaultCannotReadWritersThatLackIt() {
    byte[] current = WireCodec.observations().encode(WireCodecRoundTripTest.fullObservation());

    assertFailed(
        WireCodec.forGeneric(EvolvedSchemas.OBSERVATION_REQUIRING_UNIT)
            .withWriterSchemas(List.of(Observation.getClassSchema()))
            .decode(current),
        ErrorKind.INCOMPATIBLE_SCHEMA,
        "READER_FIELD_MISSING_DEFAULT_VALUE",
        "field unit");
  }

  @Test
  void errorKindUnknownToAnOldReaderReadsAsOther() {
    GenericRecord deadLetter =
        new GenericRecordBuilder(EvolvedSchemas.DEAD_LETTER_V2)
            .set("topic", "observations")
            .set("partition", 0)
            .set("offset", 17L)
            .set("recordTimestamp", 1L)
            .set(
                "kind",
                new GenericData.EnumSymbol(
                    EvolvedSchemas.DEAD_LETTER_V2.getField("kind").schema(), "RATE_LIMITED"))
            .set("message", "producer over its quota")
            .set("failedAt", 2L)
            .build();
    byte[] fromNewProducer = WireCodec.forGeneric(EvolvedSchemas.DEAD_LETTER_V2).encode(deadLetter);

    DeadLetter read =
        assertOk(
            WireCodec.deadLetters()
                .withWriterSchemas(List.of(EvolvedSchemas.DEAD_LETTER_V2))
                .decode(fromNewProducer));

    assertThat(read.getKind()).isEqualTo(ErrorKind.OTHER);
    assertThat(read.getMessage()).isEqualTo("producer over its quota");
  }

  @Test
  void aReleaseBeforeNonFiniteStateReadsItsDeadLettersAsOther() {
    Schema previous =
        EvolvedSchemas.deadLetterWith(EvolvedSchemas.ERROR_KIND_BEFORE_NON_FINITE_STATE);
    DeadLetter current =
        DeadLetter.newBuilder()
            .setTopic("observations")
            .setPartition(0)
            .setOffset(3L)
            .setRecordTimestamp(1L)
            .setKind(ErrorKind.NON_FINITE_STATE)
            .setMessage("state of key 'k' not finite")
            .setFailedAt(2L)
            .build();

    assertThat(
            org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility(
                    previous, DeadLetter.getClassSchema())
                .getType())
        .isEqualTo(org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    GenericRecord read =
        assertOk(
            WireCodec.forGeneric(previous)
                .withWriterSchemas(List.of(DeadLetter.getClassSchema()))
                .decode(WireCodec.deadLetters().encode(current)));
    assertThat(read.get("kind").toString()).isEqualTo("OTHER");
    assertThat(read.get("offset")).isEqualTo(3L);
  }

  @Test
  void writerSchemasComeFromADirectoryWhoseFilesReferToEachOther(@TempDir Path release)
      throws Exception {
    // DeadLetter.avsc sorts before the ErrorKind.avsc it refers to.
    Files.writeString(
        release.resolve("DeadLetter.avsc"),
        EvolvedSchemas.DEAD_LETTER_REFERRING_TO_ERROR_KIND,
        StandardCharsets.UTF_8);
    Files.writeString(
        release.resolve("ErrorKind.avsc"), EvolvedSchemas.ERROR_KIND_V2, StandardCharsets.UTF_8);
    Files.writeString(release.resolve("notes.txt"), "not a schema", StandardCharsets.UTF_8);
    byte[] fromNewProducer =
        WireCodec.forGeneric(EvolvedSchemas.DEAD_LETTER_V2)
            .encode(
                new GenericRecordBuilder(EvolvedSchemas.DEAD_LETTER_V2)
                    .set("topic", "t")
                    .set("partition", 1)
                    .set("offset", 2L)
                    .set("recordTimestamp", 3L)
                    .set(
                        "kind",
                        new GenericData.EnumSymbol(
                            EvolvedSchemas.DEAD_LETTER_V2.getField("kind").schema(), "MISSING_KEY"))
                    .set("message", "no key")
                    .set("failedAt", 4L)
                    .build());

    DeadLetter read =
        assertOk(WireCodec.deadLetters().withWriterSchemasFrom(release).decode(fromNewProducer));

    assertThat(read.getKind()).isEqualTo(ErrorKind.MISSING_KEY);
  }

  @Test
  void directoryWithoutTheReadersSchemaIsAConfigurationError(@TempDir Path release)
      throws Exception {
    Files.writeString(
        release.resolve("ErrorKind.avsc"), EvolvedSchemas.ERROR_KIND_V2, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> WireCodec.observations().withWriterSchemasFrom(release))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("io.statecast.avro.Observation");
  }

  @Test
  void registeringMoreWritersKeepsTheEarlierOnes() {
    WireCodec<Observation> codec =
        WireCodec.observations()
            .withWriterSchemas(List.of(EvolvedSchemas.OBSERVATION_V0))
            .withWriterSchemas(List.of(EvolvedSchemas.OBSERVATION_V2));

    for (Schema writer : List.of(EvolvedSchemas.OBSERVATION_V0, EvolvedSchemas.OBSERVATION_V2)) {
      byte[] bytes = WireCodec.forGeneric(writer).encode(observation(writer));
      assertThat(assertOk(codec.decode(bytes)).getKey()).isEqualTo("station-7");
    }
  }
}
